import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Migration } from '../migration';
import { currentVersion, migrate } from '../migration';
import { migration001 } from './001_initial';
import { migration002 } from './002_archives';
import { migration003 } from './003_case_keys';
import { migration004 } from './004_annotations';
import { migration005 } from './005_archive_annotations_heatmaps';
import { migration007 } from './007_reports';

/** Migration 006 (users and the audit trail) is tested on its own; reports do not read it. */
const standIn006: Migration = { version: 6, description: 'stand-in', up: () => undefined };
const before = [migration001, migration002, migration003, migration004, migration005, standIn006];

describe('migration 007: reports', () => {
  it('upgrades a version 6 database holding cases, keeping them', async () => {
    const db = new Database(':memory:');
    await migrate(db, before);
    db.prepare(
      `INSERT INTO cases (id, source, source_key, case_key, accession, received_at, updated_at)
       VALUES ('c1', 'local', 'k', 'k', 'A', 'x', 'x')`,
    ).run();
    await migrate(db, [...before, migration007]);
    expect(currentVersion(db)).toBe(7);
    expect(db.prepare('SELECT accession FROM cases').get()).toEqual({ accession: 'A' });
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE 'report%' OR name = 'slide_views') ORDER BY name",
      )
      .all()
      .map((r) => r.name);
    expect(tables).toEqual([
      'report_addenda',
      'report_autotext',
      'report_signatures',
      'report_snapshots',
      'report_versions',
      'slide_views',
    ]);
  });

  it('refuses to change or delete a signature or an addendum, and a snapshot whose size lies', async () => {
    const db = new Database(':memory:');
    await migrate(db, [...before, migration007]);
    const hash = 'a'.repeat(64);
    db.prepare(
      `INSERT INTO report_signatures VALUES ('c1', 1, '{}', ?, 'u', 'N', 'Dr', 'now', '[]')`,
    ).run(hash);
    db.prepare(
      `INSERT INTO report_addenda VALUES ('a1', 'c1', 'text', ?, 'u', 'N', 'Dr', 'now')`,
    ).run(hash);
    expect(() => db.prepare('UPDATE report_signatures SET content = \'{"x":1}\'').run()).toThrow(
      /never changes/,
    );
    expect(() => db.prepare('DELETE FROM report_signatures').run()).toThrow(/never deleted/);
    expect(() => db.prepare("UPDATE report_addenda SET text = 'other'").run()).toThrow(
      /never changes/,
    );
    expect(() => db.prepare('DELETE FROM report_addenda').run()).toThrow(/never deleted/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO report_snapshots VALUES ('s', 'c1', NULL, '', 'image/png', 1, 1, 99, 'h', x'00', 'now')`,
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO report_signatures VALUES ('c2', 1, '{}', 'short', 'u', 'N', 'Dr', 'now', '[]')`,
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});
