/**
 * Opening workstation.db at start when it may be damaged (issue 8). The damaged file is
 * never deleted or changed: it is moved aside, with its -wal and -shm files, as
 * `workstation.db.damaged-<time>` (renames only), and a copy of the latest backup takes
 * its place when there is one. What happened is returned (the UI shows it) and logged
 * with a code: `db_restored_from_backup`, or `db_damaged_no_backup` when the workstation
 * had to start on an empty database.
 *
 * Only a file SQLite finds damaged is replaced (isDamagedError: quick_check failed, "not a
 * database", "malformed"). A file that cannot be opened for another reason (permissions, a
 * newer schema, a lock) stops the start as before: replacing it would hide good data.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseRecovery } from '../../common/contract';
import type { Logger } from '../log/logger';
import type { BackupFile } from './backup';
import { backupsDir, fileStamp, listBackups } from './backup';
import type { WorkstationDb } from './open';
import { isDamagedError, openWorkstationDb } from './open';

export const DB_FILE = 'workstation.db';

export async function openWorkstationDbWithRecovery(
  dataDir: string,
  log: Logger,
  now: () => Date = () => new Date(),
): Promise<{ db: WorkstationDb; recovery: DatabaseRecovery | null }> {
  const file = path.join(dataDir, DB_FILE);
  try {
    return { db: await openWorkstationDb(file, log), recovery: null };
  } catch (e) {
    if (!isDamagedError(e)) throw e;
  }
  const at = now();
  const damagedFile = `${DB_FILE}.damaged-${fileStamp(at)}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(file + suffix))
      fs.renameSync(file + suffix, path.join(dataDir, damagedFile + suffix));
  }
  // The newest backup that opens; a damaged backup is skipped (our copy of it removed).
  for (const backup of listBackups(backupsDir(dataDir))) {
    fs.copyFileSync(backup.path, file, fs.constants.COPYFILE_EXCL);
    try {
      const db = await openWorkstationDb(file, log);
      return { db, recovery: report(log, at, damagedFile, backup) };
    } catch (e) {
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
      if (!isDamagedError(e)) throw e;
      log.error('db.backup.damaged', { takenAt: backup.takenAt.toISOString() });
    }
  }
  const db = await openWorkstationDb(file, log);
  return { db, recovery: report(log, at, damagedFile, null) };
}

function report(
  log: Logger,
  at: Date,
  damagedFile: string,
  backup: BackupFile | null,
): DatabaseRecovery {
  const recovery: DatabaseRecovery = {
    outcome: backup ? 'restored' : 'empty',
    at: at.toISOString(),
    damagedFile,
    backupFile: backup ? path.basename(backup.path) : null,
    backupTakenAt: backup ? backup.takenAt.toISOString() : null,
  };
  log.error('db.workstation.damaged', {
    code: backup ? 'db_restored_from_backup' : 'db_damaged_no_backup',
    backupTakenAt: recovery.backupTakenAt,
  });
  return recovery;
}
