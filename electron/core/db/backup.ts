/**
 * Daily backups of workstation.db (issue 8, "Nothing is ever lost"): `VACUUM INTO` a new
 * file in <dataDir>/backups, the last BACKUP_KEEP kept. At start when the latest backup is
 * older than a day (or there is none), then whenever it becomes so: checked every hour, so
 * a laptop that slept through the 24 h mark catches up on waking.
 *
 * VACUUM INTO writes a compact, consistent copy from a read transaction: writers are not
 * blocked in WAL mode, but the call itself runs on this thread (a few hundred ms for a
 * database of tens of MB; it is once a day). The copy is written under a temporary name
 * and renamed, so a crash never leaves a half backup that looks whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Logger } from '../log/logger';

/** How many daily backups are kept (a week). */
export const BACKUP_KEEP = 7;
export const DAY_MS = 24 * 60 * 60 * 1000;
/** How often the age of the latest backup is checked. */
export const BACKUP_CHECK_MS = 60 * 60 * 1000;

const NAME = /^workstation-(\d{8}T\d{6}(?:\d{3})?Z)\.db$/;

export function backupsDir(dataDir: string): string {
  return path.join(dataDir, 'backups');
}

/** `20261203T115501123Z`: sorts like the time, valid in every file system. */
export function fileStamp(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}

function stampTime(stamp: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})?Z$/.exec(stamp)!;
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7] ?? '000'}Z`);
}

export interface BackupFile {
  path: string;
  takenAt: Date;
}

/** The backups in `dir`, newest first. */
export function listBackups(dir: string): BackupFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, m: NAME.exec(name) }))
    .filter((f): f is { name: string; m: RegExpExecArray } => f.m !== null)
    .map(({ name, m }) => ({ path: path.join(dir, name), takenAt: stampTime(m[1]!) }))
    .sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
}

/** Writes one backup now and removes the oldest beyond `keep`. Returns its path. */
export function backupNow(
  db: Database.Database,
  dir: string,
  now: Date = new Date(),
  keep = BACKUP_KEEP,
): string {
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, `workstation-${fileStamp(now)}.db`);
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  db.prepare('VACUUM INTO ?').run(partial);
  fs.renameSync(partial, target);
  for (const old of listBackups(dir).slice(keep)) fs.rmSync(old.path, { force: true });
  return target;
}

export interface DailyBackups {
  /** Runs a backup now when the latest is a day old or more (also what the timer does). */
  check(): void;
  stop(): void;
}

export function startDailyBackups(
  db: Database.Database,
  dataDir: string,
  log: Logger,
  options: { now?: () => Date; checkEveryMs?: number; keep?: number } = {},
): DailyBackups {
  const now = options.now ?? (() => new Date());
  const dir = backupsDir(dataDir);
  function check() {
    const latest = listBackups(dir)[0];
    const at = now();
    if (latest && at.getTime() - latest.takenAt.getTime() < DAY_MS) return;
    try {
      const started = Date.now();
      backupNow(db, dir, at, options.keep);
      log.info('db.backup.done', { ms: Date.now() - started, kept: listBackups(dir).length });
    } catch (e) {
      log.error('db.backup.failed', { error: e });
    }
  }
  check();
  const timer = setInterval(check, options.checkEveryMs ?? BACKUP_CHECK_MS);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
