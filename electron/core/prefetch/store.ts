/**
 * The prefetch worker's own connection to cache.db: the persisted queue (migration 002),
 * batched tile writes, cheap existence checks and pins.
 *
 * The main thread opens cache.db first (openCacheDb: migrations, rebuild when corrupt);
 * this connection never deletes the file, because the main thread's TileCache has it open
 * too. If the file turns out corrupt here, the worker stops writing and asks the main
 * thread to rebuild it; a rebuilt file is recognised by its inode changing, and then
 * reopened.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Priority } from '../../common/contract';
import { cacheMigrations } from '../db/cacheMigrations';
import type { CacheDb } from '../db/open';
import type { TileContentType } from '../sources/slideSource';
import { cacheUsedBytes, evictToBudget } from '../tiles/tileCache';
import type { PrefetchSlide } from './types';

export interface PersistedCase {
  caseId: string;
  priority: Priority;
  position: number;
  inWorklist: boolean;
  pinned: boolean;
  paused: boolean;
  cancelled: boolean;
  slides: PrefetchSlide[];
  /** Tiles each slide needed when the case was last complete (null: not known complete). */
  plan: { whole: boolean; counts: number[] } | null;
}

export interface TileWrite {
  slide: string;
  level: number;
  col: number;
  row: number;
  contentType: TileContentType;
  bytes: Uint8Array;
}

interface CaseRow {
  case_id: string;
  priority: Priority;
  position: number;
  in_worklist: number;
  pinned: number;
  paused: number;
  cancelled: number;
  slides: string;
  plan: string | null;
}

/** SQLite checkpoints at 1000 pages by default: 16 MB with cache.db's 16 KB pages. */
const WAL_CHECKPOINT_BYTES = 16 << 20;

/** A random id written in each cache.db this worker opens, to recognise a rebuilt file. */
const FILE_ID_KEY = 'file_id';

export class CacheCorruptError extends Error {
  constructor(readonly code: string) {
    super(`cache.db is corrupt (${code})`);
  }
}

export function isCorruption(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    (code.startsWith('SQLITE_CORRUPT') ||
      code === 'SQLITE_NOTADB' ||
      code.startsWith('SQLITE_IOERR'))
  );
}

function inodeOf(path: string): number | null {
  try {
    return fs.statSync(path).ino;
  } catch {
    return null;
  }
}

export class PrefetchStore {
  private db: CacheDb | null = null;
  private ino: number | null = null;
  private fileId: string | null = null;
  private stmts!: ReturnType<PrefetchStore['prepare']>;

  constructor(readonly path: string) {}

  get isOpen(): boolean {
    return this.db !== null;
  }

