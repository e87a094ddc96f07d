/**
 * Checks the audit trail of a data folder's workstation.db as it is on disk: opened
 * read-only, never migrated (for `npm run audit -- verify` and support).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { WorkstationError } from '../../common/errors';
import { readEntries } from './auditLog';
import { checkChain } from './chain';

/** The number of entries of an intact trail; throws a WorkstationError naming the first bad entry. */
export function verifyDataDir(dataDir: string): { entries: number } {
  const file = path.join(dataDir, 'workstation.db');
  if (!fs.existsSync(file))
    throw new WorkstationError('not_found', `There is no workstation.db in ${dataDir}.`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_entries'")
      .get();
    if (!table)
      throw new WorkstationError(
        'unsupported',
        'This workstation.db has no audit chain yet: start the workstation once to upgrade it.',
      );
    const result = checkChain(readEntries(db));
    if (!result.ok)
      throw new WorkstationError('corrupt', `audit trail tampered: ${result.problem.message}`);
    return { entries: result.entries };
  } finally {
    db.close();
  }
}
