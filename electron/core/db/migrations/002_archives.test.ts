import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../migration';
import { migration001 } from './001_initial';
import { migration002 } from './002_archives';

describe('migration 002: archives and outbox', () => {
  it('upgrades a version 1 database holding cases, keeping them', async () => {
    const db = new Database(':memory:');
    await migrate(db, [migration001]);
    db.prepare(
      `INSERT INTO cases (id, source, source_key, accession, received_at, updated_at) VALUES ('c1', 'local', 'k', 'A', 'x', 'x')`,
    ).run();
    await migrate(db, [migration001, migration002]);
    expect(db.prepare('SELECT accession FROM cases').get()).toEqual({ accession: 'A' });
    const insert = db.prepare(
      `INSERT INTO archives (id, name, base_url, auth_kind, position, created_at) VALUES (?, 'PACS', 'http://x', ?, 0, 'now')`,
    );
    insert.run('a1', 'bearer');
    expect(() => insert.run('a2', 'kerberos')).toThrow(/CHECK/);
    const queue = db.prepare(
      `INSERT INTO outbox (archive_id, kind, subject, payload, created_at) VALUES ('a1', 'caseStatus', 'c1', '{}', 'now')`,
    );
    queue.run();
    expect(() => queue.run()).toThrow(/UNIQUE/);
  });
});
