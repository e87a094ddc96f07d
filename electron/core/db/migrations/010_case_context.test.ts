import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Migration } from '../migration';
import { currentVersion, migrate } from '../migration';
import { migration001 } from './001_initial';
import { migration002 } from './002_archives';
import { migration003 } from './003_case_keys';
import { migration010 } from './010_case_context';

/** Migrations 004-009 hold nothing migration 010 reads: stand-ins keep this test about 010. */
const standIns: Migration[] = [4, 5, 6, 7, 8, 9].map((version) => ({
  version,
  description: 'stand-in',
  up: () => undefined,
}));
const before = [migration001, migration002, migration003, ...standIns];

const insertRequest = (db: Database.Database, items = '[{"block":"A1","kind":"recut"}]') =>
  db
    .prepare(
      `INSERT INTO stain_requests (id, case_id, items, requested_at, requester_id, requester_name, fhir)
       VALUES ('r1', 'c1', ?, 'now', 'u1', 'Claire Dupont', '{}')`,
    )
    .run(items);

describe('migration 010: case context', () => {
  it('upgrades a version 9 database holding cases and slides, keeping them', async () => {
    const db = new Database(':memory:');
    await migrate(db, before);
    db.prepare(
      `INSERT INTO cases (id, source, source_key, case_key, accession, received_at, updated_at)
       VALUES ('c1', 'local', 'k', 'k', 'A', 'x', 'x')`,
    ).run();
    db.prepare(
      `INSERT INTO slides (id, case_id, position, label, locator) VALUES ('s1', 'c1', 1, 'A1 HE', '{}')`,
    ).run();
    await migrate(db, [...before, migration010]);
    expect(currentVersion(db)).toBe(10);
    expect(db.prepare('SELECT accession, context FROM cases').get()).toEqual({
      accession: 'A',
      context: null,
    });
    expect(db.prepare('SELECT label, block FROM slides').get()).toEqual({
      label: 'A1 HE',
      block: null,
    });
    insertRequest(db);
    expect(db.prepare('SELECT outbox_state, note FROM stain_requests').get()).toEqual({
      outbox_state: 'pending',
      note: '',
    });
  });

  it('keeps a request as made: only its outbox state changes, and it is never deleted', async () => {
    const db = new Database(':memory:');
    await migrate(db, [...before, migration010]);
    db.prepare(
      `INSERT INTO cases (id, source, source_key, case_key, accession, received_at, updated_at)
       VALUES ('c1', 'local', 'k', 'k', 'A', 'x', 'x')`,
    ).run();
    insertRequest(db);
    db.prepare("UPDATE stain_requests SET outbox_state = 'written', outbox_file = 'f.json'").run();
    expect(() => db.prepare("UPDATE stain_requests SET items = '[]'").run()).toThrow(
      /never changes/,
    );
    expect(() => db.prepare("UPDATE stain_requests SET requester_id = 'u2'").run()).toThrow(
      /never changes/,
    );
    expect(() => db.prepare('DELETE FROM stain_requests').run()).toThrow(/never deleted/);
    expect(() => db.prepare("UPDATE stain_requests SET outbox_state = 'lost'").run()).toThrow(
      /CHECK/,
    );
  });

  it('refuses a request with no item', async () => {
    const db = new Database(':memory:');
    await migrate(db, [...before, migration010]);
    db.prepare(
      `INSERT INTO cases (id, source, source_key, case_key, accession, received_at, updated_at)
       VALUES ('c1', 'local', 'k', 'k', 'A', 'x', 'x')`,
    ).run();
    expect(() => insertRequest(db, '[]')).toThrow(/CHECK/);
  });
});
