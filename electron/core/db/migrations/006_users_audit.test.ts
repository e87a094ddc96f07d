import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkChain } from '../../audit/chain';
import { readEntries } from '../../audit/auditLog';
import { currentVersion, migrate } from '../migration';
import { migration001 } from './001_initial';
import { migration002 } from './002_archives';
import { migration003 } from './003_case_keys';
import { migration004 } from './004_annotations';
import { migration005 } from './005_archive_annotations_heatmaps';
import { migration006 } from './006_users_audit';

const before = [migration001, migration002, migration003, migration004, migration005];

describe('migration 006: users, hash-chained audit trail', () => {
  it('carries the old audit_log rows into the chain, in order, and keeps audit_log readable', async () => {
    const db = new Database(':memory:');
    await migrate(db, before);
    const old = db.prepare(
      'INSERT INTO audit_log (at, action, object_type, object_id, detail) VALUES (?, ?, ?, ?, ?)',
    );
    old.run('2026-01-01T00:00:00.000Z', 'case.open', 'case', 'c1', null);
    old.run('2026-01-02T00:00:00.000Z', 'case.status', 'case', 'c1', '{"status":"signed_out"}');
    await migrate(db, [...before, migration006]);
    expect(currentVersion(db)).toBe(6);
    const entries = [...readEntries(db)];
    expect(entries.map((e) => [e.seq, e.action, e.objectId, e.detail, e.userId])).toEqual([
      [1, 'case.open', 'c1', null, null],
      [2, 'case.status', 'c1', '{"status":"signed_out"}', null],
    ]);
    expect(checkChain(entries)).toEqual({ ok: true, entries: 2 });
    expect(db.prepare('SELECT id, action FROM audit_log ORDER BY id').all()).toEqual([
      { id: 1, action: 'case.open' },
      { id: 2, action: 'case.status' },
    ]);
  });

  it('refuses UPDATE and DELETE of audit entries, and writes through the old view', async () => {
    const db = new Database(':memory:');
    await migrate(db, [...before, migration006]);
    db.prepare(
      `INSERT INTO audit_entries (seq, at, workstation, action, prev_hash, hash) VALUES (1, 'now', 'h', 'a', 'p', 'x')`,
    ).run();
    expect(() => db.prepare("UPDATE audit_entries SET action = 'b'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_entries').run()).toThrow(/append-only/);
    expect(() =>
      db.prepare("INSERT INTO audit_log (at, action) VALUES ('now', 'x')").run(),
    ).toThrow(/view/);
    expect(db.prepare('SELECT count(*) AS n FROM audit_entries').get()).toEqual({ n: 1 });
  });

  it('creates the users table, and audit_forwarded pointing at existing entries', async () => {
    const db = new Database(':memory:');
    await migrate(db, [...before, migration006]);
    db.prepare(
      "INSERT INTO users (id, name, initials, created_at) VALUES ('u1', 'Claire Dupont', 'CD', 'now')",
    ).run();
    expect(db.prepare('SELECT title, pin_hash, removed_at FROM users').get()).toEqual({
      title: '',
      pin_hash: null,
      removed_at: null,
    });
    const forward = db.prepare("INSERT INTO audit_forwarded (seq, forwarded_at) VALUES (1, 'now')");
    db.pragma('foreign_keys = ON');
    expect(() => forward.run()).toThrow(/FOREIGN KEY/);
    db.prepare(
      `INSERT INTO audit_entries (seq, at, workstation, action, prev_hash, hash) VALUES (1, 'now', 'h', 'a', 'p', 'x')`,
    ).run();
    expect(() => forward.run()).not.toThrow();
  });
});
