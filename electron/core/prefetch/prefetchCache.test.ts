import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCacheDb } from '../db/open';
import { memoryLogger } from '../log/logger';
import { TileCache } from '../tiles/tileCache';
import { PrefetchStore } from './store';

let dir: string;
let cachePath: string;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prefetch-store-'));
  cachePath = path.join(dir, 'cache.db');
  (await openCacheDb(cachePath, memoryLogger())).close();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const jpeg = (n: number) =>
  new Uint8Array([0xff, 0xd8, ...new Array<number>(n).fill(1), 0xff, 0xd9]);

describe('PrefetchStore', () => {
  it('persists cases and settings, and lists cached tiles of a slide in one query', () => {
    const store = new PrefetchStore(cachePath);
    store.open();
    store.saveCases([
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
    store.setSetting('paused', '1');
    store.writeTiles([
      { slide: 'id', level: 0, col: 2, row: 3, contentType: 'image/jpeg', bytes: jpeg(10) },
    ]);
    store.close();

    const again = new PrefetchStore(cachePath);
    again.open();
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
    again.close();
  });

  it('keeps a tile the viewer already stored, and leaves recent tiles to the budget', async () => {
    const cache = await TileCache.open(cachePath, { log: memoryLogger(), budgetBytes: 1e9 });
    cache.put(
      { slide: 'id', level: 0, col: 0, row: 0 },
      { bytes: jpeg(3), contentType: 'image/jpeg' },
    );
    cache.flush();
    const store = new PrefetchStore(cachePath);
    store.open();
    store.writeTiles([
      { slide: 'id', level: 0, col: 0, row: 0, contentType: 'image/jpeg', bytes: jpeg(50) },
    ]);
    expect(cache.get({ slide: 'id', level: 0, col: 0, row: 0 })?.bytes.length).toBe(7);
    const big = new Uint8Array(100_000).fill(1);
    big.set([0xff, 0xd8]);
    big.set([0xff, 0xd9], big.length - 2);
    const tiles = Array.from({ length: 20 }, (_, i) => ({
      slide: 'other',
      level: 0,
      col: i,
      row: 0,
      contentType: 'image/jpeg' as const,
      bytes: big,
    }));
    store.writeTiles(tiles);
    // Over a 1 MB budget, but everything was written after `protectSince`: nothing goes.
    expect(store.evict(1_000_000, 0)).toMatchObject({ evicted: 0 });
    const after = store.evict(1_000_000, Date.now() + 1000);
    expect(after.evicted).toBeGreaterThan(0);
    expect(after.usedBytes).toBeLessThanOrEqual(1_000_000);
    store.close();
    cache.close();
  });

  it('recognises a rebuilt file even when the inode number is reused', async () => {
    const store = new PrefetchStore(cachePath);
    store.open();
    expect(store.replaced()).toBe(false);
    for (const s of ['', '-wal', '-shm']) fs.rmSync(cachePath + s, { force: true });
    expect(store.replaced()).toBe(false); // nothing to compare with yet
    (await openCacheDb(cachePath, memoryLogger())).close();
    expect(store.replaced()).toBe(true);
    store.close();
    store.open();
    expect(store.replaced()).toBe(false);
    store.close();
  });
});
