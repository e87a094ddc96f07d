import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Migration } from '../migration';
import { currentVersion, migrate } from '../migration';
import { migration001 } from './001_initial';
import { migration002 } from './002_archives';
import { migration003 } from './003_case_keys';
import { migration004 } from './004_annotations';
import { migration005 } from './005_archive_annotations_heatmaps';
import { migration009 } from './009_worklist_assignment';

/** Migrations 006-008 are tested on their own; the worklist tables do not read theirs. */
const standIn = (version: number): Migration => ({
  version,
  description: 'stand-in',
  up: () => undefined,
});
const before = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  standIn(6),
  standIn(7),
  standIn(8),
];

async function upgraded() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  await migrate(db, before);
  db.prepare(
    `INSERT INTO cases (id, source, source_key, case_key, accession, received_at, updated_at)
     VALUES ('c1', 'local', 'k', 'k', 'A', 'x', 'x')`,
  ).run();
  await migrate(db, [...before, migration009]);
  return db;
}

describe('migration 009: case assignment and worklist preferences', () => {
  it('upgrades a version 8 database holding cases, keeping them', async () => {
    const db = await upgraded();
    expect(currentVersion(db)).toBe(9);
    expect(db.prepare('SELECT accession FROM cases').get()).toEqual({ accession: 'A' });
    db.prepare(
      `INSERT INTO case_assignments (case_id, origin, user_id, name, assigned_at)
       VALUES ('c1', 'local', 'u1', 'Claire Dupont', 'now')`,
    ).run();
    db.prepare(
      `INSERT INTO worklist_prefs (user_key, prefs, updated_at) VALUES ('u1', '{}', 'now')`,
    ).run();
    expect(db.prepare('SELECT user_id, name FROM case_assignments').get()).toEqual({
      user_id: 'u1',
      name: 'Claire Dupont',
    });
  });

  it('refuses an unknown origin and an assignment of a case that does not exist', async () => {
    const db = await upgraded();
    const insert = db.prepare(
      `INSERT INTO case_assignments (case_id, origin, user_id, name, assigned_at) VALUES (?, ?, NULL, '', 'now')`,
    );
    expect(() => insert.run('c1', 'lis')).toThrow(/CHECK/);
    expect(() => insert.run('nope', 'local')).toThrow(/FOREIGN KEY/);
  });

  it('forgets the assignment of a deleted case', async () => {
    const db = await upgraded();
    db.prepare(
      `INSERT INTO case_assignments (case_id, origin, user_id, name, assigned_at) VALUES ('c1', 'archive', NULL, 'X', 'now')`,
    ).run();
    db.prepare("DELETE FROM cases WHERE id = 'c1'").run();
    expect(db.prepare('SELECT count(*) AS n FROM case_assignments').get()).toEqual({ n: 0 });
  });
});
