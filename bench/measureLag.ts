/**
 * How much the prefetcher costs the main thread: event-loop delay (perf_hooks
 * monitorEventLoopDelay) p50/p99/max while the worker fetches flat out from an in-memory
 * source with realistic tiles (~20 KB), against a baseline measured in the same run with
 * no prefetching; and the prefetch throughput in tiles/s.
 *
 * During both phases the main thread plays a viewer: every few milliseconds it reads
 * cached tiles through the workstation's TileStore (and writes one, as a viewer's cache
 * miss would), so the cost of sharing cache.db and its writer thread is in the figure.
 *
 *   npx tsx bench/measureLag.ts [seconds] [latencyMs]   (from the repo root)
 *
 * `npm run bench -- lag` prints both cases as a table (benchLag).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { silentLogger } from '../electron/core/log/logger';
import { Prefetcher } from '../electron/core/prefetch/prefetcher';
import type { FakeSlideSpec } from '../electron/core/prefetch/testing/fakeOpener';
import { CTRL, newControl } from '../electron/core/prefetch/testing/fakeOpener';
import { TileStore } from '../electron/core/tiles/tileStore';
import { table } from './stats';

export interface LagFigures {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LagReport {
  /** Seconds measured while prefetching (shorter than asked if the pyramid was done). */
  seconds: number;
  latencyMs: number;
  baseline: LagFigures;
  prefetching: LagFigures;
  tilesPerSec: number;
  megabytesPerSec: number;
  tilesWritten: number;
  viewerReads: number;
}

export interface LagOptions {
  seconds?: number;
  tileBytes?: number;
  concurrency?: number;
  /** Interval of the simulated viewer's cache reads (ms). */
  viewerEveryMs?: number;
  /** Latency of each source read (0: flat out, CPU- and SQLite-bound). */
  latencyMs?: number;
  /** The simulated viewer also writes a tile each time (default true). */
  viewerWrites?: boolean;
}

/**
 * A whole-tissue 40x slide of ~130k tiles (2.6 GB at 20 KB): more than the worker fetches
 * in a run of a few seconds, so it never runs out of work while measured.
 */
const SLIDE: Omit<FakeSlideSpec, 'tileBytes'> = {
  identity: 'measure-slide',
  width: 100_000,
  height: 80_000,
  tileSize: 256,
  downsamples: [1, 4, 16, 64],
  tissue: [0, 0, 1, 1],
  associated: ['thumbnail', 'label'],
};

function figures(h: ReturnType<typeof monitorEventLoopDelay>): LagFigures {
  const ms = (ns: number) => Math.round((ns / 1e6) * 100) / 100;
  return { p50Ms: ms(h.percentile(50)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max) };
}

async function phase(
  seconds: number,
  cache: TileStore,
  viewerEveryMs: number,
  viewerWrites: boolean,
  stop: Promise<unknown> = new Promise(() => undefined),
): Promise<{ lag: LagFigures; reads: number }> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  let reads = 0;
  let n = 0;
  const body = new Uint8Array(20_000).fill(0x55);
  body.set([0xff, 0xd8], 0);
  body.set([0xff, 0xd9], body.length - 2);
  const viewer = setInterval(() => {
    // A viewer panning: a few cached reads and one new tile (a miss it fetched itself).
    for (let i = 0; i < 4; i++)
      if (cache.get({ slide: 'viewer', level: 0, col: (n + i) % 64, row: 0 })) reads++;
    if (viewerWrites)
      cache.put(
        { slide: 'viewer', level: 0, col: n % 64, row: 0 },
        { bytes: body, contentType: 'image/jpeg' },
      );
    n++;
  }, viewerEveryMs);
  h.enable();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    new Promise((resolve) => (timer = setTimeout(resolve, seconds * 1000))),
    stop,
  ]);
  clearTimeout(timer);
  h.disable();
  clearInterval(viewer);
  return { lag: figures(h), reads };
}

