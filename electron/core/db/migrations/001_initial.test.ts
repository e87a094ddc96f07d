import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { currentVersion, migrate } from '../migration';
import { migration001 } from './001_initial';

describe('migration 001: cases, slides, settings, audit log', () => {
  it('creates the schema on an empty database', async () => {
    const db = new Database(':memory:');
    await migrate(db, [migration001]);
    expect(currentVersion(db)).toBe(1);
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
      )
      .all()
      .map((r) => r.name);
    expect(tables).toEqual(['audit_log', 'cases', 'settings', 'slides']);
  });

  it('enforces priorities and sexes, and cascades slides with their case', async () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    await migrate(db, [migration001]);
    const insertCase = db.prepare(
      `INSERT INTO cases (id, source, source_key, accession, priority, received_at, updated_at, patient_sex)
       VALUES (?, 'local', ?, 'A', ?, '2026-01-01', '2026-01-01', ?)`,
    );
    insertCase.run('c1', 'k1', 'urgent', 'F');
    expect(() => insertCase.run('c2', 'k2', 'whenever', null)).toThrow(/CHECK/);
    expect(() => insertCase.run('c3', 'k3', 'routine', 'X')).toThrow(/CHECK/);
    expect(() => insertCase.run('c4', 'k1', 'routine', null)).toThrow(/UNIQUE/);
    db.prepare(
      `INSERT INTO slides (id, case_id, position, label, locator) VALUES ('s1', 'c1', 1, 'A1', '{}')`,
    ).run();
    db.prepare(`DELETE FROM cases WHERE id = 'c1'`).run();
    expect(db.prepare('SELECT count(*) AS n FROM slides').get()).toEqual({ n: 0 });
  });
});
