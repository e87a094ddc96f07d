import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Priority } from '../../common/contract';
import { ASSOCIATED_NAMES, tileGrid } from '../../common/pyramid';
import { openCacheDb } from '../db/open';
import { memoryLogger } from '../log/logger';
import { TileStore } from '../tiles/tileStore';
import { isFineLevel } from './planner';
import type { PrefetcherOptions } from './prefetcher';
import { Prefetcher } from './prefetcher';
import type { FakeSlideSpec } from './testing/fakeOpener';
import { CTRL, fakeLevels, newControl, readLog } from './testing/fakeOpener';
import type { DownloadsStatus, PrefetchCase, PrefetchSlide } from './types';

const FAKE_OPENER = path.join(__dirname, 'testing', 'fakeOpener.ts');

/** 2048 x 1536, 256 px tiles, levels 1/4/16: 8x6 + 2x2 + 1x1 tiles; tissue in the top-left quarter. */
function spec(identity: string, overrides: Partial<FakeSlideSpec> = {}): FakeSlideSpec {
  return {
    identity,
    width: 2048,
    height: 1536,
    tileSize: 256,
    downsamples: [1, 4, 16],
    tissue: [0.05, 0.05, 0.3, 0.3],
    associated: ['thumbnail', 'label'],
    tileBytes: 2000,
    ...overrides,
  };
}

const wholePyramid = (s: FakeSlideSpec) =>
  s.associated.length + fakeLevels(s).reduce((n, l) => n + tileGrid(l).cols * tileGrid(l).rows, 0);

const slideOf = (p: string, identity: string | null = null): PrefetchSlide => ({
  slideId: `slide-${path.basename(p)}`,
  identity,
  locator: { kind: 'file', path: p },
});

let dir: string;
let cachePath: string;
let control: SharedArrayBuffer;
let ctrl: Int32Array;
const open: { prefetcher: Prefetcher; store: TileStore }[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prefetch-'));
  cachePath = path.join(dir, 'cache.db');
  control = newControl();
  ctrl = new Int32Array(control);
});

