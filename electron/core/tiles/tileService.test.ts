import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseRepository } from '../cases/caseRepository';
import { openWorkstationDb } from '../db/open';
import { WorkstationError } from '../../common/errors';
import { memoryLogger } from '../log/logger';
import type { TileData } from '../sources/slideSource';
import type { FakeSource } from '../testing/fakeSource';
import { fakeSource, fakeTileBytes } from '../testing/fakeSource';
import { SlideRegistry } from './slideRegistry';
import { TileStore } from './tileStore';
import { TileService } from './tileService';

async function setup(opener?: () => Promise<FakeSource>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiles-'));
  const log = memoryLogger();
  const db = await openWorkstationDb(path.join(dir, 'w.db'), log);
  const cases = new CaseRepository(db);
  cases.replaceSource('local', [
    {
      source: 'local',
      sourceKey: '/x',
      accession: 'A',
      patient: { name: '', id: '', birthDate: null, sex: null },
      specimen: '',
      priority: 'routine',
      initialStatus: 'new',
      receivedAt: '2026-01-01T00:00:00Z',
      slides: [{ label: 'A1', stain: 'HE', locator: { kind: 'file', path: '/x/a1.svs' } }],
    },
  ]);
  const slideId = cases.slides(cases.list()[0]!.id)[0]!.id;
  const source = fakeSource('tiff:abc');
  let opens = 0;
  const registry = new SlideRegistry(
    cases,
    () => {
      opens++;
      return opener ? opener() : Promise.resolve(source);
    },
    log,
  );
  const cache = await TileStore.open(path.join(dir, 'cache.db'), { log, budgetBytes: 1e9 });
  return {
    tiles: new TileService(registry, cache),
    source,
    slideId,
    cases,
    cache,
    opens: () => opens,
  };
}

describe('TileService', () => {
  it('reads through the source on a miss and from the cache afterwards', async () => {
    const { tiles, source, slideId } = await setup();
    const first = await tiles.getTile(slideId, 0, 1, 2);
    expect(first.origin).toBe('source');
    expect(first.bytes).toEqual(fakeTileBytes(0, 1, 2));
    const second = await tiles.getTile(slideId, 0, 1, 2);
    expect(second.origin).toBe('cache');
    expect(second.bytes).toEqual(fakeTileBytes(0, 1, 2));
    expect(source.reads).toBe(1);
  });

  it('shares one source read between concurrent requests for a tile', async () => {
    const { tiles, source, slideId } = await setup();
    await Promise.all([1, 2, 3, 4].map(() => tiles.getTile(slideId, 1, 0, 0)));
    expect(source.reads).toBe(1);
  });

  it('keys the cache by slide identity, so hits need no source once the identity is known', async () => {
    const { tiles, slideId, cases } = await setup();
    await tiles.getTile(slideId, 0, 0, 0);
    expect(cases.slide(slideId).identity).toBe('tiff:abc');
    // A new service whose source cannot be opened (archive down) still serves cached tiles.
    const log = memoryLogger();
    const registry = new SlideRegistry(cases, () => Promise.reject(new Error('offline')), log);
    const { cache } = await setup();
    cache.put(
      { slide: 'tiff:abc', level: 0, col: 0, row: 0 },
      { bytes: fakeTileBytes(0, 0, 0), contentType: 'image/jpeg' },
    );
    const offline = new TileService(registry, cache);
    expect((await offline.getTile(slideId, 0, 0, 0)).origin).toBe('cache');
    await expect(offline.getTile(slideId, 0, 1, 1)).rejects.toThrow();
  });

  it('passes source errors through as typed errors and remembers broken slides', async () => {
    const { WorkstationError } = await import('../../common/errors');
    const { tiles, slideId, cases } = await setup(() =>
      Promise.reject(new WorkstationError('corrupt', 'Truncated file')),
    );
    await expect(tiles.getTile(slideId, 0, 0, 0)).rejects.toMatchObject({ code: 'corrupt' });
    expect(cases.slide(slideId).error).toEqual({ code: 'corrupt', message: 'Truncated file' });
  });

  it('returns not_found outside the grid', async () => {
    const { tiles, slideId } = await setup();
    await expect(tiles.getTile(slideId, 0, 99, 0)).rejects.toMatchObject({ code: 'not_found' });
    await expect(tiles.getTile(slideId, 7, 0, 0)).rejects.toMatchObject({ code: 'not_found' });
  });
});

/**
 * A source whose reads wait until the test lets them finish, and that records whether the
 * signal it was given aborted (an archive request would have been cancelled).
 */
function slowSource(identity: string) {
  const base = fakeSource(identity);
  const reads: { signal: AbortSignal | undefined; finish(): void; fail(e: Error): void }[] = [];
  const waiters: { n: number; resolve(): void }[] = [];
  const source: FakeSource = {
    ...base,
    readTile(level, col, row, signal) {
      source.reads++;
      return new Promise<TileData>((resolve, reject) => {
        const read = {
          signal,
          finish: () =>
            resolve({ bytes: fakeTileBytes(level, col, row), contentType: 'image/jpeg' }),
          fail: reject,
        };
        reads.push(read);
        signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
        for (const w of waiters.filter((x) => reads.length >= x.n)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      });
    },
  };
  /** Resolves once `n` reads have started. */
  const readStarted = (n: number) =>
    reads.length >= n
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiters.push({ n, resolve }));
  return { source, reads, readStarted };
}

