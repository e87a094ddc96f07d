/**
 * Every SQL statement on cache.db, in one place: the tile reads of the viewer and the
 * prefetch worker, the writer thread's writes, LRU eviction, pins and the prefetch queue
 * (migration 002). Each thread prepares them on its own connection; only the writer
 * thread (tileWriter.ts) ever runs the writing ones.
 *
 * Also here: what counts as a damaged file (isCorruption), and the budget arithmetic.
 */
import type Database from 'better-sqlite3';
import type { CacheDb } from '../db/open';

export interface TileKey {
  /** The slide's stable identity (SlideSource.identity). */
  slide: string;
  /** -1 for associated images. */
  level: number;
  col: number;
  row: number;
}

/** A key as one string, for maps of pending writes and shared reads. */
export function tileKeyString(k: TileKey): string {
  return `${k.slide}\u0000${k.level}\u0000${k.col}\u0000${k.row}`;
}

/** A row of prefetch_cases (migration 002), as stored. */
export interface CaseRow {
  case_id: string;
  priority: 'frozen' | 'urgent' | 'routine';
  position: number;
  in_worklist: number;
  pinned: number;
  paused: number;
  cancelled: number;
  slides: string;
  plan: string | null;
}

/** The prefetch setting holding a random id per file, to recognise a rebuilt cache.db. */
export const FILE_ID_KEY = 'file_id';

/**
 * SQLite codes that mean the file cannot be trusted: it is rebuilt (it only holds copies).
 * An I/O error is counted too: a truncated or vanished file shows up that way.
 */
export function isCorruption(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    (code.startsWith('SQLITE_CORRUPT') ||
      code === 'SQLITE_NOTADB' ||
      code.startsWith('SQLITE_IOERR'))
  );
}

/** Bytes held by live pages: (page_count - freelist_count) x page_size. */
export function cacheUsedBytes(db: CacheDb): number {
  const pageCount = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  return (pageCount - free) * pageSize;
}

type Stmt<P extends unknown[] | object, R = unknown> = Database.Statement<P, R>;
type Key = [slide: string, level: number, col: number, row: number];

export interface ReadStatements {
  get: Stmt<Key, { id: number; content_type: string; bytes: Buffer }>;
  has: Stmt<Key, { id: number }>;
  count: Stmt<[], { n: number }>;
  countForSlide: Stmt<[string], { n: number; bytes: number | null }>;
  cachedTiles: Stmt<[string], { level: number; col: number; row: number; n: number }>;
  loadCases: Stmt<[], CaseRow>;
  getSetting: Stmt<[string], { value: string }>;
  seriesMetadata: Stmt<[series: string], { json: Buffer }>;
}

/** What any thread may read: synchronous, a warm hit takes a few tens of microseconds. */
export function readStatements(db: Database.Database): ReadStatements {
  return {
    get: db.prepare(
      'SELECT id, content_type, bytes FROM tiles WHERE slide = ? AND level = ? AND col = ? AND row = ?',
    ),
    has: db.prepare('SELECT id FROM tiles WHERE slide = ? AND level = ? AND col = ? AND row = ?'),
    count: db.prepare('SELECT count(*) AS n FROM tiles'),
    countForSlide: db.prepare(
      'SELECT count(*) AS n, sum(length(bytes)) AS bytes FROM tiles WHERE slide = ?',
    ),
    cachedTiles: db.prepare(
      'SELECT level, col, row, length(bytes) AS n FROM tiles WHERE slide = ?',
    ),
    loadCases: db.prepare('SELECT * FROM prefetch_cases'),
    getSetting: db.prepare('SELECT value FROM prefetch_settings WHERE key = ?'),
    seriesMetadata: db.prepare('SELECT json FROM series_metadata WHERE series = ?'),
  };
}

export interface TileRow {
  slide: string;
  level: number;
  col: number;
  row: number;
  contentType: string;
  bytes: Buffer;
  now: number;
}

export interface WriteStatements {
  put: Stmt<TileRow>;
  touch: Stmt<[at: number, id: number]>;
  remove: Stmt<[id: number]>;
  removeSlide: Stmt<[slide: string]>;
  pin: Stmt<[slide: string, at: number]>;
  unpin: Stmt<[slide: string]>;
  saveCase: Stmt<CaseRow & { now: number }>;
  deleteCase: Stmt<[caseId: string]>;
  setSetting: Stmt<[key: string, value: string]>;
  evictBatch: Stmt<[before: number, limit: number]>;
  count: Stmt<[], { n: number }>;
  putSeriesMetadata: Stmt<[series: string, json: Buffer, at: number]>;
  touchSeriesMetadata: Stmt<[at: number, series: string]>;
  evictSeriesMetadata: Stmt<[]>;
}

