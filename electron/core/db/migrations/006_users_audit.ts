import os from 'node:os';
import type { Migration } from '../migration';
import { GENESIS_HASH, entryHash } from '../../audit/chain';

/**
 * Pathologist profiles and the tamper-evident audit trail (issue 8).
 *
 * users: one row per profile. pin_hash is "scrypt$N$r$p$salt$hash" (users/pinHash.ts), so
 * the cost can be raised later without invalidating old PINs. A removed profile keeps its
 * row (removed_at set): audit entries and signatures still name it.
 *
 * audit_entries: append-only and hash-chained (audit/chain.ts). Triggers refuse UPDATE and
 * DELETE, so only someone who drops them on purpose can change history, and `audit verify`
 * then names the first entry that no longer fits. Forwarding to a central store later is
 * recorded beside the entries (audit_forwarded), never by updating them.
 *
 * The rows of the old audit_log are carried into the chain, in their order, as its first
 * entries (no user: nobody was chosen then; the workstation is this machine, since
 * workstation.db is local). audit_log stays as a read-only view over the chain for the
 * queries and tests that read it.
 */
export const migration006: Migration = {
  version: 6,
  description: 'users, hash-chained audit trail',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        initials TEXT NOT NULL,
        pin_hash TEXT,
        created_at TEXT NOT NULL,
        removed_at TEXT
      );
      CREATE TABLE audit_entries (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user_id TEXT,
        workstation TEXT NOT NULL,
        action TEXT NOT NULL,
        object_type TEXT,
        object_id TEXT,
        detail TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE
      );
      CREATE INDEX audit_entries_object ON audit_entries (object_type, object_id);
      CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
      CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
      CREATE TABLE audit_forwarded (
        seq INTEGER PRIMARY KEY REFERENCES audit_entries (seq),
        forwarded_at TEXT NOT NULL
      );
    `);
    const legacy = db
      .prepare<
        [],
        {
          at: string;
          action: string;
          object_type: string | null;
          object_id: string | null;
          detail: string | null;
        }
      >('SELECT at, action, object_type, object_id, detail FROM audit_log ORDER BY id')
      .all();
    const insert = db.prepare(
      `INSERT INTO audit_entries (seq, at, user_id, workstation, action, object_type, object_id, detail, prev_hash, hash)
       VALUES (@seq, @at, @userId, @workstation, @action, @objectType, @objectId, @detail, @prevHash, @hash)`,
    );
    const workstation = os.hostname();
    let prevHash = GENESIS_HASH;
    legacy.forEach((row, i) => {
      const entry = {
        seq: i + 1,
        at: row.at,
        userId: null,
        workstation,
        action: row.action,
        objectType: row.object_type,
        objectId: row.object_id,
        detail: row.detail,
        prevHash,
      };
      const hash = entryHash(entry);
      insert.run({ ...entry, hash });
      prevHash = hash;
    });
    db.exec(`
      DROP TABLE audit_log;
      CREATE VIEW audit_log AS
        SELECT seq AS id, at, action, object_type, object_id, detail, user_id, workstation
        FROM audit_entries;
    `);
  },
};
