import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CaseRepository } from '../../cases/caseRepository';
import type { CaseRecord } from '../../cases/caseRepository';
import type { WorkstationDb } from '../open';
import { currentVersion, migrate } from '../migration';
import { migration001 } from './001_initial';
import { migration002 } from './002_archives';
import { migration003 } from './003_case_keys';
import { workstationMigrations } from './index';

const OLD_LIB = path.join(path.sep, 'mnt', 'D', 'Lames');
const NEW_LIB = path.join(path.sep, 'mnt', 'E', 'Archives', 'Lames');
const OLD_DATA = path.join(path.sep, 'home', 'lab', 'old-data');

/** A version 2 database as the workstation left it (foreign keys on, as open.ts sets). */
async function version2(): Promise<Database.Database> {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  await migrate(db, [migration001, migration002]);
  return db;
}

function insertCase(
  db: Database.Database,
  c: {
    id: string;
    source: 'local' | 'demo' | 'archive';
    sourceKey: string;
    accession: string;
    status?: string;
    missing?: 0 | 1;
    patientId?: string;
    slides?: string[];
  },
) {
  db.prepare(
    `INSERT INTO cases (id, source, source_key, accession, patient_id, status, received_at, updated_at, missing)
     VALUES (?, ?, ?, ?, ?, ?, '2026-01-01', '2026-01-02', ?)`,
  ).run(
    c.id,
    c.source,
    c.sourceKey,
    c.accession,
    c.patientId ?? '',
    c.status ?? 'new',
    c.missing ?? 0,
  );
  for (const [i, file] of (c.slides ?? []).entries()) {
    db.prepare(
      `INSERT INTO slides (id, case_id, position, label, locator, identity) VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(
      `${c.id}-s${i}`,
      c.id,
      i + 1,
      path.basename(file),
      JSON.stringify({ kind: 'file', path: file }),
      `tiff:${c.id}-${i}`,
    );
  }
}

const statusSet = (db: Database.Database, caseId: string, status: string) =>
  db
    .prepare(
      `INSERT INTO audit_log (at, action, object_type, object_id, detail) VALUES ('2026-01-02', 'case.status', 'case', ?, ?)`,
    )
    .run(caseId, JSON.stringify({ status }));

const record = (library: string, name: string, files: string[]): CaseRecord => ({
  source: 'local',
  sourceKey: path.join(library, name),
  accession: name,
  patient: { name: '', id: '', birthDate: null, sex: null },
  specimen: '',
  priority: 'routine',
  initialStatus: 'new',
  receivedAt: '2026-01-01T00:00:00Z',
  slides: files.map((f) => ({
    label: f,
    stain: '',
    locator: { kind: 'file', path: path.join(library, name, f) },
  })),
});

describe('migration 003: case keys that survive a move', () => {
  it('keys every case by its place in its library (or its study), keeping ids and statuses', async () => {
    const db = await version2();
    insertCase(db, {
      id: 'c1',
      source: 'local',
      sourceKey: path.join(OLD_LIB, 'B26-000123'),
      accession: 'B26-000123',
      status: 'signed_out',
    });
    insertCase(db, {
      id: 'c2',
      source: 'local',
      sourceKey: path.join(OLD_LIB, 'C1__*'),
      accession: 'C1',
    });
    insertCase(db, {
      id: 'c3',
      source: 'demo',
      sourceKey: path.join(OLD_DATA, 'demo-library', 'DEMO-001'),
      accession: 'DEMO-001',
      status: 'in_progress',
    });
    insertCase(db, { id: 'c4', source: 'archive', sourceKey: 'a1/1.2.3', accession: 'X' });
    await migrate(db, [migration001, migration002, migration003]);
    expect(currentVersion(db)).toBe(3);
    expect(db.prepare('SELECT id, case_key, status FROM cases ORDER BY id').all()).toEqual([
      { id: 'c1', case_key: 'B26-000123', status: 'signed_out' },
      { id: 'c2', case_key: 'C1__*', status: 'new' },
      { id: 'c3', case_key: 'DEMO-001', status: 'in_progress' },
      { id: 'c4', case_key: 'a1/1.2.3', status: 'new' },
    ]);
  });

  it('lets the next scan re-attach a moved case to its row, slides included', async () => {
    const db = await version2();
    insertCase(db, {
      id: 'c1',
      source: 'local',
      sourceKey: path.join(OLD_LIB, 'B26-000123'),
      accession: 'B26-000123',
      status: 'pending_ihc',
      slides: [path.join(OLD_LIB, 'B26-000123', 'A1.svs')],
    });
    await migrate(db, [migration001, migration002, migration003]);
    // Today's repository reads the tables later migrations add (assignments, context).
    await migrate(db, workstationMigrations);
    const repo = new CaseRepository(db as WorkstationDb);
    repo.replaceSource('local', [record(NEW_LIB, 'B26-000123', ['A1.svs', 'A2.svs'])]);
    expect(repo.list().map((c) => [c.id, c.status])).toEqual([['c1', 'pending_ihc']]);
    expect(repo.slides('c1').map((s) => [s.id, s.identity, s.locator])).toEqual([
      ['c1-s0', 'tiff:c1-0', { kind: 'file', path: path.join(NEW_LIB, 'B26-000123', 'A1.svs') }],
      [
        expect.stringMatching(/^s/) as string,
        null,
        { kind: 'file', path: path.join(NEW_LIB, 'B26-000123', 'A2.svs') },
      ],
    ]);
  });

  it('gives back statuses an earlier move hid, when the old and new rows pair up unambiguously', async () => {
    const db = await version2();
    const files = (lib: string, name: string) => [path.join(lib, name, 'A1.svs')];
    // Hidden by a move before this version: the old row has the status the user set.
    insertCase(db, {
      id: 'old1',
      source: 'local',
      sourceKey: path.join(OLD_LIB, 'B26-1'),
      accession: 'B26-1',
      status: 'signed_out',
      missing: 1,
      slides: files(OLD_LIB, 'B26-1'),
    });
    statusSet(db, 'old1', 'signed_out');
    insertCase(db, {
      id: 'new1',
      source: 'local',
      sourceKey: path.join(NEW_LIB, 'B26-1'),
      accession: 'B26-1',
      slides: files(NEW_LIB, 'B26-1'),
    });
    // The new row was worked on since: left alone.
    insertCase(db, {
      id: 'old2',
      source: 'local',
      sourceKey: path.join(OLD_LIB, 'B26-2'),
      accession: 'B26-2',
      status: 'signed_out',
      missing: 1,
      slides: files(OLD_LIB, 'B26-2'),
    });
    statusSet(db, 'old2', 'signed_out');
    insertCase(db, {
      id: 'new2',
      source: 'local',
      sourceKey: path.join(NEW_LIB, 'B26-2'),
      accession: 'B26-2',
      status: 'in_progress',
      slides: files(NEW_LIB, 'B26-2'),
    });
    statusSet(db, 'new2', 'in_progress');
    // Same folder name, but another patient: another case.
    insertCase(db, {
      id: 'old3',
      source: 'local',
      sourceKey: path.join(OLD_LIB, 'B26-3'),
      accession: 'B26-3',
      patientId: 'P1',
      status: 'signed_out',
      missing: 1,
      slides: files(OLD_LIB, 'B26-3'),
    });
    statusSet(db, 'old3', 'signed_out');
    insertCase(db, {
      id: 'new3',
      source: 'local',
      sourceKey: path.join(NEW_LIB, 'B26-3'),
      accession: 'B26-3',
      patientId: 'P2',
      slides: files(NEW_LIB, 'B26-3'),
    });
    await migrate(db, [migration001, migration002, migration003]);
    const rows = db
      .prepare('SELECT id, source_key, status, missing FROM cases ORDER BY id')
      .all() as { id: string; source_key: string; status: string; missing: number }[];
    expect(rows.map((r) => [r.id, r.status, r.missing])).toEqual([
      ['new2', 'in_progress', 0],
      ['new3', 'new', 0],
      ['old1', 'signed_out', 0],
      ['old2', 'signed_out', 1],
      ['old3', 'signed_out', 1],
    ]);
    expect(rows.find((r) => r.id === 'old1')?.source_key).toBe(path.join(NEW_LIB, 'B26-1'));
    expect(
      db.prepare(`SELECT id, locator, identity FROM slides WHERE case_id = 'old1'`).all(),
    ).toEqual([
      {
        id: 'old1-s0',
        locator: JSON.stringify({ kind: 'file', path: path.join(NEW_LIB, 'B26-1', 'A1.svs') }),
        identity: 'tiff:old1-0',
      },
    ]);
  });
});