/** The writer thread's statements. */
export function writeStatements(db: Database.Database): WriteStatements {
  return {
    // A tile written twice keeps the newer bytes (both are the same image anyway).
    put: db.prepare(`
      INSERT INTO tiles (slide, level, col, row, content_type, bytes, last_access)
      VALUES (@slide, @level, @col, @row, @contentType, @bytes, @now)
      ON CONFLICT (slide, level, col, row) DO UPDATE SET
        content_type = excluded.content_type, bytes = excluded.bytes, last_access = excluded.last_access`),
    touch: db.prepare('UPDATE tiles SET last_access = ? WHERE id = ?'),
    remove: db.prepare('DELETE FROM tiles WHERE id = ?'),
    removeSlide: db.prepare('DELETE FROM tiles WHERE slide = ?'),
    pin: db.prepare('INSERT OR IGNORE INTO pins (slide, pinned_at) VALUES (?, ?)'),
    unpin: db.prepare('DELETE FROM pins WHERE slide = ?'),
    saveCase: db.prepare(`
      INSERT INTO prefetch_cases (case_id, priority, position, in_worklist, pinned, paused, cancelled, slides, plan, updated_at)
      VALUES (@case_id, @priority, @position, @in_worklist, @pinned, @paused, @cancelled, @slides, @plan, @now)
      ON CONFLICT (case_id) DO UPDATE SET
        priority = excluded.priority, position = excluded.position, in_worklist = excluded.in_worklist,
        pinned = excluded.pinned, paused = excluded.paused, cancelled = excluded.cancelled,
        slides = excluded.slides, plan = excluded.plan, updated_at = excluded.updated_at`),
    deleteCase: db.prepare('DELETE FROM prefetch_cases WHERE case_id = ?'),
    setSetting: db.prepare(
      'INSERT INTO prefetch_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    evictBatch: db.prepare(`
      DELETE FROM tiles WHERE id IN (
        SELECT id FROM tiles WHERE slide NOT IN (SELECT slide FROM pins) AND last_access < ?
        ORDER BY last_access LIMIT ?)`),
    count: db.prepare('SELECT count(*) AS n FROM tiles'),
    putSeriesMetadata: db.prepare(`
      INSERT INTO series_metadata (series, json, last_access) VALUES (?, ?, ?)
      ON CONFLICT (series) DO UPDATE SET json = excluded.json, last_access = excluded.last_access`),
    touchSeriesMetadata: db.prepare('UPDATE series_metadata SET last_access = ? WHERE series = ?'),
    // Metadata goes with the tiles: anything not used since the oldest tile left.
    evictSeriesMetadata: db.prepare(`
      DELETE FROM series_metadata
      WHERE last_access < (SELECT coalesce(min(last_access), 9007199254740991) FROM tiles)`),
  };
}

/** Eviction goes down to this fraction of the budget, so it does not run on every write. */
const EVICT_TARGET = 0.9;
/** Rows deleted per statement at most, so that one eviction step stays short. */
const EVICT_CHUNK = 5000;

/**
 * Deletes least recently used tiles of unpinned slides until the file is back under
 * EVICT_TARGET of the budget; a no-op under budget. Tiles accessed or written at or after
 * `protectSince` (ms) are kept even over budget: the prefetcher sets it to the start of its
 * oldest queued case, so that nothing it just fetched for a case goes again. Returns what
 * it deleted and the bytes used afterwards (over budget when all that is left is pinned or
 * protected).
 */
export function evictToBudget(
  db: CacheDb,
  stmts: Pick<WriteStatements, 'evictBatch' | 'count' | 'evictSeriesMetadata'>,
  budgetBytes: number,
  protectSince: number = Number.MAX_SAFE_INTEGER,
): { evicted: number; usedBytes: number } {
  let used = cacheUsedBytes(db);
  const target = budgetBytes * EVICT_TARGET;
  let evicted = 0;
  if (used <= budgetBytes) return { evicted, usedBytes: used };
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
  if (evicted > 0) {
    stmts.evictSeriesMetadata.run();
    used = cacheUsedBytes(db);
  }
  return { evicted, usedBytes: used };
}
