/**
 * The tile cache in cache.db. Reads are synchronous prepared statements (a warm read is a
 * few tens of microseconds); writes and access-time updates are queued and flushed in
 * batches of a few hundred per transaction, which is where SQLite is fastest (7-11k
 * writes/s, PERFORMANCE.md) without growing the WAL to the size of the data.
 *
 * The size budget is measured from page counts ((page_count - freelist_count) x
 * page_size): deleting rows frees pages for reuse without a VACUUM. Least recently used
 * tiles go first; tiles of pinned slides never go.
 */
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { CacheDb } from '../db/open';
import { openCacheDb } from '../db/open';
import type { Logger } from '../log/logger';
import type { TileData, TileContentType } from '../sources/slideSource';
import { isWellFormedImage } from './tileValidation';

export interface TileKey {
  /** The slide's stable identity (SlideSource.identity). */
  slide: string;
  /** -1 for associated images. */
  level: number;
  col: number;
  row: number;
}

/** Write batches: flushed at this many queued writes, or after FLUSH_DELAY_MS. */
const FLUSH_BATCH = 256;
const FLUSH_DELAY_MS = 50;
/** Eviction goes down to this fraction of the budget, so it does not run on every write. */
const EVICT_TARGET = 0.9;
const EVICT_CHUNK = 5000;

function keyString(k: TileKey): string {
  return `${k.slide}\u0000${k.level}\u0000${k.col}\u0000${k.row}`;
}

/** Bytes held by live pages: (page_count - freelist_count) x page_size. */
export function cacheUsedBytes(db: CacheDb): number {
  const pageCount = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  return (pageCount - free) * pageSize;
}

export interface EvictOptions {
  /**
   * Tiles accessed or written at or after this time (ms) are kept even over budget. The
   * prefetch worker passes its start time so that it never evicts what it just fetched
   * for a higher-priority case.
   */
  protectSince?: number;
}

interface EvictStatements {
  evictBatch: Database.Statement<[number, number]>;
  count: Database.Statement<[], { n: number }>;
}
const evictStatements = new WeakMap<CacheDb, EvictStatements>();

/**
 * Deletes least recently used tiles of unpinned slides until the file is back under
 * EVICT_TARGET of the budget; a no-op under budget. Shared by TileCache (main thread) and
 * the prefetch worker, each on its own connection. Returns what it deleted and the bytes
 * used afterwards (over budget when everything left is pinned or protected).
 */
export function evictToBudget(
  db: CacheDb,
  budgetBytes: number,
  options: EvictOptions = {},
): { evicted: number; usedBytes: number } {
  let used = cacheUsedBytes(db);
  if (used <= budgetBytes) return { evicted: 0, usedBytes: used };
  let stmts = evictStatements.get(db);
  if (!stmts) {
    stmts = {
      evictBatch: db.prepare<[number, number]>(`
        DELETE FROM tiles WHERE id IN (
          SELECT id FROM tiles WHERE slide NOT IN (SELECT slide FROM pins) AND last_access < ?
          ORDER BY last_access LIMIT ?)`),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM tiles'),
    };
    evictStatements.set(db, stmts);
  }
  const protectSince = options.protectSince ?? Number.MAX_SAFE_INTEGER;
  const target = budgetBytes * EVICT_TARGET;
  let evicted = 0;
  while (used > target) {
    // Delete about as many tiles as the excess holds, judging by the average tile.
    const count = stmts.count.get()?.n ?? 0;
    const average = used / Math.max(1, count);
    const n = Math.min(EVICT_CHUNK, Math.max(16, Math.ceil((used - target) / average)));
    const { changes } = stmts.evictBatch.run(protectSince, n);
    evicted += changes;
    used = cacheUsedBytes(db);
    if (changes === 0) break; // Everything left is pinned or protected.
  }
  return { evicted, usedBytes: used };
}

/**
 * A lock shared with a writer on another connection (the prefetch worker), so that the
 * main thread never sleeps in SQLite's busy handler: a flush that cannot take the lock
 * is retried a few milliseconds later instead.
 */
export interface WriteCoordinator {
  tryAcquire(): boolean;
  release(): void;
}

/** Retry delay of a flush that found the background writer in a transaction. */
const LOCKED_RETRY_MS = 4;

export interface TileCacheStats {
  tiles: number;
  usedBytes: number;
  budgetBytes: number;
}

