import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { currentVersion, migrate } from '../migration';
import { migration001 } from './001_initial';
import { migration002 } from './002_archives';
import { migration003 } from './003_case_keys';
import { migration004 } from './004_annotations';

const before = [migration001, migration002, migration003];

describe('migration 004: annotations and annotation classes', () => {
  it('upgrades a version 3 database holding cases, keeping them', async () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    await migrate(db, before);
    db.prepare(
      `INSERT INTO cases (id, source, source_key, case_key, accession, received_at, updated_at)
       VALUES ('c1', 'local', 'k', 'k', 'A', 'x', 'x')`,
    ).run();
    await migrate(db, [...before, migration004]);
    expect(currentVersion(db)).toBe(4);
    expect(db.prepare('SELECT accession FROM cases').get()).toEqual({ accession: 'A' });
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'annotation%' ORDER BY name",
      )
      .all()
      .map((r) => r.name);
    expect(tables).toEqual(['annotation_classes', 'annotations']);
  });

  it('checks kinds and keeps object type and detection status consistent', async () => {
    const db = new Database(':memory:');
    await migrate(db, [...before, migration004]);
    const insert = db.prepare(
      `INSERT INTO annotations (id, slide_id, kind, geometry, object_type, detection_status, author, created_at, updated_at)
       VALUES (?, 's1', ?, '{}', ?, ?, 'local user', 'now', 'now')`,
    );
    insert.run('a1', 'point', 'annotation', null);
    insert.run('a2', 'polygon', 'detection', 'pending');
    insert.run('a3', 'polygon', 'annotation', 'accepted');
    insert.run('a4', 'polygon', 'detection', 'rejected');
    expect(() => insert.run('b1', 'circle', 'annotation', null)).toThrow(/CHECK/);
    expect(() => insert.run('b2', 'point', 'detection', null)).toThrow(/CHECK/);
    expect(() => insert.run('b3', 'point', 'annotation', 'pending')).toThrow(/CHECK/);
    expect(() => insert.run('b4', 'point', 'detection', 'accepted')).toThrow(/CHECK/);
    expect(() => insert.run('b5', 'point', 'cell', null)).toThrow(/CHECK/);
    expect(() => insert.run('a1', 'point', 'annotation', null)).toThrow(/UNIQUE|PRIMARY/);
  });

  it("lists a slide's live annotations through the slide index", async () => {
    const db = new Database(':memory:');
    await migrate(db, [...before, migration004]);
    const plan = db
      .prepare<[], { detail: string }>(
        `EXPLAIN QUERY PLAN SELECT * FROM annotations WHERE slide_id = 's1' AND deleted_at IS NULL ORDER BY rowid`,
      )
      .all()
      .map((r) => r.detail)
      .join('; ');
    expect(plan).toMatch(/USING INDEX annotations_slide/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});
