import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { currentVersion, migrate } from '../migration';
import { cacheMigration001 } from './001_tiles';
import { cacheMigration002 } from './002_prefetch';
import { cacheMigration003 } from './003_series_metadata';
import { cacheMigrations } from './index';

describe('cache migration 003: series metadata', () => {
  it('upgrades a version 2 cache, keeping tiles and queue, and stores one row per series', async () => {
    const db = new Database(':memory:');
    await migrate(db, [cacheMigration001, cacheMigration002]);
    db.prepare(
      `INSERT INTO tiles (slide, level, col, row, content_type, bytes, last_access) VALUES ('s', 0, 0, 0, 'image/jpeg', x'ffd8ffd9', 1)`,
    ).run();
    db.prepare(`INSERT INTO prefetch_settings (key, value) VALUES ('paused', '1')`).run();
    await migrate(db, [cacheMigration001, cacheMigration002, cacheMigration003]);
    expect(currentVersion(db)).toBe(3);
    expect(db.prepare('SELECT count(*) AS n FROM tiles').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT value FROM prefetch_settings').get()).toEqual({ value: '1' });
    const put = db.prepare(
      `INSERT INTO series_metadata (series, json, last_access) VALUES (?, x'00', 1)`,
    );
    put.run('1.2.3');
    expect(() => put.run('1.2.3')).toThrow(/UNIQUE/);
  });

  it('is in the list of cache migrations', () => {
    expect(cacheMigrations).toContain(cacheMigration003);
  });
});
