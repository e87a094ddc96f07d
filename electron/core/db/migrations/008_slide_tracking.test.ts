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
import { migration008 } from './008_slide_tracking';

/** Migration 006 (users and the audit trail) is tested on its own; tracking does not read it. */
const standIn006: Migration = { version: 6, description: 'stand-in', up: () => undefined };
const before = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  standIn006,
  migration007,
];

describe('migration 008: slide tracking', () => {
  it('upgrades a version 7 database, keeping its slide views', async () => {
    const db = new Database(':memory:');
    await migrate(db, before);
    db.prepare(`INSERT INTO slide_views VALUES ('s1', 'u', 'c1', 'x', 'x', 1)`).run();
    await migrate(db, [...before, migration008]);
    expect(currentVersion(db)).toBe(8);
    expect(db.prepare('SELECT slide_id FROM slide_views').all()).toEqual([{ slide_id: 's1' }]);
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('slide_coverage', 'slide_tissue', 'slide_views') ORDER BY name",
      )
      .all()
      .map((r) => r.name);
    expect(tables).toEqual(['slide_coverage', 'slide_tissue', 'slide_views']);
  });

  it('refuses a grid or mask whose size does not match its shape', async () => {
    const db = new Database(':memory:');
    await migrate(db, [...before, migration008]);
    const insert = db.prepare(
      `INSERT INTO slide_coverage VALUES (?, 'c1', 2, 2, ?, 'x', 'x', NULL)`,
    );
    insert.run('s1', Buffer.alloc(4));
    expect(() => insert.run('s2', Buffer.alloc(3))).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(`INSERT INTO slide_coverage VALUES ('s3', 'c1', 300, 1, ?, 'x', 'x', NULL)`)
        .run(Buffer.alloc(300)),
    ).toThrow(/CHECK/);
    const tissue = db.prepare(`INSERT INTO slide_tissue VALUES (?, 2, 1, ?, ?, 'x')`);
    tissue.run('s1', Buffer.alloc(2), 1);
    expect(() => tissue.run('s2', Buffer.alloc(5), 1)).toThrow(/CHECK/);
    expect(() => tissue.run('s3', Buffer.alloc(2), 2)).toThrow(/CHECK/);
  });
});
