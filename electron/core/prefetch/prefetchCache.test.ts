import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCacheDb } from '../db/open';
import { memoryLogger } from '../log/logger';
import { TileStore } from '../tiles/tileStore';
import { PrefetchCache } from './prefetchCache';

let dir: string;
let cachePath: string;
let store: TileStore;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prefetch-cache-'));
  cachePath = path.join(dir, 'cache.db');
  store = await TileStore.open(cachePath, { log: memoryLogger(), budgetBytes: 1e9 });
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const jpeg = (n: number) => ({
  bytes: new Uint8Array([0xff, 0xd8, ...new Array<number>(n).fill(1), 0xff, 0xd9]),
  contentType: 'image/jpeg' as const,
});

/** The prefetch worker's view, here on the test's thread: the same reader and writer link. */
const worker = () => new PrefetchCache(store.connect(), { writeBatch: 256, writeDelayMs: 10 });

describe('PrefetchCache (the prefetch worker on cache.db)', () => {
  it('persists cases and settings through the writer, and lists cached tiles of a slide in one query', async () => {
    const cache = worker();
    cache.saveCases([
      {
        caseId: 'c1',
        priority: 'urgent',
        position: 3,
        inWorklist: true,
        pinned: false,
        paused: true,
        cancelled: false,
        slides: [{ slideId: 's', identity: 'id', locator: { kind: 'file', path: '/x' } }],
        plan: { whole: false, counts: [12] },
      },
    ]);
    cache.setSetting('paused', '1');
    cache.write({ slide: 'id', level: 0, col: 2, row: 3 }, jpeg(10));
    // Served from the write-behind buffer before the writer has it, from the file after.
    expect(cache.getTile({ slide: 'id', level: 0, col: 2, row: 3 })?.bytes).toHaveLength(14);
    await cache.flush();
    await cache.close();

    const again = worker();
    expect(again.loadCases()).toEqual([
      expect.objectContaining({
        caseId: 'c1',
        priority: 'urgent',
        paused: true,
        plan: { whole: false, counts: [12] },
      }),
    ]);
    expect(again.setting('paused')).toBe('1');
    expect(again.cachedTiles('id')).toEqual(new Map([['0/2/3', 14]]));
    expect(again.countTiles('id')).toEqual({ tiles: 1, bytes: 14 });
    expect(again.getTile({ slide: 'id', level: 0, col: 2, row: 3 })?.bytes).toHaveLength(14);
    // The window's store reads what the worker wrote.
    expect(store.has({ slide: 'id', level: 0, col: 2, row: 3 })).toBe(true);
    await again.close();
  });

  it('leaves tiles of running cases to the budget, and says when the file is full', async () => {
    const cache = worker();
    const big = new Uint8Array(100_000).fill(1);
    big.set([0xff, 0xd8]);
    big.set([0xff, 0xd9], big.length - 2);
    cache.protect(0);
    for (let i = 0; i < 20; i++)
      cache.write(
        { slide: 'other', level: 0, col: i, row: 0 },
        { bytes: big, contentType: 'image/jpeg' },
      );
    await cache.flush();
    // Over a 1 MB budget, but everything was written after `protect`: nothing goes.
    store.setBudget(1_000_000);
    await store.flush();
    cache.setSetting('seen', '1'); // any write brings the writer's news
    await cache.flush();
    expect(cache.full).toBe(true);
    expect(cache.totals.evicted).toBe(0);
    expect(cache.mayStartRead()).toBe(true);
    cache.protect(Date.now() + 1000);
    await cache.flush();
    expect(cache.totals.evicted).toBeGreaterThan(0);
    expect(cache.full).toBe(false);
    expect(cache.usedBytes).toBeLessThanOrEqual(1_000_000);
    expect(cache.totals.tilesWritten).toBe(20);
    await cache.close();
  });

  it('follows cache.db rebuilt underneath, even when the inode number is reused', async () => {
    const cache = worker();
    let rebuilt = 0;
    cache.onRebuilt(() => rebuilt++);
    cache.write({ slide: 'id', level: 0, col: 0, row: 0 }, jpeg(3));
    await cache.flush(true);
    expect(rebuilt).toBe(0);
    for (const s of ['', '-wal', '-shm']) fs.rmSync(cachePath + s, { force: true });
    (await openCacheDb(cachePath, memoryLogger())).close();
    await cache.flush(true);
    expect(rebuilt).toBe(1);
    // The new file is empty, and both threads read it.
    expect(cache.countTiles('id')).toEqual({ tiles: 0, bytes: 0 });
    expect(store.has({ slide: 'id', level: 0, col: 0, row: 0 })).toBe(false);
    cache.write({ slide: 'id', level: 0, col: 0, row: 0 }, jpeg(3));
    await cache.flush(true);
    expect(rebuilt).toBe(1);
    expect(store.has({ slide: 'id', level: 0, col: 0, row: 0 })).toBe(true);
    await cache.close();
  });
});
