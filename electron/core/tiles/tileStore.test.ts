import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../log/logger';
import { fakeTileBytes } from '../testing/fakeSource';
import { TileStore } from './tileStore';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cache-'));
const jpeg = (l: number, c: number, r: number) => ({
  bytes: fakeTileBytes(l, c, r),
  contentType: 'image/jpeg' as const,
});

/** A JPEG envelope of `size` bytes, to fill the cache quickly. */
const bigTile = (size: number, seed: number) => {
  const b = new Uint8Array(size).fill(seed & 0xff);
  b.set([0xff, 0xd8], 0);
  b.set([0xff, 0xd9], size - 2);
  return { bytes: b, contentType: 'image/jpeg' as const };
};

describe('TileStore', () => {
  it('returns what was put, before and after the batch is flushed, and after reopening', async () => {
    const file = path.join(tmp(), 'cache.db');
    const cache = await TileStore.open(file, { log: memoryLogger(), budgetBytes: 1e9 });
    const key = { slide: 'id1', level: 0, col: 3, row: 4 };
    expect(cache.get(key)).toBeNull();
    cache.put(key, jpeg(0, 3, 4));
    expect(cache.get(key)?.bytes).toEqual(fakeTileBytes(0, 3, 4));
    await cache.flush();
    expect(cache.get(key)?.bytes).toEqual(fakeTileBytes(0, 3, 4));
    await cache.close();
    const reopened = await TileStore.open(file, { log: memoryLogger(), budgetBytes: 1e9 });
    expect(reopened.get(key)?.bytes).toEqual(fakeTileBytes(0, 3, 4));
    expect(reopened.get({ ...key, slide: 'id2' })).toBeNull();
    await reopened.close();
  });

  it('refuses malformed tiles and drops malformed stored ones', async () => {
    const file = path.join(tmp(), 'cache.db');
    const cache = await TileStore.open(file, { log: memoryLogger(), budgetBytes: 1e9 });
    expect(
      cache.put(
        { slide: 's', level: 0, col: 0, row: 0 },
        { bytes: new Uint8Array([1, 2, 3]), contentType: 'image/jpeg' },
      ),
    ).toBe(false);
    cache.put({ slide: 's', level: 0, col: 1, row: 0 }, jpeg(0, 1, 0));
    await cache.close();
    // Damage the stored blob behind the cache's back: it must become a miss.
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(file);
    raw.prepare(`UPDATE tiles SET bytes = x'ffd80000'`).run();
    raw.close();
    const log = memoryLogger();
    const again = await TileStore.open(file, { log, budgetBytes: 1e9 });
    expect(again.get({ slide: 's', level: 0, col: 1, row: 0 })).toBeNull();
    expect(log.lines.some((l) => l.event === 'cache.malformed_tile_dropped')).toBe(true);
    expect((await again.stats()).tiles).toBe(0);
    await again.close();
  });

  it('evicts least recently used tiles beyond the budget, never pinned ones', async () => {
    const cache = await TileStore.open(path.join(tmp(), 'cache.db'), {
      log: memoryLogger(),
      budgetBytes: 1e12,
    });
    cache.pin('pinned');
    for (let i = 0; i < 100; i++)
      cache.put({ slide: 'pinned', level: 0, col: i, row: 0 }, bigTile(20_000, i));
    await cache.flush();
    for (let i = 0; i < 200; i++)
      cache.put({ slide: 'other', level: 0, col: i, row: 0 }, bigTile(20_000, i));
    await cache.flush();
    const before = await cache.stats();
    expect(before.tiles).toBe(300);
    cache.setBudget(before.usedBytes / 2);
    const after = await cache.stats();
    expect(after.usedBytes).toBeLessThanOrEqual(before.usedBytes / 2);
    expect(await cache.countForSlide('pinned')).toBe(100);
    expect(await cache.countForSlide('other')).toBeLessThan(200);
    expect(await cache.countForSlide('other')).toBeGreaterThan(0);
    // The oldest "other" tiles went first.
    expect(cache.has({ slide: 'other', level: 0, col: 0, row: 0 })).toBe(false);
    expect(cache.has({ slide: 'other', level: 0, col: 199, row: 0 })).toBe(true);
    await cache.close();
  });

  it('drops every tile of one slide on request', async () => {
    const cache = await TileStore.open(path.join(tmp(), 'cache.db'), {
      log: memoryLogger(),
      budgetBytes: 1e9,
    });
    for (let i = 0; i < 10; i++) cache.put({ slide: 'a', level: 0, col: i, row: 0 }, jpeg(0, i, 0));
    cache.put({ slide: 'b', level: 0, col: 0, row: 0 }, jpeg(0, 0, 0));
    await cache.removeSlide('a');
    expect(await cache.countForSlide('a')).toBe(0);
    expect(await cache.countForSlide('b')).toBe(1);
    await cache.close();
  });
});

describe('TileStore and its writer thread', () => {
  it('rebuilds a file a reader finds damaged, silently, and every connection follows', async () => {
    const file = path.join(tmp(), 'cache.db');
    const log = memoryLogger();
    const cache = await TileStore.open(file, { log, budgetBytes: 1e9 });
    for (let i = 0; i < 50; i++)
      cache.put({ slide: 's', level: 0, col: i, row: 0 }, bigTile(20_000, i));
    await cache.flush();
    // Everything into the main file, then garbage over its b-tree pages.
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(file);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(16_384 * 6, 0xee), 0, 16_384 * 6, 16_384);
    fs.closeSync(fd);

    expect(cache.get({ slide: 's', level: 0, col: 3, row: 0 })).toBeNull();
    // Writes wait for the new file, then land in it.
    cache.put({ slide: 't', level: 0, col: 0, row: 0 }, jpeg(0, 0, 0));
    await cache.flush();
    expect(log.lines.find((l) => l.event === 'cache.corrupt_detected')?.fields).toEqual({
      by: 'reader',
    });
    expect(log.lines.some((l) => l.event === 'cache.rebuilt')).toBe(true);
    expect(cache.get({ slide: 't', level: 0, col: 0, row: 0 })?.bytes).toEqual(
      fakeTileBytes(0, 0, 0),
    );
    expect((await cache.stats()).tiles).toBe(1);
    await cache.close();
  });

  it('still reads and writes when the writer thread cannot start', async () => {
    const dir = tmp();
    const file = path.join(dir, 'cache.db');
    const log = memoryLogger();
    const cache = await TileStore.open(file, {
      log,
      budgetBytes: 1e9,
      writerEntry: { filename: path.join(dir, 'missing-writer.cjs'), options: {} },
    });
    expect(log.lines.some((l) => l.event === 'cache.writer_unavailable')).toBe(true);
    const key = { slide: 'x', level: 1, col: 2, row: 3 };
    cache.put(key, jpeg(1, 2, 3));
    await cache.flush();
    expect(cache.get(key)?.bytes).toEqual(fakeTileBytes(1, 2, 3));
    expect(await cache.countForSlide('x')).toBe(1);
    await cache.close();
  });
});
