import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { currentVersion, migrate } from '../migration';
import { cacheMigration001 } from './001_tiles';
import { cacheMigration002 } from './002_prefetch';
import { cacheMigrations } from './index';

describe('cache migration 002: prefetch queue', () => {
  it('upgrades a version 1 cache, keeping its tiles, and stores queued cases', async () => {
    const db = new Database(':memory:');
    await migrate(db, [cacheMigration001]);
    db.prepare(
      `INSERT INTO tiles (slide, level, col, row, content_type, bytes, last_access) VALUES ('s', 0, 0, 0, 'image/jpeg', x'ffd8ffd9', 1)`,
    ).run();
    await migrate(db, [cacheMigration001, cacheMigration002]);
    expect(currentVersion(db)).toBe(2);
    expect(db.prepare('SELECT count(*) AS n FROM tiles').get()).toEqual({ n: 1 });
    const put = db.prepare(
      `INSERT INTO prefetch_cases (case_id, priority, position, pinned, slides, updated_at) VALUES (?, ?, 0, 1, '[]', 1)`,
    );
    put.run('c1', 'frozen');
    expect(() => put.run('c1', 'urgent')).toThrow(/UNIQUE/);
    expect(() => put.run('c2', 'whenever')).toThrow(/CHECK/);
    db.prepare(`INSERT INTO prefetch_settings (key, value) VALUES ('paused', '1')`).run();
    expect(
      db.prepare('SELECT in_worklist, paused, cancelled, plan FROM prefetch_cases').get(),
    ).toEqual({
      in_worklist: 0,
      paused: 0,
      cancelled: 0,
      plan: null,
    });
  });

  it('is in the list of cache migrations', () => {
    expect(cacheMigrations).toContain(cacheMigration002);
  });
});
