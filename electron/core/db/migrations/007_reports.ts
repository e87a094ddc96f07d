import type { Migration } from '../migration';

/**
 * Reports (issue 8): drafts as numbered versions, snapshots, the signature, addenda,
 * autotext, and which slides were opened (for the check before signing).
 *
 * - report_versions: every save is a new row (identical content is not saved again, which
 *   content_sha256 makes cheap to see). Rows are never changed or deleted.
 * - report_signatures: the frozen content (JSON) with the SHA-256 of its canonical form,
 *   signer and time, and the overrides of warnings with their reasons. Triggers refuse any
 *   UPDATE or DELETE, as for addenda: the original never changes.
 * - report_snapshots: PNG or JPEG bytes as sent (magic checked by the engine).
 * - report_autotext: per user (owner = user id), or the workstation's (owner = '').
 * - slide_views: who opened which slide, first and last time. No foreign keys on case or
 *   slide ids, like annotations: a rescan must not take a report away.
 */
export const migration007: Migration = {
  version: 7,
  description: 'reports: versions, signatures, addenda, snapshots, autotext, slide views',
  up(db) {
    db.exec(`
      CREATE TABLE report_versions (
        case_id TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        content TEXT NOT NULL,
        content_sha256 TEXT NOT NULL,
        author_id TEXT,
        author_name TEXT,
        author_title TEXT,
        saved_at TEXT NOT NULL,
        PRIMARY KEY (case_id, version)
      );
      CREATE TABLE report_signatures (
        case_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        content TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        signer_id TEXT NOT NULL,
        signer_name TEXT NOT NULL,
        signer_title TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        overrides TEXT NOT NULL
      );
      CREATE TRIGGER report_signatures_frozen_update BEFORE UPDATE ON report_signatures
        BEGIN SELECT RAISE(ABORT, 'a signed report never changes'); END;
      CREATE TRIGGER report_signatures_frozen_delete BEFORE DELETE ON report_signatures
        BEGIN SELECT RAISE(ABORT, 'a signed report is never deleted'); END;
      CREATE TABLE report_addenda (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL,
        text TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        signer_id TEXT NOT NULL,
        signer_name TEXT NOT NULL,
        signer_title TEXT NOT NULL,
        signed_at TEXT NOT NULL
      );
      CREATE INDEX report_addenda_case ON report_addenda (case_id, signed_at);
      CREATE TRIGGER report_addenda_frozen_update BEFORE UPDATE ON report_addenda
        BEGIN SELECT RAISE(ABORT, 'a signed addendum never changes'); END;
      CREATE TRIGGER report_addenda_frozen_delete BEFORE DELETE ON report_addenda
        BEGIN SELECT RAISE(ABORT, 'a signed addendum is never deleted'); END;
      CREATE TABLE report_snapshots (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL,
        slide_id TEXT,
        caption TEXT NOT NULL,
        mime_type TEXT NOT NULL CHECK (mime_type IN ('image/png', 'image/jpeg')),
        width INTEGER NOT NULL CHECK (width > 0),
        height INTEGER NOT NULL CHECK (height > 0),
        size INTEGER NOT NULL CHECK (size = length(bytes)),
        sha256 TEXT NOT NULL,
        bytes BLOB NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX report_snapshots_case ON report_snapshots (case_id, created_at);
      CREATE TABLE report_autotext (
        owner TEXT NOT NULL,
        abbreviation TEXT NOT NULL,
        text TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (owner, abbreviation)
      );
      CREATE TABLE slide_views (
        slide_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        case_id TEXT NOT NULL,
        first_at TEXT NOT NULL,
        last_at TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (slide_id, user_id)
      );
      CREATE INDEX slide_views_case ON slide_views (case_id);
    `);
  },
};
