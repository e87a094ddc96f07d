/**
 * A thread's own read connection to cache.db. Reads are synchronous prepared statements
 * (a warm hit is a few tens of microseconds), never routed through another thread.
 *
 * The connection follows the file the writer thread has open: the shared generation
 * (writerProtocol.ts) changes when the writer rebuilds or follows a new file, and the
 * next read reopens; while it is odd (a rebuild under way) every read is a miss. A read
 * that finds the file damaged reports it (the writer rebuilds it) and answers a miss; a
 * stored tile that is not a complete image is reported for removal and is a miss too.
 */
import Database from 'better-sqlite3';
import { cacheMigrations } from '../db/cacheMigrations';
import type { CacheDb } from '../db/open';
import type { TileContentType, TileData } from '../sources/slideSource';
import type { ReadStatements, TileKey } from './cacheStatements';
import { cacheUsedBytes, isCorruption, readStatements } from './cacheStatements';
import { isWellFormedImage } from './tileValidation';
import { SHARED_GENERATION } from './writerProtocol';

/** How long a read may wait on a lock (WAL readers rarely do: recovery after a crash). */
const READ_BUSY_TIMEOUT_MS = 1000;

export interface ReaderReports {
  /** The file is damaged (seen on a connection to `generation`). */
  corrupt(generation: number): void;
  /** The stored tile of row `id` is not a complete image. */
  malformed(generation: number, id: number): void;
}

export class CacheReader {
  private db: CacheDb | null = null;
  private stmts: ReadStatements | null = null;
  private openedGeneration = -1;
  private readonly shared: Int32Array;

  constructor(
    private readonly path: string,
    shared: SharedArrayBuffer,
    private readonly reports: ReaderReports,
  ) {
    this.shared = new Int32Array(shared);
  }

  /** The generation of the file this connection reads (-1 before the first read). */
  get generation(): number {
    return this.openedGeneration;
  }

  /**
   * Runs `fn` on a connection to the current file. `fallback` while the file is being
   * rebuilt, cannot be opened, or turns out damaged.
   */
  read<T>(fn: (s: ReadStatements, db: CacheDb) => T, fallback: T): T {
    const generation = Atomics.load(this.shared, SHARED_GENERATION);
    if (generation % 2 === 1) return fallback;
    if (generation !== this.openedGeneration || !this.db || !this.stmts) {
      if (!this.reopen(generation)) return fallback;
    }
    try {
      return fn(this.stmts as ReadStatements, this.db as CacheDb);
    } catch (e) {
      if (!isCorruption(e)) throw e;
      this.reports.corrupt(generation);
      this.close();
      return fallback;
    }
  }

  private reopen(generation: number): boolean {
    this.close();
    let db: Database.Database | null = null;
    try {
      db = new Database(this.path, { fileMustExist: true });
      db.pragma(`busy_timeout = ${READ_BUSY_TIMEOUT_MS}`);
      db.pragma('query_only = 1');
      const version = db.pragma('user_version', { simple: true }) as number;
      // The writer migrates the file before it says it is ready: anything else is not ours.
      if (version !== cacheMigrations.length) throw new Error(`cache.db schema ${version}`);
      this.stmts = readStatements(db);
      this.db = db as CacheDb;
      this.openedGeneration = generation;
      return true;
    } catch (e) {
      db?.close();
      if (isCorruption(e)) this.reports.corrupt(generation);
      return false;
    }
  }

  /** A stored, well-formed tile and its row id, or null. */
  get(key: TileKey): { id: number; data: TileData } | null {
    return this.read((s) => {
      const row = s.get.get(key.slide, key.level, key.col, key.row);
      if (!row) return null;
      const bytes = new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength);
      if (!isWellFormedImage(bytes, row.content_type)) {
        this.reports.malformed(this.openedGeneration, row.id);
        return null;
      }
      return { id: row.id, data: { bytes, contentType: row.content_type as TileContentType } };
    }, null);
  }

  has(key: TileKey): boolean {
    return this.read((s) => s.has.get(key.slide, key.level, key.col, key.row) !== undefined, false);
  }

  /** Every stored tile of a slide, as "level/col/row" -> bytes: one query per slide. */
  cachedTiles(slide: string): Map<string, number> {
    return this.read((s) => {
      const out = new Map<string, number>();
      for (const r of s.cachedTiles.iterate(slide)) out.set(`${r.level}/${r.col}/${r.row}`, r.n);
      return out;
    }, new Map<string, number>());
  }

  /** An archive series' metadata as stored (deflated DICOM JSON), or null. */
  seriesMetadata(series: string): Buffer | null {
    return this.read((s) => s.seriesMetadata.get(series)?.json ?? null, null);
  }

  countForSlide(slide: string): { tiles: number; bytes: number } {
    return this.read(
      (s) => {
        const r = s.countForSlide.get(slide);
        return { tiles: r?.n ?? 0, bytes: r?.bytes ?? 0 };
      },
      { tiles: 0, bytes: 0 },
    );
  }

  stats(): { tiles: number; usedBytes: number } {
    return this.read((s, db) => ({ tiles: s.count.get()?.n ?? 0, usedBytes: cacheUsedBytes(db) }), {
      tiles: 0,
      usedBytes: 0,
    });
  }

  close(): void {
    try {
      this.db?.close();
    } catch {
      // A damaged file may refuse to close cleanly; the handle is gone either way.
    }
    this.db = null;
    this.stmts = null;
  }
}