  /** Opens the file the main thread prepared; throws when it is missing, old or corrupt. */
  open(): void {
    const db = new Database(this.path, { fileMustExist: true }) as CacheDb;
    try {
      db.pragma('busy_timeout = 5000');
      db.pragma('synchronous = NORMAL');
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version !== cacheMigrations.length) {
        throw new Error(`cache.db is at schema ${version}, expected ${cacheMigrations.length}`);
      }
      this.stmts = this.prepare(db);
    } catch (e) {
      db.close();
      throw e;
    }
    this.db = db;
    this.ino = inodeOf(this.path);
    this.fileId = this.setting(FILE_ID_KEY) ?? randomUUID();
    this.setSetting(FILE_ID_KEY, this.fileId);
  }

  close(): void {
    try {
      this.db?.close();
    } catch {
      // A corrupt file may refuse to close cleanly; the handle is gone either way.
    }
    this.db = null;
  }

  /**
   * True when the file at `path` is no longer the one this connection opened (the main
   * thread rebuilt it). A new inode says so at once; since a deleted file's inode may be
   * reused straight away, the id written in the file at open is compared too, through a
   * short-lived second connection.
   */
  replaced(): boolean {
    const ino = inodeOf(this.path);
    if (ino === null) return false;
    if (ino !== this.ino) return true;
    let probe: Database.Database | null = null;
    try {
      probe = new Database(this.path, { fileMustExist: true });
      const row = probe
        .prepare('SELECT value FROM prefetch_settings WHERE key = ?')
        .get(FILE_ID_KEY) as { value: string } | undefined;
      return row?.value !== this.fileId;
    } catch {
      // Missing or unreadable right now: say nothing until it can be read.
      return false;
    } finally {
      probe?.close();
    }
  }

  private prepare(db: CacheDb) {
    return {
      loadCases: db.prepare<[], CaseRow>('SELECT * FROM prefetch_cases'),
      saveCase: db.prepare(`
        INSERT INTO prefetch_cases (case_id, priority, position, in_worklist, pinned, paused, cancelled, slides, plan, updated_at)
        VALUES (@caseId, @priority, @position, @inWorklist, @pinned, @paused, @cancelled, @slides, @plan, @now)
        ON CONFLICT (case_id) DO UPDATE SET
          priority = excluded.priority, position = excluded.position, in_worklist = excluded.in_worklist,
          pinned = excluded.pinned, paused = excluded.paused, cancelled = excluded.cancelled,
          slides = excluded.slides, plan = excluded.plan, updated_at = excluded.updated_at`),
      deleteCase: db.prepare<[string]>('DELETE FROM prefetch_cases WHERE case_id = ?'),
      getSetting: db.prepare<[string], { value: string }>(
        'SELECT value FROM prefetch_settings WHERE key = ?',
      ),
      setSetting: db.prepare<[string, string]>(
        'INSERT INTO prefetch_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      cachedTiles: db.prepare<[string], { level: number; col: number; row: number; n: number }>(
        'SELECT level, col, row, length(bytes) AS n FROM tiles WHERE slide = ?',
      ),
      countTiles: db.prepare<[string], { n: number; bytes: number | null }>(
        'SELECT count(*) AS n, sum(length(bytes)) AS bytes FROM tiles WHERE slide = ?',
      ),
      getTile: db.prepare<
        [string, number, number, number],
        { content_type: string; bytes: Buffer }
      >(
        'SELECT content_type, bytes FROM tiles WHERE slide = ? AND level = ? AND col = ? AND row = ?',
      ),
      put: db.prepare(`
        INSERT INTO tiles (slide, level, col, row, content_type, bytes, last_access)
        VALUES (@slide, @level, @col, @row, @contentType, @bytes, @now)
        ON CONFLICT (slide, level, col, row) DO NOTHING`),
      pin: db.prepare<[string, number]>(
        'INSERT OR IGNORE INTO pins (slide, pinned_at) VALUES (?, ?)',
      ),
      unpin: db.prepare<[string]>('DELETE FROM pins WHERE slide = ?'),
    };
  }

  private get conn(): CacheDb {
    if (!this.db) throw new CacheCorruptError('closed');
    return this.db;
  }

  /** Runs a statement; SQLite corruption becomes a CacheCorruptError the engine handles. */
  private run<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (isCorruption(e)) throw new CacheCorruptError((e as { code: string }).code);
      throw e;
    }
  }

  loadCases(): PersistedCase[] {
    return this.run(() =>
      this.stmts.loadCases.all().map((r) => ({
        caseId: r.case_id,
        priority: r.priority,
        position: r.position,
        inWorklist: r.in_worklist === 1,
        pinned: r.pinned === 1,
        paused: r.paused === 1,
        cancelled: r.cancelled === 1,
        slides: JSON.parse(r.slides) as PrefetchSlide[],
        plan: r.plan ? (JSON.parse(r.plan) as PersistedCase['plan']) : null,
      })),
    );
  }

  saveCases(cases: readonly PersistedCase[]): void {
    const now = Date.now();
    this.run(() =>
      this.conn.transaction(() => {
        for (const c of cases) {
          this.stmts.saveCase.run({
            caseId: c.caseId,
            priority: c.priority,
            position: c.position,
            inWorklist: c.inWorklist ? 1 : 0,
            pinned: c.pinned ? 1 : 0,
            paused: c.paused ? 1 : 0,
            cancelled: c.cancelled ? 1 : 0,
            slides: JSON.stringify(c.slides),
            plan: c.plan ? JSON.stringify(c.plan) : null,
            now,
          });
        }
      })(),
    );
  }

  deleteCase(caseId: string): void {
    this.run(() => this.stmts.deleteCase.run(caseId));
  }

  setting(key: string): string | null {
    return this.run(() => this.stmts.getSetting.get(key)?.value ?? null);
  }

  setSetting(key: string, value: string): void {
    this.run(() => this.stmts.setSetting.run(key, value));
  }

  /** Every cached tile of a slide, as "level/col/row" -> stored bytes: one query per slide. */
  cachedTiles(identity: string): Map<string, number> {
    return this.run(() => {
      const out = new Map<string, number>();
      for (const r of this.stmts.cachedTiles.iterate(identity))
        out.set(`${r.level}/${r.col}/${r.row}`, r.n);
      return out;
    });
  }

  countTiles(identity: string): { tiles: number; bytes: number } {
    return this.run(() => {
      const r = this.stmts.countTiles.get(identity);
      return { tiles: r?.n ?? 0, bytes: r?.bytes ?? 0 };
    });
  }

  getTile(
    identity: string,
    level: number,
    col: number,
    row: number,
  ): { contentType: string; bytes: Uint8Array } | null {
    return this.run(() => {
      const r = this.stmts.getTile.get(identity, level, col, row);
      return r ? { contentType: r.content_type, bytes: new Uint8Array(r.bytes) } : null;
    });
  }

  /** Writes tiles in one transaction (a tile the viewer stored meanwhile is kept). */
  writeTiles(tiles: readonly TileWrite[]): void {
    const now = Date.now();
    this.run(() =>
      this.conn.transaction(() => {
        for (const t of tiles) {
          const bytes = Buffer.from(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength);
          this.stmts.put.run({
            slide: t.slide,
            level: t.level,
            col: t.col,
            row: t.row,
            contentType: t.contentType,
            bytes,
            now,
          });
        }
      })(),
    );
  }

  evict(budgetBytes: number, protectSince: number): { evicted: number; usedBytes: number } {
    return this.run(() => evictToBudget(this.conn, budgetBytes, { protectSince }));
  }

  usedBytes(): number {
    return this.run(() => cacheUsedBytes(this.conn));
  }

  /** A passive checkpoint when the WAL has grown past WAL_CHECKPOINT_BYTES. */
  checkpointIfLarge(): void {
    let size: number;
    try {
      size = fs.statSync(`${this.path}-wal`).size;
    } catch {
      return;
    }
    if (size > WAL_CHECKPOINT_BYTES && this.db)
      this.run(() => this.conn.pragma('wal_checkpoint(PASSIVE)'));
  }

  pin(identity: string): void {
    this.run(() => this.stmts.pin.run(identity, Date.now()));
  }

  unpin(identity: string): void {
    this.run(() => this.stmts.unpin.run(identity));
  }
}
