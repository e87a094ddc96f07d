import { describe, it, expect } from 'vitest';
import type { LoadedTile, TileJob, TileLoaderDeps } from './tileLoader';
import { OFFLINE_STATUS, abortTileJob, startTileJob } from './tileLoader';

interface Outcome {
  finished?: { data: unknown; type: string };
  failed?: string;
}

/** A job, and deps whose image and probe answers the test decides. */
function harness(options: {
  image: 'ok' | 'error';
  probe?: () => Promise<Response>;
  placeholder?: boolean;
}) {
  const outcome: Outcome = {};
  const seen = { placeholders: [] as string[], failures: [] as string[], probes: 0, cancels: 0 };
  let settle: () => void = () => {};
  const settled = new Promise<void>((r) => (settle = r));
  const job: TileJob<string> = {
    src: '/tiles/S/0/1/2',
    crossOriginPolicy: 'Anonymous',
    tile: 'tile-0-1-2',
    userData: {},
    finish: (data, _r, type) => {
      outcome.finished = { data, type };
      settle();
    },
    fail: (message) => {
      outcome.failed = message;
      settle();
    },
  };
  let imageDone: ((tile: LoadedTile | null) => void) | null = null;
  const deps: TileLoaderDeps<string> = {
    loadTile: (_src, crossOrigin, done) => {
      expect(crossOrigin).toBe('Anonymous');
      imageDone = done;
      return { cancel: () => seen.cancels++ };
    },
    probe: () => {
      seen.probes++;
      return options.probe ? options.probe() : Promise.reject(new Error('no probe'));
    },
    placeholder: () =>
      options.placeholder === false
        ? null
        : ({ canvas: 'ph' } as unknown as CanvasRenderingContext2D),
    onPlaceholder: (tile) => seen.placeholders.push(tile ?? ''),
    onFailure: (tile) => seen.failures.push(tile ?? ''),
  };
  const run = () => {
    startTileJob(job, deps);
    imageDone!(
      options.image === 'ok'
        ? { data: { tag: 'img' } as unknown as HTMLImageElement, type: 'image' }
        : null,
    );
  };
  return { job, deps, outcome, seen, settled, run, imageDone: () => imageDone };
}

describe('tile loading', () => {
  it('uses the plain image path when the tile loads (no second request)', async () => {
    const h = harness({ image: 'ok' });
    h.run();
    await h.settled;
    expect(h.outcome.finished?.type).toBe('image');
    expect(h.seen.probes).toBe(0);
  });

  it('finishes a tile that is not available offline with a placeholder, not a failure', async () => {
    const h = harness({
      image: 'error',
      probe: () =>
        Promise.resolve(new Response('Not available offline: …', { status: OFFLINE_STATUS })),
    });
    h.run();
    await h.settled;
    expect(OFFLINE_STATUS).toBe(504);
    expect(h.outcome.failed).toBeUndefined();
    expect(h.outcome.finished).toEqual({ data: { canvas: 'ph' }, type: 'context2d' });
    expect(h.seen.placeholders).toEqual(['tile-0-1-2']);
    expect(h.seen.failures).toEqual([]);
  });

  it('fails other errors, so OSD shows a coarser level and counts them', async () => {
    const h = harness({
      image: 'error',
      probe: () => Promise.resolve(new Response('', { status: 404 })),
    });
    h.run();
    await h.settled;
    expect(h.outcome.failed).toMatch(/HTTP 404/);
    expect(h.seen.failures).toEqual(['tile-0-1-2']);
    const net = harness({
      image: 'error',
      probe: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    net.run();
    await net.settled;
    expect(net.outcome.failed).toMatch(/network/);
  });

  it('uses the second answer when the archive came back in between', async () => {
    const h = harness({
      image: 'error',
      probe: () =>
        Promise.resolve(new Response(new Uint8Array([0xff, 0xd8, 0xff]), { status: 200 })),
    });
    h.run();
    await h.settled;
    expect(h.outcome.finished?.type).toBe('rasterBlob');
    expect((h.outcome.finished?.data as Blob).size).toBe(3);
  });

  it('fails rather than draw nothing when no placeholder can be made', async () => {
    const h = harness({
      image: 'error',
      placeholder: false,
      probe: () => Promise.resolve(new Response('', { status: OFFLINE_STATUS })),
    });
    h.run();
    await h.settled;
    expect(h.outcome.failed).toMatch(/offline/);
  });

  it('stops the image and the probe when OSD aborts, and ignores late answers', async () => {
    let resolveProbe: (r: Response) => void = () => {};
    let aborted = false;
    const h = harness({
      image: 'error',
      probe: () =>
        new Promise<Response>((resolve) => {
          resolveProbe = resolve;
        }),
    });
    startTileJob(h.job, h.deps);
    abortTileJob(h.job);
    expect(h.seen.cancels).toBe(1);
    h.imageDone()!(null); // a late image error after the abort
    expect(h.seen.probes).toBe(0);
    // and an abort while probing
    const h2 = harness({
      image: 'error',
      probe: () => new Promise<Response>((r) => (resolveProbe = r)),
    });
    h2.deps.probe = (src, signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise<Response>((r) => (resolveProbe = r));
    };
    h2.run();
    abortTileJob(h2.job);
    expect(aborted).toBe(true);
    resolveProbe(new Response('', { status: OFFLINE_STATUS }));
    await Promise.resolve();
    await Promise.resolve();
    expect(h2.outcome).toEqual({});
  });
});
