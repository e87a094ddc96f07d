import type { Migration } from '../migration';

/** Cases and slides of every source, settings and the audit log. */
export const migration001: Migration = {
  version: 1,
  description: 'cases, slides, settings, audit log',
  up(db) {
    db.exec(`
      CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL CHECK (source IN ('demo', 'local', 'archive')),
        -- Where the case comes from: a folder path, a file group, an archive study.
        source_key TEXT NOT NULL,
        accession TEXT NOT NULL,
        patient_name TEXT NOT NULL DEFAULT '',
        patient_id TEXT NOT NULL DEFAULT '',
        patient_birth_date TEXT,
        patient_sex TEXT CHECK (patient_sex IN ('F', 'M', 'O')),
        specimen TEXT NOT NULL DEFAULT '',
        priority TEXT NOT NULL DEFAULT 'routine' CHECK (priority IN ('frozen', 'urgent', 'routine')),
        status TEXT NOT NULL DEFAULT 'new',
        received_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        -- Set when the case disappeared from its source; kept because it may hold user work.
        missing INTEGER NOT NULL DEFAULT 0,
        UNIQUE (source, source_key)
      );
      CREATE TABLE slides (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        label TEXT NOT NULL,
        stain TEXT NOT NULL DEFAULT '',
        -- JSON locator: {"kind":"file","path":...} or an archive series reference.
        locator TEXT NOT NULL,
        -- Stable content identity, the tile cache key; known once the slide has been opened.
        identity TEXT,
        error_code TEXT,
        error_message TEXT
      );
      CREATE INDEX slides_case ON slides (case_id, position);
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        object_type TEXT,
        object_id TEXT,
        detail TEXT
      );
    `);
  },
};
