/**
 * Numbered migrations (one file each, each with its own test), tracked in SQLite's
 * `user_version`. Before migrating a file that already holds data, a copy is made beside
 * it so that a failed upgrade never costs a pathologist their drafts.
 */
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { WorkstationError } from '../../common/errors';

export interface Migration {
  /** 1, 2, 3...: must match the number in the file name. */
  version: number;
  description: string;
  up(db: Database.Database): void;
}

export function currentVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export interface MigrateOptions {
  /** Path of the database file; when set and the file holds data, it is backed up first. */
  backupPath?: string;
}

/** Applies every migration above the file's version, each in its own transaction. */
export async function migrate(
  db: Database.Database,
  migrations: readonly Migration[],
  options: MigrateOptions = {},
): Promise<number> {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(
        `Migrations must be numbered 1..n without gaps (got ${m.version} at ${i + 1})`,
      );
  });
  const from = currentVersion(db);
  const latest = sorted.length;
  if (from > latest) {
    throw new WorkstationError(
      'unsupported',
      `This database was written by a newer version of the workstation (schema ${from}, this version knows ${latest}). Please update the application.`,
    );
  }
  if (from === latest) return from;
  if (from > 0 && options.backupPath) {
    fs.rmSync(options.backupPath, { force: true });
    await db.backup(options.backupPath);
  }
  for (const m of sorted.slice(from)) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return latest;
}
