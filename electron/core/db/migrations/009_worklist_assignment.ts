import type { Migration } from '../migration';

/**
 * Case assignment and worklist preferences (issue 9).
 *
 * `case_assignments`: who reads a case. `origin` says where it came from: 'archive' (the
 * study's Name of Physician(s) Reading Study, rewritten at each sync) or 'local' (chosen
 * here; it wins over the archive's and a sync never touches it). A local row with no user
 * and an empty name means "assigned to nobody", on purpose.
 *
 * `worklist_prefs`: the filters each user last chose, as JSON, keyed by profile id ('' for
 * a workstation without profiles).
 */
export const migration009: Migration = {
  version: 9,
  description: 'case assignment and worklist preferences (issue 9)',
  up(db) {
    db.exec(`
      CREATE TABLE case_assignments (
        case_id TEXT PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
        origin TEXT NOT NULL CHECK (origin IN ('archive', 'local')),
        user_id TEXT,
        name TEXT NOT NULL,
        assigned_at TEXT NOT NULL
      );
      CREATE INDEX case_assignments_user ON case_assignments (user_id);
      CREATE TABLE worklist_prefs (
        user_key TEXT PRIMARY KEY,
        prefs TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `);
  },
};