export class TileCache {
  private db!: CacheDb;
  private stmts!: ReturnType<TileCache['prepare']>;
  private readonly pendingWrites = new Map<string, { key: TileKey; data: TileData }>();
  private readonly pendingTouches = new Map<number, number>();
  private flushTimer: NodeJS.Timeout | null = null;
  private writeCoordinator: WriteCoordinator | null = null;
  private closed = false;

  private constructor(
    private readonly path: string,
    private readonly log: Logger,
    private budgetBytes: number,
  ) {}

  static async open(
    path: string,
    options: { log: Logger; budgetBytes: number },
  ): Promise<TileCache> {
    const cache = new TileCache(path, options.log, options.budgetBytes);
    await cache.attach();
    return cache;
  }

  private async attach(): Promise<void> {
    this.db = await openCacheDb(this.path, this.log);
    this.stmts = this.prepare(this.db);
    if (this.writeCoordinator) this.db.pragma('wal_autocheckpoint = 0');
  }

  /**
   * Shares writes with a background writer (Prefetcher.cacheWriteLock): timed flushes
   * take the lock or retry shortly, and WAL checkpoints are left to that writer, whose
   * thread can afford them. null detaches it.
   */
  setWriteCoordinator(coordinator: WriteCoordinator | null): void {
    this.writeCoordinator = coordinator;
    // SQLite's default: checkpoint when the WAL reaches 1000 pages.
    this.db.pragma(`wal_autocheckpoint = ${coordinator ? 0 : 1000}`);
  }

  private prepare(db: CacheDb) {
    return {
      get: db.prepare<
        [string, number, number, number],
        { id: number; content_type: string; bytes: Buffer }
      >(
        'SELECT id, content_type, bytes FROM tiles WHERE slide = ? AND level = ? AND col = ? AND row = ?',
      ),
      has: db.prepare<[string, number, number, number], { id: number }>(
        'SELECT id FROM tiles WHERE slide = ? AND level = ? AND col = ? AND row = ?',
      ),
      put: db.prepare(`
        INSERT INTO tiles (slide, level, col, row, content_type, bytes, last_access)
        VALUES (@slide, @level, @col, @row, @contentType, @bytes, @now)
        ON CONFLICT (slide, level, col, row) DO UPDATE SET
          content_type = excluded.content_type, bytes = excluded.bytes, last_access = excluded.last_access`),
      touch: db.prepare<[number, number]>('UPDATE tiles SET last_access = ? WHERE id = ?'),
      remove: db.prepare<[number]>('DELETE FROM tiles WHERE id = ?'),
      countForSlide: db.prepare<[string], { n: number }>(
        'SELECT count(*) AS n FROM tiles WHERE slide = ?',
      ),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM tiles'),
      pin: db.prepare<[string, number]>(
        'INSERT OR IGNORE INTO pins (slide, pinned_at) VALUES (?, ?)',
      ),
      unpin: db.prepare<[string]>('DELETE FROM pins WHERE slide = ?'),
      removeSlide: db.prepare<[string]>('DELETE FROM tiles WHERE slide = ?'),
    };
  }