afterEach(async () => {
  await Promise.all(open.splice(0).map(stop));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The workstation's arrangement: one tile store, whose writer the worker writes through. */
async function start(
  slides: Record<string, FakeSlideSpec>,
  options: Partial<PrefetcherOptions> = {},
): Promise<{ prefetcher: Prefetcher; store: TileStore; log: ReturnType<typeof memoryLogger> }> {
  const log = memoryLogger();
  const budgetBytes = options.budgetBytes ?? 1 << 30;
  const store = await TileStore.open(cachePath, { log, budgetBytes });
  const prefetcher = await Prefetcher.start({
    store,
    cachePath,
    budgetBytes,
    log,
    openerModule: FAKE_OPENER,
    openerOptions: { slides, control },
    ...options,
    tuning: {
      // One read per slot, so that gating and pacing are observed tile by tile; batching
      // has its own test.
      batchSize: 1,
      progressIntervalMs: 20,
      backoffBaseMs: 20,
      backoffMaxMs: 200,
      writeDelayMs: 10,
      ...options.tuning,
    },
  });
  const started = { prefetcher, store, log };
  open.push(started);
  return started;
}

async function stop(started: { prefetcher: Prefetcher; store: TileStore }): Promise<void> {
  await started.prefetcher.close();
  await started.store.close();
}

/** Resolves with the first status (current or reported) that satisfies `test`. */
function waitFor(
  prefetcher: Prefetcher,
  test: (s: DownloadsStatus) => boolean,
): Promise<DownloadsStatus> {
  return new Promise((resolve) => {
    if (test(prefetcher.status())) return resolve(prefetcher.status());
    const off = prefetcher.onProgress((s) => {
      if (test(s)) {
        off();
        resolve(s);
      }
    });
  });
}

const caseState = (s: DownloadsStatus, caseId: string) => s.cases.find((c) => c.caseId === caseId);
const isDone = (caseId: string) => (s: DownloadsStatus) => caseState(s, caseId)?.state === 'done';

function worklistCase(caseId: string, priority: Priority, ...paths: string[]): PrefetchCase {
  return { caseId, priority, slides: paths.map((p) => slideOf(p)) };
}

function tilesInDb(identity: string): { level: number; col: number; row: number }[] {
  const db = new Database(cachePath, { readonly: true });
  try {
    return db
      .prepare('SELECT level, col, row FROM tiles WHERE slide = ? ORDER BY level, row, col')
      .all(identity) as {
      level: number;
      col: number;
      row: number;
    }[];
  } finally {
    db.close();
  }
}

function pinnedInDb(): string[] {
  const db = new Database(cachePath, { readonly: true });
  try {
    return (db.prepare('SELECT slide FROM pins ORDER BY slide').all() as { slide: string }[]).map(
      (r) => r.slide,
    );
  } finally {
    db.close();
  }
}

/** True when the level-0 tile's footprint touches the spec's tissue rectangle (plus margin). */
function touchesTissue(s: FakeSlideSpec, col: number, row: number, marginFraction = 0.03): boolean {
  const [x0, y0, x1, y1] = s.tissue;
  const tx0 = (col * s.tileSize) / s.width;
  const ty0 = (row * s.tileSize) / s.height;
  const tx1 = ((col + 1) * s.tileSize) / s.width;
  const ty1 = ((row + 1) * s.tileSize) / s.height;
  return (
    tx1 > x0 - marginFraction &&
    tx0 < x1 + marginFraction &&
    ty1 > y0 - marginFraction &&
    ty0 < y1 + marginFraction
  );
}

describe('Prefetcher', () => {
  it('fills cache.db from a worker thread; the main thread TileStore sees the tiles; no background at fine levels', async () => {
    const a = spec('id-a');
    const { prefetcher, store: cache } = await start({ '/a': a });
    prefetcher.setWorklist([worklistCase('c1', 'routine', '/a')]);
    const done = await waitFor(prefetcher, isDone('c1'));
    const progress = caseState(done, 'c1');
    expect(progress?.tilesDone).toBe(progress?.tilesTotal);
    expect(progress?.bytes).toBeGreaterThan(0);
    expect(progress?.pinned).toBe(false);

    {
      const thumb = cache.get({
        slide: 'id-a',
        level: -1,
        col: ASSOCIATED_NAMES.indexOf('thumbnail'),
        row: 0,
      });
      expect(thumb?.contentType).toBe('image/jpeg');
      expect(cache.has({ slide: 'id-a', level: 2, col: 0, row: 0 })).toBe(true); // coarse: whole level
      expect(cache.has({ slide: 'id-a', level: 0, col: 1, row: 1 })).toBe(true); // tissue at 40x
      expect(cache.has({ slide: 'id-a', level: 0, col: 7, row: 5 })).toBe(false); // glass at 40x
    }
    const level0 = tilesInDb('id-a').filter((t) => t.level === 0);
    expect(level0.length).toBeGreaterThan(0);
    expect(level0.length).toBeLessThan(48 / 2);
    for (const t of level0) expect(touchesTissue(a, t.col, t.row)).toBe(true);
    expect(progress?.tilesTotal).toBe(tilesInDb('id-a').length);
  });

  it('fetches frozen before urgent before routine; associated, then coarse, then fine levels', async () => {
    const slides = { '/r': spec('id-r'), '/u': spec('id-u'), '/f': spec('id-f') };
    const { prefetcher } = await start(slides);
    prefetcher.pause(); // queue everything first, so order is not decided by arrival
    prefetcher.setWorklist([
      worklistCase('routine', 'routine', '/r'),
      worklistCase('urgent', 'urgent', '/u'),
      worklistCase('frozen', 'frozen', '/f'),
    ]);
    const queued = await waitFor(prefetcher, (s) => s.cases.length === 3);
    expect(queued.cases.map((c) => c.caseId)).toEqual(['frozen', 'urgent', 'routine']);
    expect(queued.cases.every((c) => c.state === 'paused')).toBe(true);
    prefetcher.resume();
    await waitFor(prefetcher, (s) => s.cases.every((c) => c.state === 'done'));

    const log = readLog(control);
    // Slide indexes follow the `slides` object: 0 = routine, 1 = urgent, 2 = frozen.
    const bySlide = log.map((e) => e.slide);
    const lastOf = (i: number) => bySlide.lastIndexOf(i);
    const firstOf = (i: number) => bySlide.indexOf(i);
    expect(lastOf(2)).toBeLessThan(firstOf(1));
    expect(lastOf(1)).toBeLessThan(firstOf(0));
    for (const slide of [0, 1, 2]) {
      const levels = log.filter((e) => e.slide === slide).map((e) => e.level);
      // -1 (thumbnail, label), then 2, then 1, then 0: never going back to a coarser level.
      expect(levels.slice(0, 2)).toEqual([-1, -1]);
      const ds = levels.map((l) => (l < 0 ? Infinity : ([1, 4, 16][l] ?? 0)));
      for (let i = 1; i < ds.length; i++) expect(ds[i]).toBeLessThanOrEqual(ds[i - 1] ?? Infinity);
    }
    const s = spec('x');
    const fineLevels = fakeLevels(s).filter((l) => isFineLevel(l)).length;
    expect(fineLevels).toBe(2);
    for (const e of log.filter((x) => x.level === 0))
      expect(touchesTissue(s, e.col, e.row)).toBe(true);
  });

  it('reads the tiles of a level in batches under one slot', async () => {
    const a = spec('id-a', { tissue: [0, 0, 1, 1] });
    ctrl[CTRL.latencyMs] = 20;
    const { prefetcher } = await start({ '/a': a }, { concurrency: 1, tuning: { batchSize: 8 } });
    prefetcher.setWorklist([worklistCase('c1', 'routine', '/a')]);
    // With one slot, more than one read in flight at once can only be a batch.
    let widest = 0;
    await waitFor(prefetcher, (s) => {
      widest = Math.max(
        widest,
        Atomics.load(ctrl, CTRL.readsStarted) - Atomics.load(ctrl, CTRL.readsDone),
      );
      return caseState(s, 'c1')?.state === 'done';
    });
    expect(widest).toBeGreaterThan(1);
    expect(widest).toBeLessThanOrEqual(8);
  });

  it('starts no fetch while an interactive read is in flight, and resumes after', async () => {
    const a = spec('id-a', { tissue: [0, 0, 1, 1] }); // everything is tissue: 59 tiles
    ctrl[CTRL.latencyMs] = 15;
    const { prefetcher } = await start({ '/a': a }, { concurrency: 3 });
    prefetcher.setWorklist([worklistCase('c1', 'routine', '/a')]);
    await waitFor(prefetcher, (s) => (caseState(s, 'c1')?.tilesDone ?? 0) >= 5);

    prefetcher.interactive.begin();
    const atBegin = (await prefetcher.sync()).stats;
    // Reads already in flight finish; no new one starts.
    let stats = atBegin;
    while (stats.inFlight > 0) stats = (await prefetcher.sync()).stats;
    const after = (await prefetcher.sync()).stats;
    expect(after.fetchesStarted).toBe(atBegin.fetchesStarted);
    expect(after.inFlight).toBe(0);
    expect(Atomics.load(ctrl, CTRL.readsStarted)).toBe(Atomics.load(ctrl, CTRL.readsDone));
    expect(caseState(prefetcher.status(), 'c1')?.state).not.toBe('done');

    // Nested interactive reads: still held until the last one ends.
    await prefetcher.interactive.track(prefetcher.sync());
    expect((await prefetcher.sync()).stats.fetchesStarted).toBe(atBegin.fetchesStarted);

    prefetcher.interactive.end();
    await waitFor(prefetcher, isDone('c1'));
    expect((await prefetcher.sync()).stats.fetchesStarted).toBeGreaterThan(atBegin.fetchesStarted);
  });

  it('backs off while the source is unavailable, probes, and resumes when it recovers', async () => {
    ctrl[CTRL.fail] = 1;
    const { prefetcher, log } = await start({ '/a': spec('id-a') });
    prefetcher.setWorklist([worklistCase('c1', 'urgent', '/a')]);
    const down = await waitFor(prefetcher, (s) => s.reasons.includes('unavailable'));
    expect(caseState(down, 'c1')?.notice).toMatchObject({ code: 'unreachable' });
    // Several probes, one at a time, spaced by the back-off.
    while (Atomics.load(ctrl, CTRL.opens) < 3)
      await waitFor(prefetcher, () => true).then(() => prefetcher.sync());
    expect(log.lines.some((l) => l.event === 'prefetch.source_failing')).toBe(true);
    expect(caseState(prefetcher.status(), 'c1')?.state).not.toBe('done');

    ctrl[CTRL.fail] = 0;
    const done = await waitFor(prefetcher, isDone('c1'));
    expect(done.reasons).toEqual([]);
    expect(log.lines.some((l) => l.event === 'prefetch.source_back')).toBe(true);
  });

  it('skips a corrupt tile and completes the case', async () => {
    const a = spec('id-a', { corrupt: ['0/1/1'] });
    const { prefetcher } = await start({ '/a': a });
    prefetcher.setWorklist([worklistCase('c1', 'routine', '/a')]);
    const done = caseState(await waitFor(prefetcher, isDone('c1')), 'c1');
    expect(done?.tilesDone).toBe((done?.tilesTotal ?? 0) - 1);
    expect(done?.notice).toEqual({
      code: 'incomplete',
      slidesFailed: 0,
      slides: 1,
      tilesFailed: 1,
    });
    expect(tilesInDb('id-a').some((t) => t.level === 0 && t.col === 1 && t.row === 1)).toBe(false);
  });

  it('reports a case whose slides cannot be opened as an error, and one bad slide of many', async () => {
    const { prefetcher } = await start({ '/a': spec('id-a') });
    prefetcher.setWorklist([
      worklistCase('gone', 'urgent', '/missing'),
      worklistCase('partly', 'routine', '/a', '/missing'),
    ]);
    const s = await waitFor(
      prefetcher,
      (st) =>
        st.cases.length === 2 && st.cases.every((c) => c.state === 'done' || c.state === 'error'),
    );
    expect(caseState(s, 'gone')).toMatchObject({
      state: 'error',
      notice: { code: 'incomplete', slidesFailed: 1, slides: 1, tilesFailed: 0 },
    });
    expect(caseState(s, 'partly')).toMatchObject({
      state: 'done',
      notice: { code: 'incomplete', slidesFailed: 1, slides: 2, tilesFailed: 0 },
    });
  });

  it('pins a case: the whole pyramid, 100%, pinned in cache.db, and still done after a restart', async () => {
    const a = spec('id-a');
    const b = spec('id-b', { associated: [] });
    const slides = { '/a': a, '/b': b };
    const first = await start(slides);
    first.prefetcher.pin('offline', [slideOf('/a'), slideOf('/b')]);
    const done = caseState(await waitFor(first.prefetcher, isDone('offline')), 'offline');
    expect(done?.pinned).toBe(true);
    expect(done?.tilesTotal).toBe(wholePyramid(a) + wholePyramid(b));
    expect(done?.tilesDone).toBe(done?.tilesTotal);
    expect(tilesInDb('id-a')).toHaveLength(wholePyramid(a));
    expect(pinnedInDb()).toEqual(['id-a', 'id-b']);
    await stop(first);
    const opens = Atomics.load(ctrl, CTRL.opens);

    const second = await start(slides);
    const again = caseState(second.prefetcher.status(), 'offline');
    expect(again).toMatchObject({
      state: 'done',
      pinned: true,
      tilesDone: done?.tilesTotal,
      tilesTotal: done?.tilesTotal,
    });
    expect(again?.bytes).toBe(done?.bytes);
    // Recognised as complete from cache.db alone: no slide was opened.
    await second.prefetcher.sync();
    expect(Atomics.load(ctrl, CTRL.opens)).toBe(opens);

    // Unpin: no longer pinned, tiles kept (evictable), the case leaves the list.
    second.prefetcher.unpin('offline');
    await waitFor(second.prefetcher, (s) => s.cases.length === 0);
    await second.prefetcher.sync();
    expect(pinnedInDb()).toEqual([]);
    expect(tilesInDb('id-a')).toHaveLength(wholePyramid(a));
  });

  it('keeps a slide pinned while another pinned case holds it', async () => {
    const { prefetcher } = await start({ '/a': spec('id-a') });
    prefetcher.pin('p1', [slideOf('/a', 'id-a')]);
    prefetcher.pin('p2', [slideOf('/a', 'id-a')]);
    await waitFor(
      prefetcher,
      (s) => s.cases.length === 2 && s.cases.every((c) => c.state === 'done'),
    );
    prefetcher.unpin('p1');
    await prefetcher.sync();
    expect(pinnedInDb()).toEqual(['id-a']);
    prefetcher.unpin('p2');
    await prefetcher.sync();
    expect(pinnedInDb()).toEqual([]);
  });

  it('pauses and resumes globally and per case; cancel removes a case for good', async () => {
    const slides = { '/a': spec('id-a'), '/b': spec('id-b') };
    const { prefetcher } = await start(slides);
    prefetcher.pause();
    const cases = [worklistCase('A', 'routine', '/a'), worklistCase('B', 'routine', '/b')];
    prefetcher.setWorklist(cases);
    const paused = await waitFor(prefetcher, (s) => s.cases.length === 2);
    expect(paused.paused).toBe(true);
    expect(paused.reasons).toEqual(['user']);
    expect(paused.cases.map((c) => c.state)).toEqual(['paused', 'paused']);
    expect((await prefetcher.sync()).stats.fetchesStarted).toBe(0);

    prefetcher.pause('A');
    prefetcher.resume();
    await waitFor(prefetcher, isDone('B'));
    expect(caseState(prefetcher.status(), 'A')?.state).toBe('paused');
    expect(readLog(control).every((e) => e.slide === 1)).toBe(true);

    prefetcher.cancel('A');
    await waitFor(prefetcher, (s) => !caseState(s, 'A'));
    prefetcher.setWorklist(cases); // still on the worklist: stays cancelled
    await prefetcher.sync();
    expect(prefetcher.status().cases.map((c) => c.caseId)).toEqual(['B']);
    expect(readLog(control).every((e) => e.slide === 1)).toBe(true);
  });

  it('pauses on a metered link and when a source is measured slow', async () => {
    const a = spec('id-a', { tissue: [0, 0, 1, 1] });
    const { prefetcher } = await start(
      { '/a': a },
      { tuning: { slowBytesPerSec: 1e12, throughputWindowMs: 30, slowRecheckMs: 60_000 } },
    );
    prefetcher.setNetworkHint({ metered: true });
    prefetcher.setWorklist([worklistCase('c1', 'routine', '/a')]);
    const metered = await waitFor(prefetcher, (s) => s.reasons.includes('metered'));
    expect(caseState(metered, 'c1')?.state).toBe('paused');
    expect((await prefetcher.sync()).stats.fetchesStarted).toBe(0);

    ctrl[CTRL.latencyMs] = 10;
    prefetcher.setNetworkHint({ metered: false });
    const slow = await waitFor(prefetcher, (s) => s.reasons.includes('slow'));
    expect(caseState(slow, 'c1')?.notice).toEqual({ code: 'slow' });
    const { stats } = await prefetcher.sync();
    expect(stats.throughput.fake).toBeLessThan(1e12);
    expect(caseState(prefetcher.status(), 'c1')?.state).not.toBe('done');
  });

  it('rebuilds a corrupt cache.db at start, and follows a rebuild while running', async () => {
    fs.writeFileSync(cachePath, Buffer.alloc(64 * 1024, 0x42));
    const { prefetcher, log } = await start({ '/a': spec('id-a') });
    expect(log.lines.some((l) => l.event === 'cache.rebuilt')).toBe(true);
    prefetcher.setWorklist([worklistCase('c1', 'routine', '/a')]);
    const first = caseState(await waitFor(prefetcher, isDone('c1')), 'c1');
    expect(tilesInDb('id-a')).toHaveLength(first?.tilesTotal ?? -1);

    // cache.db replaced underneath: the writer thread follows the new file, and the
    // worker writes its queue back into it and fetches the case again.
    for (const s of ['', '-wal', '-shm']) fs.rmSync(cachePath + s, { force: true });
    (await openCacheDb(cachePath, memoryLogger())).close();
    expect(tilesInDb('id-a')).toHaveLength(0);
    await prefetcher.sync();
    await waitFor(prefetcher, isDone('c1'));
    await prefetcher.sync();
    expect(tilesInDb('id-a')).toHaveLength(first?.tilesTotal ?? -1);
    expect(log.lines.some((l) => l.event === 'prefetch.cache_reopened')).toBe(true);
  });

  it('restarts a worker that died, which resumes the persisted queue', async () => {
    const a = spec('id-a');
    ctrl[CTRL.latencyMs] = 5;
    const { prefetcher, log } = await start({ '/a': a });
    prefetcher.pin('offline', [slideOf('/a')]);
    await waitFor(prefetcher, (s) => (caseState(s, 'offline')?.tilesDone ?? 0) > 3);
    await prefetcher.crashWorkerForTest();
    const done = caseState(await waitFor(prefetcher, isDone('offline')), 'offline');
    expect(done?.tilesDone).toBe(wholePyramid(a));
    expect(log.lines.map((l) => l.event)).toEqual(
      expect.arrayContaining(['prefetch.worker_exited', 'prefetch.worker_restarted']),
    );
    expect(pinnedInDb()).toEqual(['id-a']);
  });

  it('stays within the budget: stops fetching unpinned cases when the cache is full of recent tiles', async () => {
    const a = spec('id-a', { tissue: [0, 0, 1, 1], tileBytes: 20_000 });
    const { prefetcher } = await start({ '/a': a }, { budgetBytes: 400_000 });
    prefetcher.setWorklist([worklistCase('c1', 'routine', '/a')]);
    const full = await waitFor(prefetcher, (s) => s.reasons.includes('cache_full'));
    expect(caseState(full, 'c1')).toMatchObject({
      state: 'paused',
      notice: { code: 'cache_full' },
    });
    const { stats } = await prefetcher.sync();
    // It wrote until the budget was reached, not the whole case (59 tiles x 20 KB).
    expect(stats.tilesWritten).toBeLessThan(59);
    expect(stats.evicted).toBe(0);
  });
});
