import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { currentVersion, migrate } from '../migration';
import { workstationMigrations } from './index';
import { migration011 } from './011_slide_scan_area';

const before = workstationMigrations.filter((m) => m.version < 11);

describe('migration 011: scanned area on the macro', () => {
  it('upgrades a version 10 database holding slides, keeping them with no area', async () => {
    const db = new Database(':memory:');
    await migrate(db, before);
    db.prepare(
      `INSERT INTO cases (id, source, source_key, case_key, accession, received_at, updated_at)
       VALUES ('c1', 'local', 'k', 'k', 'A', 'x', 'x')`,
    ).run();
    db.prepare(
      `INSERT INTO slides (id, case_id, position, label, locator, block)
       VALUES ('s1', 'c1', 1, 'A1 HE', '{}', 'A1')`,
    ).run();
    await migrate(db, [...before, migration011]);
    expect(currentVersion(db)).toBe(11);
    expect(db.prepare('SELECT label, block, scan_area FROM slides').get()).toEqual({
      label: 'A1 HE',
      block: 'A1',
      scan_area: null,
    });
    db.prepare(`UPDATE slides SET scan_area = '{"x":0.3,"y":0.2,"width":0.4,"height":0.6}'`).run();
    expect(() => db.prepare(`UPDATE slides SET scan_area = 'x=0.3'`).run()).toThrow(/CHECK/);
  });
});
