import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../log/logger';
import {
  BACKUP_KEEP,
  DAY_MS,
  backupNow,
  backupsDir,
  listBackups,
  startDailyBackups,
} from './backup';
import { openWorkstationDb } from './open';

async function workstationDb() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-'));
  const db = await openWorkstationDb(path.join(dataDir, 'workstation.db'), memoryLogger());
  db.prepare("INSERT INTO settings (key, value) VALUES ('probe', '\"kept\"')").run();
  return { db, dataDir };
}

describe('backups of workstation.db', () => {
  it('writes a complete, readable copy with VACUUM INTO and keeps the last seven', async () => {
    const { db, dataDir } = await workstationDb();
    const dir = backupsDir(dataDir);
    const start = Date.parse('2026-11-20T03:00:00Z');
    for (let day = 0; day < BACKUP_KEEP + 3; day++)
      backupNow(db, dir, new Date(start + day * DAY_MS));
    const kept = listBackups(dir);
    expect(kept).toHaveLength(BACKUP_KEEP);
    expect(kept[0]!.takenAt.toISOString()).toBe('2026-11-29T03:00:00.000Z');
    expect(kept.at(-1)!.takenAt.toISOString()).toBe('2026-11-23T03:00:00.000Z');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    const copy = new Database(kept[0]!.path, { readonly: true });
    expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
    expect(copy.prepare("SELECT value FROM settings WHERE key = 'probe'").get()).toEqual({
      value: '"kept"',
    });
    copy.close();
    db.close();
  });

  it('backs up at start when the latest is a day old, then only once a day has passed', async () => {
    const { db, dataDir } = await workstationDb();
    let now = new Date('2026-12-03T08:00:00Z');
    const log = memoryLogger();
    const daily = startDailyBackups(db, dataDir, log, { now: () => now });
    expect(listBackups(backupsDir(dataDir))).toHaveLength(1);
    now = new Date('2026-12-03T20:00:00Z');
    daily.check();
    expect(listBackups(backupsDir(dataDir))).toHaveLength(1);
    now = new Date('2026-12-04T08:00:01Z');
    daily.check();
    expect(listBackups(backupsDir(dataDir))).toHaveLength(2);
    daily.stop();
    // A restart within the day does not back up again.
    const again = startDailyBackups(db, dataDir, log, { now: () => now });
    expect(listBackups(backupsDir(dataDir))).toHaveLength(2);
    again.stop();
    expect(log.lines.filter((l) => l.event === 'db.backup.done')).toHaveLength(2);
    db.close();
  });
});
