/**
 * Opening the two databases with the settings of ARCHITECTURE.md.
 *
 * workstation.db is precious (cases, statuses, settings, later drafts and reports): WAL,
 * synchronous=FULL, quick_check at start, a backup before each migration, and it is never
 * deleted: if it is damaged we refuse to start on it and say so.
 *
 * cache.db is disposable (tiles only): WAL, synchronous=NORMAL, 16 KB pages (41-43k random
 * reads/s against 19-36k/s with 4 KB pages, PERFORMANCE.md). If it is damaged it is
 * rebuilt silently, and the rebuild is logged.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { WorkstationError } from '../../common/errors';
import type { Logger } from '../log/logger';
import { cacheMigrations } from './cacheMigrations';
import { migrate } from './migration';
import { workstationMigrations } from './migrations';

export type WorkstationDb = Database.Database & { readonly __db: 'workstation' };
export type CacheDb = Database.Database & { readonly __db: 'cache' };

/** Page size of cache.db; see the header comment. */
export const CACHE_PAGE_SIZE = 16_384;

/**
 * The details of a 'corrupt' error when the file itself is damaged (quick_check failed, or
 * SQLite says it is not a database or is malformed), as opposed to one that cannot be
 * opened for another reason (permissions, a lock): only then may it be replaced by a backup
 * (recovery.ts).
 */
export const DAMAGED = { damaged: true } as const;

export function isDamagedError(e: unknown): boolean {
  return (
    e instanceof WorkstationError &&
    e.code === 'corrupt' &&
    (e.details as { damaged?: unknown } | undefined)?.damaged === true
  );
}

function quickCheck(db: Database.Database): string | null {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  return problems.length > 0 ? problems.slice(0, 3).join('; ') : null;
}

export async function openWorkstationDb(path: string, log: Logger): Promise<WorkstationDb> {
  let db: Database.Database;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const problem = quickCheck(db);
    if (problem) {
      db.close();
      throw new WorkstationError(
        'corrupt',
        `workstation.db failed its integrity check (${problem}).`,
        DAMAGED,
      );
    }
  } catch (e) {
    log.error('db.workstation.open_failed', { code: (e as { code?: string }).code });
    if (e instanceof WorkstationError) throw e;
    const code = (e as { code?: unknown }).code;
    throw new WorkstationError(
      'corrupt',
      `The workstation database at ${path} cannot be opened (${(e as Error).message}). It has not been modified; contact support.`,
      typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code) ? DAMAGED : undefined,
    );
  }
  const version = await migrate(db, workstationMigrations, {
    backupPath: `${path}.before-migration`,
  });
  log.info('db.workstation.opened', { version });
  return db as WorkstationDb;
}

function removeDbFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(path + suffix, { force: true });
}

async function openCacheOnce(path: string): Promise<CacheDb> {
  const db = new Database(path);
  try {
    // page_size only takes effect on an empty file, before WAL is turned on.
    db.pragma(`page_size = ${CACHE_PAGE_SIZE}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    const problem = quickCheck(db);
    if (problem) throw new WorkstationError('corrupt', problem);
    await migrate(db, cacheMigrations);
    return db as CacheDb;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Opens cache.db, rebuilding it from scratch when it is corrupt or unreadable. */
export async function openCacheDb(path: string, log: Logger): Promise<CacheDb> {
  try {
    return await openCacheOnce(path);
  } catch (e) {
    log.warn('cache.rebuilt', {
      reason: (e as { code?: string }).code ?? (e as Error).name,
    });
    removeDbFiles(path);
    return openCacheOnce(path);
  }
}