describe('TileService cancellation', () => {
  it('stops reading a tile nobody waits for any more, and writes nothing', async () => {
    const slow = slowSource('tiff:slow');
    const { tiles, slideId, cache } = await setup(() => Promise.resolve(slow.source));
    const viewer = new AbortController();
    const request = tiles.getTile(slideId, 0, 1, 1, viewer.signal);
    await slow.readStarted(1);
    viewer.abort(new DOMException('The viewer moved on.', 'AbortError'));
    await expect(request).rejects.toMatchObject({ name: 'AbortError' });
    // The source saw the abort: an archive request would have been cancelled mid-way.
    expect(slow.reads[0]?.signal?.aborted).toBe(true);
    await cache.flush();
    expect(cache.has({ slide: 'tiff:slow', level: 0, col: 1, row: 1 })).toBe(false);
    await cache.close();
  });

  it('keeps a shared read going while one request still waits for it', async () => {
    const slow = slowSource('tiff:slow');
    const { tiles, slideId, cache } = await setup(() => Promise.resolve(slow.source));
    const first = new AbortController();
    const second = new AbortController();
    const a = tiles.getTile(slideId, 0, 0, 0, first.signal);
    const b = tiles.getTile(slideId, 0, 0, 0, second.signal);
    await slow.readStarted(1);
    first.abort();
    await expect(a).rejects.toThrow();
    expect(slow.reads[0]?.signal?.aborted).toBe(false);
    slow.reads[0]?.finish();
    expect((await b).bytes).toEqual(fakeTileBytes(0, 0, 0));
    expect(slow.source.reads).toBe(1);
    await cache.flush();
    expect(cache.has({ slide: 'tiff:slow', level: 0, col: 0, row: 0 })).toBe(true);

    // Both gone: the read is cancelled; asked again, the tile is read anew.
    const c = new AbortController();
    const d = new AbortController();
    const gone = [
      tiles.getTile(slideId, 0, 1, 0, c.signal),
      tiles.getTile(slideId, 0, 1, 0, d.signal),
    ];
    await slow.readStarted(2);
    c.abort();
    d.abort();
    await Promise.allSettled(gone);
    expect(slow.reads[1]?.signal?.aborted).toBe(true);
    const again = tiles.getTile(slideId, 0, 1, 0);
    await slow.readStarted(3);
    slow.reads[2]?.finish();
    expect((await again).origin).toBe('source');
    await cache.close();
  });

  it('answers an unreachable tile from memory for a few seconds: one miss, one attempt', async () => {
    const slow = slowSource('dicom:away');
    const { tiles, slideId, cache } = await setup(() => Promise.resolve(slow.source));
    const first = tiles.getTile(slideId, 0, 2, 2);
    await slow.readStarted(1);
    slow.reads[0]?.fail(new WorkstationError('unavailable', 'The archive cannot be reached.'));
    await expect(first).rejects.toMatchObject({ code: 'unavailable' });
    // The viewer asks again at once (a retry, a pan back): no second attempt.
    await expect(tiles.getTile(slideId, 0, 2, 2)).rejects.toMatchObject({ code: 'unavailable' });
    expect(slow.source.reads).toBe(1);
    // Another tile is still asked for; and once the archive is back, this one too.
    void tiles.getTile(slideId, 0, 3, 2).catch(() => undefined);
    await slow.readStarted(2);
    tiles.archiveBack();
    const back = tiles.getTile(slideId, 0, 2, 2);
    await slow.readStarted(3);
    slow.reads[2]?.finish();
    expect((await back).origin).toBe('source');
    expect(slow.source.reads).toBe(3);
    await cache.close();
  });
});

describe('TileService with the archive away', () => {
  it('opens a slide whose archive cannot be reached once, not once per tile', async () => {
    const { tiles, slideId, cache, opens } = await setup(() =>
      Promise.reject(new WorkstationError('unavailable', 'The archive cannot be reached.')),
    );
    await expect(tiles.getTile(slideId, 0, 0, 0)).rejects.toMatchObject({ code: 'unavailable' });
    await expect(tiles.getTile(slideId, 0, 1, 0)).rejects.toMatchObject({ code: 'unavailable' });
    await expect(tiles.getTile(slideId, 0, 2, 0)).rejects.toMatchObject({ code: 'unavailable' });
    expect(opens()).toBe(1);
    tiles.archiveBack();
    await expect(tiles.getTile(slideId, 0, 3, 0)).rejects.toMatchObject({ code: 'unavailable' });
    expect(opens()).toBe(2);
    await cache.close();
  });
});
