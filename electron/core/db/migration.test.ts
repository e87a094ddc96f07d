import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Migration } from './migration';
import { currentVersion, migrate } from './migration';

const m1: Migration = { version: 1, description: 'a', up: (db) => db.exec('CREATE TABLE a (x)') };
const m2: Migration = { version: 2, description: 'b', up: (db) => db.exec('CREATE TABLE b (y)') };
const broken: Migration = {
  version: 2,
  description: 'fails halfway',
  up: (db) => {
    db.exec('CREATE TABLE c (z)');
    throw new Error('boom');
  },
};

describe('migrate', () => {
  it('applies pending migrations in order and is idempotent', async () => {
    const db = new Database(':memory:');
    expect(await migrate(db, [m2, m1])).toBe(2);
    expect(await migrate(db, [m1, m2])).toBe(2);
    expect(currentVersion(db)).toBe(2);
  });

  it('backs up a database holding data before migrating it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-'));
    const file = path.join(dir, 'w.db');
    const db = new Database(file);
    await migrate(db, [m1]);
    db.prepare('INSERT INTO a VALUES (42)').run();
    await migrate(db, [m1, m2], { backupPath: `${file}.bak` });
    const backup = new Database(`${file}.bak`, { readonly: true });
    expect(currentVersion(backup)).toBe(1);
    expect(backup.prepare('SELECT x FROM a').get()).toEqual({ x: 42 });
  });

  it('rolls a failing migration back entirely', async () => {
    const db = new Database(':memory:');
    await migrate(db, [m1]);
    await expect(migrate(db, [m1, broken])).rejects.toThrow('boom');
    expect(currentVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'c'").get()).toEqual({
      n: 0,
    });
  });

  it('refuses a database from a newer version', async () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 7');
    await expect(migrate(db, [m1])).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('refuses gaps in numbering', async () => {
    await expect(migrate(new Database(':memory:'), [m2])).rejects.toThrow(/without gaps/);
  });
});