  /** Runs `fn`; if the file turns out to be corrupt, rebuilds it and answers `fallback`. */
  private guard<T>(fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      if (
        code.startsWith('SQLITE_CORRUPT') ||
        code === 'SQLITE_NOTADB' ||
        code.startsWith('SQLITE_IOERR')
      ) {
        this.log.warn('cache.corrupt_detected', { code });
        void this.rebuild();
        return fallback;
      }
      throw e;
    }
  }

  private rebuilding: Promise<void> | null = null;

  /**
   * Rebuilds cache.db now (another connection, the prefetch worker, found it corrupt):
   * the same silent rebuild as when this connection finds the damage itself.
   */
  recover(): Promise<void> {
    this.log.warn('cache.corrupt_detected', { code: 'reported' });
    return this.rebuild();
  }

  private rebuild(): Promise<void> {
    this.rebuilding ??= (async () => {
      this.pendingWrites.clear();
      this.pendingTouches.clear();
      try {
        this.db.close();
      } catch {
        // Already unusable.
      }
      for (const s of ['', '-wal', '-shm']) fs.rmSync(this.path + s, { force: true });
      await this.attach();
      this.log.warn('cache.rebuilt', { reason: 'corruption detected while running' });
    })().finally(() => {
      this.rebuilding = null;
    });
    return this.rebuilding;
  }

  /** A cached, well-formed tile, or null. A malformed stored tile is dropped. */
  get(key: TileKey): TileData | null {
    if (this.closed || this.rebuilding) return null;
    const pending = this.pendingWrites.get(keyString(key));
    if (pending) return pending.data;
    return this.guard(() => {
      const row = this.stmts.get.get(key.slide, key.level, key.col, key.row);
      if (!row) return null;
      const bytes = new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength);
      if (!isWellFormedImage(bytes, row.content_type)) {
        this.log.warn('cache.malformed_tile_dropped', { level: key.level });
        this.stmts.remove.run(row.id);
        return null;
      }
      this.pendingTouches.set(row.id, Date.now());
      this.scheduleFlush();
      return { bytes, contentType: row.content_type as TileContentType };
    }, null);
  }

  has(key: TileKey): boolean {
    if (this.closed || this.rebuilding) return false;
    if (this.pendingWrites.has(keyString(key))) return true;
    return this.guard(
      () => this.stmts.has.get(key.slide, key.level, key.col, key.row) !== undefined,
      false,
    );
  }

  /** Queues a tile for writing. Malformed images are refused. */
  put(key: TileKey, data: TileData): boolean {
    if (this.closed || !isWellFormedImage(data.bytes, data.contentType)) return false;
    this.pendingWrites.set(keyString(key), { key, data });
    if (this.pendingWrites.size >= FLUSH_BATCH) this.flush(false);
    else this.scheduleFlush();
    return true;
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.closed) return;
    this.flushTimer = setTimeout(() => this.flush(false), FLUSH_DELAY_MS);
    this.flushTimer.unref();
  }

  /**
   * Writes queued tiles and access times in one transaction, then enforces the budget.
   * With `wait` false and a background writer in a transaction, retries shortly instead.
   */
  flush(wait = true): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.closed || this.rebuilding) return;
    if (this.pendingWrites.size === 0 && this.pendingTouches.size === 0) return;
    const lock = this.writeCoordinator;
    const locked = lock?.tryAcquire() ?? false;
    if (lock && !locked && !wait) {
      this.flushTimer = setTimeout(() => this.flush(false), LOCKED_RETRY_MS);
      this.flushTimer.unref();
      return;
    }
    try {
      this.writeQueued();
    } finally {
      if (locked) lock?.release();
    }
  }

  private writeQueued(): void {
    const writes = [...this.pendingWrites.values()];
    const touches = [...this.pendingTouches.entries()];
    this.pendingWrites.clear();
    this.pendingTouches.clear();
    const now = Date.now();
    this.guard(() => {
      this.db.transaction(() => {
        for (const [id, at] of touches) this.stmts.touch.run(at, id);
        for (const { key, data } of writes) {
          const bytes = Buffer.from(
            data.bytes.buffer,
            data.bytes.byteOffset,
            data.bytes.byteLength,
          );
          this.stmts.put.run({ ...key, contentType: data.contentType, bytes, now });
        }
      })();
      if (writes.length > 0) this.enforceBudget();
    }, undefined);
  }

  usedBytes(): number {
    return cacheUsedBytes(this.db);
  }

  setBudget(bytes: number): void {
    this.budgetBytes = bytes;
    this.guard(() => this.enforceBudget(), undefined);
  }

  private enforceBudget(): void {
    const { evicted } = evictToBudget(this.db, this.budgetBytes);
    if (evicted > 0) this.log.info('cache.evicted', { tiles: evicted });
  }

  pin(slide: string): void {
    this.guard(() => this.stmts.pin.run(slide, Date.now()), undefined);
  }

  unpin(slide: string): void {
    this.guard(() => this.stmts.unpin.run(slide), undefined);
  }

  /** Drops every cached tile of a slide (pinned or not); the pages are reused later. */
  removeSlide(slide: string): number {
    this.flush();
    return this.guard(() => this.stmts.removeSlide.run(slide).changes, 0);
  }

  countForSlide(slide: string): number {
    this.flush();
    return this.guard(() => this.stmts.countForSlide.get(slide)?.n ?? 0, 0);
  }

  stats(): TileCacheStats {
    this.flush();
    return this.guard(
      () => ({
        tiles: this.stmts.count.get()?.n ?? 0,
        usedBytes: this.usedBytes(),
        budgetBytes: this.budgetBytes,
      }),
      { tiles: 0, usedBytes: 0, budgetBytes: this.budgetBytes },
    );
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.db.close();
  }
}
