import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { currentVersion, migrate } from '../migration';
import { migration001 } from './001_initial';
import { migration002 } from './002_archives';
import { migration003 } from './003_case_keys';
import { migration004 } from './004_annotations';
import { migration005 } from './005_archive_annotations_heatmaps';

const before = [migration001, migration002, migration003, migration004];

describe('migration 005: heatmaps, archive annotation series', () => {
  it('upgrades a version 4 database holding annotations, keeping them', async () => {
    const db = new Database(':memory:');
    await migrate(db, before);
    db.prepare(
      `INSERT INTO annotations (id, slide_id, kind, geometry, object_type, author, created_at, updated_at)
       VALUES ('a1', 's1', 'point', x'00', 'annotation', 'local user', 'now', 'now')`,
    ).run();
    await migrate(db, [...before, migration005]);
    expect(currentVersion(db)).toBe(5);
    expect(db.prepare('SELECT id FROM annotations').all()).toEqual([{ id: 'a1' }]);
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('heatmaps', 'archive_annotation_series') ORDER BY name",
      )
      .all()
      .map((r) => r.name);
    expect(tables).toEqual(['archive_annotation_series', 'heatmaps']);
  });

  it('refuses grids larger than 1024 cells a side and empty extents', async () => {
    const db = new Database(':memory:');
    await migrate(db, [...before, migration005]);
    const insert = db.prepare(
      `INSERT INTO heatmaps (id, slide_id, name, grid_width, grid_height, x, y, width, height, png, author, created_at)
       VALUES (?, 's1', 'h', ?, ?, 0, 0, ?, 100, x'00', 'me', 'now')`,
    );
    insert.run('h1', 1024, 1, 10);
    expect(() => insert.run('h2', 1025, 1, 10)).toThrow(/CHECK/);
    expect(() => insert.run('h3', 4, 0, 10)).toThrow(/CHECK/);
    expect(() => insert.run('h4', 4, 4, 0)).toThrow(/CHECK/);
  });

  it("lists a slide's heatmaps through the slide index", async () => {
    const db = new Database(':memory:');
    await migrate(db, [...before, migration005]);
    const plan = db
      .prepare<[], { detail: string }>(
        `EXPLAIN QUERY PLAN SELECT id FROM heatmaps WHERE slide_id = 's1' ORDER BY created_at`,
      )
      .all()
      .map((r) => r.detail)
      .join('; ');
    expect(plan).toMatch(/USING INDEX heatmaps_slide/);
  });
});
