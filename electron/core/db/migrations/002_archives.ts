import type { Migration } from '../migration';

/**
 * DICOMweb archives and the outbox of changes waiting for them.
 *
 * Secrets (basic password, bearer token) are stored as a sealed blob: sealed by the
 * operating system's keychain in Electron (safeStorage), plain in the web host. They never
 * leave the engine: the contract only says whether one is set.
 */
export const migration002: Migration = {
  version: 2,
  description: 'archives, outbox, remembered slide metadata',
  up(db) {
    db.exec(`
      CREATE TABLE archives (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        base_url TEXT NOT NULL,
        auth_kind TEXT NOT NULL CHECK (auth_kind IN ('none', 'basic', 'bearer')),
        auth_user TEXT,
        secret BLOB,
        position INTEGER NOT NULL,
        last_sync_at TEXT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        archive_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        -- What the change is about (a case id): a newer change replaces an older one.
        subject TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        UNIQUE (archive_id, kind, subject)
      );
      -- The slide's levels and scale as last read from its source, so that an archive
      -- slide whose tiles are cached can be viewed while the archive is unreachable.
      ALTER TABLE slides ADD COLUMN metadata TEXT;
    `);
  },
};
