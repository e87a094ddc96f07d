import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { currentVersion, migrate } from '../migration';
import { cacheMigration001 } from './001_tiles';

describe('cache migration 001: tiles and pins', () => {
  it('creates tiles with a unique key per slide/level/col/row, and pins', async () => {
    const db = new Database(':memory:');
    await migrate(db, [cacheMigration001]);
    expect(currentVersion(db)).toBe(1);
    const put = db.prepare(
      `INSERT INTO tiles (slide, level, col, row, content_type, bytes, last_access) VALUES ('s', 0, 1, 2, 'image/jpeg', x'ffd8ffd9', 1)`,
    );
    put.run();
    expect(() => put.run()).toThrow(/UNIQUE/);
    db.prepare(`INSERT INTO pins (slide, pinned_at) VALUES ('s', 1)`).run();
    expect(db.prepare('SELECT count(*) AS n FROM pins').get()).toEqual({ n: 1 });
  });
});