export async function measurePrefetchLag(options: LagOptions = {}): Promise<LagReport> {
  const seconds = options.seconds ?? 8;
  const tileBytes = options.tileBytes ?? 20_000;
  const viewerEveryMs = options.viewerEveryMs ?? 5;
  const viewerWrites = options.viewerWrites ?? true;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prefetch-lag-'));
  const cachePath = path.join(dir, 'cache.db');
  const cache = await TileStore.open(cachePath, { log: silentLogger, budgetBytes: 8 * 1024 ** 3 });
  const control = newControl();
  const latencyMs = options.latencyMs ?? 0;
  new Int32Array(control)[CTRL.latencyMs] = latencyMs;
  try {
    const baseline = await phase(Math.min(3, seconds), cache, viewerEveryMs, viewerWrites);
    const prefetcher = await Prefetcher.start({
      store: cache,
      cachePath,
      budgetBytes: 8 * 1024 ** 3,
      log: silentLogger,
      concurrency: options.concurrency ?? 6,
      openerModule: fileURLToPath(
        new URL('../electron/core/prefetch/testing/fakeOpener.ts', import.meta.url),
      ),
      openerOptions: { slides: { '/slide': { ...SLIDE, tileBytes } }, control },
    });
    try {
      // Pinned: the whole pyramid, so the worker never runs out of work during the run.
      prefetcher.pin('measure', [
        { slideId: 'measure', identity: null, locator: { kind: 'file', path: '/slide' } },
      ]);
      const before = (await prefetcher.sync()).stats;
      const t0 = performance.now();
      const done = new Promise<void>((resolve) => {
        const off = prefetcher.onProgress((st) => {
          if (st.cases[0]?.state === 'done') {
            off();
            resolve();
          }
        });
      });
      // Measured while the worker has work: until the run's end or the pyramid is fetched.
      const during = await phase(seconds, cache, viewerEveryMs, viewerWrites, done);
      const after = (await prefetcher.sync()).stats;
      const elapsed = (performance.now() - t0) / 1000;
      const tiles = after.fetchesDone - before.fetchesDone;
      return {
        seconds: Math.round(elapsed * 10) / 10,
        latencyMs,
        baseline: baseline.lag,
        prefetching: during.lag,
        tilesPerSec: Math.round(tiles / elapsed),
        megabytesPerSec:
          Math.round(((after.bytesWritten - before.bytesWritten) / elapsed / 1e6) * 10) / 10,
        tilesWritten: after.tilesWritten,
        viewerReads: during.reads,
      };
    } finally {
      await prefetcher.close();
    }
  } finally {
    await cache.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The `lag` part of `npm run bench`: flat out, and at a LAN archive's 20 ms per read. */
export async function benchLag(): Promise<string> {
  const flat = await measurePrefetchLag({ seconds: 6, latencyMs: 0 });
  const lan = await measurePrefetchLag({ seconds: 6, latencyMs: 20 });
  return [
    'Prefetch worker from an in-memory source (20 KB tiles, concurrency 6), the main thread',
    'reading 4 cached tiles and writing one every 5 ms through the TileStore',
    table([
      ['main-thread event-loop lag', 'p50 ms', 'p99 ms', 'max ms', 'tiles/s', 'goal'],
      ['idle (baseline)', flat.baseline.p50Ms, flat.baseline.p99Ms, flat.baseline.maxMs, '', ''],
      [
        'prefetching flat out (CPU/SQLite-bound)',
        flat.prefetching.p50Ms,
        flat.prefetching.p99Ms,
        flat.prefetching.maxMs,
        flat.tilesPerSec,
        'p99 < 10',
      ],
      [
        'prefetching at 20 ms per read',
        lan.prefetching.p50Ms,
        lan.prefetching.p99Ms,
        lan.prefetching.maxMs,
        lan.tilesPerSec,
        'p99 < 10',
      ],
    ]),
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const seconds = Number(process.argv[2] ?? 6);
  const latencyMs = Number(process.argv[3] ?? 0);
  measurePrefetchLag({ seconds, latencyMs }).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
