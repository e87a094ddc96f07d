import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../log/logger';
import { backupNow, backupsDir, listBackups } from './backup';
import { openWorkstationDb } from './open';
import { openWorkstationDbWithRecovery } from './recovery';

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function dataDirWithCase(): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recovery-'));
  const db = await openWorkstationDb(path.join(dataDir, 'workstation.db'), memoryLogger());
  const insert = db.prepare(
    `INSERT INTO cases (id, source, source_key, case_key, accession, received_at, updated_at)
     VALUES (?, 'local', ?, ?, ?, 'x', 'x')`,
  );
  // Enough rows to fill several pages, so that garbage lands inside the table's b-tree.
  for (let i = 0; i < 400; i++)
    insert.run(`c${i}`, `k${i}`, `k${i}`, `B26-${String(i).padStart(6, '0')}`);
  db.close();
  return dataDir;
}

/** Writes garbage over pages 2 to 6, leaving the header (page 1) intact. */
function damagePages(file: string): void {
  const fd = fs.openSync(file, 'r+');
  const garbage = Buffer.alloc(4096 * 5);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 131 + 7) & 0xff;
  fs.writeSync(fd, garbage, 0, garbage.length, 4096);
  fs.closeSync(fd);
}

describe('openWorkstationDbWithRecovery', () => {
  it('opens a sound database as it is', async () => {
    const dataDir = await dataDirWithCase();
    const { db, recovery } = await openWorkstationDbWithRecovery(dataDir, memoryLogger());
    expect(recovery).toBeNull();
    expect(db.prepare('SELECT count(*) AS n FROM cases').get()).toEqual({ n: 400 });
    db.close();
  });

  it('keeps a damaged file aside untouched, restores the latest backup and says so', async () => {
    const dataDir = await dataDirWithCase();
    const file = path.join(dataDir, 'workstation.db');
    const older = await openWorkstationDb(file, memoryLogger());
    backupNow(older, backupsDir(dataDir), new Date('2026-12-01T08:00:00Z'));
    older.prepare("DELETE FROM cases WHERE id = 'c0'").run();
    backupNow(older, backupsDir(dataDir), new Date('2026-12-02T08:00:00Z'));
    older.prepare("DELETE FROM cases WHERE id = 'c1'").run();
    older.close();
    damagePages(file);
    const damagedHash = sha(file);
    await expect(openWorkstationDb(file, memoryLogger())).rejects.toMatchObject({
      code: 'corrupt',
    });

    const log = memoryLogger();
    const now = new Date('2026-12-03T09:30:00Z');
    const { db, recovery } = await openWorkstationDbWithRecovery(dataDir, log, () => now);
    expect(recovery).toEqual({
      outcome: 'restored',
      at: '2026-12-03T09:30:00.000Z',
      damagedFile: 'workstation.db.damaged-20261203T093000000Z',
      backupFile: 'workstation-20261202T080000000Z.db',
      backupTakenAt: '2026-12-02T08:00:00.000Z',
    });
    // The latest backup: c0 gone, c1 still there (deleted after it was taken).
    expect(db.prepare('SELECT count(*) AS n FROM cases').get()).toEqual({ n: 399 });
    expect(db.prepare("SELECT id FROM cases WHERE id IN ('c0', 'c1')").all()).toEqual([
      { id: 'c1' },
    ]);
    expect(sha(path.join(dataDir, recovery!.damagedFile))).toBe(damagedHash);
    expect(listBackups(backupsDir(dataDir))).toHaveLength(2);
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        event: 'db.workstation.damaged',
        fields: expect.objectContaining({ code: 'db_restored_from_backup' }) as unknown,
      }),
    );
    db.close();
  });

  it('starts on an empty database when there is no backup, the damaged file kept', async () => {
    const dataDir = await dataDirWithCase();
    const file = path.join(dataDir, 'workstation.db');
    fs.writeFileSync(
      file,
      Buffer.concat([Buffer.from('not a database at all'), Buffer.alloc(9000, 1)]),
    );
    const damagedHash = sha(file);
    const { db, recovery } = await openWorkstationDbWithRecovery(dataDir, memoryLogger());
    expect(recovery).toMatchObject({ outcome: 'empty', backupFile: null });
    expect(db.prepare('SELECT count(*) AS n FROM cases').get()).toEqual({ n: 0 });
    expect(sha(path.join(dataDir, recovery!.damagedFile))).toBe(damagedHash);
    db.close();
  });

  it('does not replace a file it cannot open for another reason', async () => {
    const dataDir = await dataDirWithCase();
    const file = path.join(dataDir, 'workstation.db');
    const db = await openWorkstationDb(file, memoryLogger());
    db.pragma('user_version = 99');
    db.close();
    await expect(openWorkstationDbWithRecovery(dataDir, memoryLogger())).rejects.toMatchObject({
      code: 'unsupported',
    });
    expect(fs.readdirSync(dataDir).filter((f) => f.includes('damaged'))).toEqual([]);
  });
});
