import type { Migration } from '../migration';

/**
 * The case in context (issue 9): each case's clinical information, parts and blocks as its
 * source gives them (JSON, rewritten at every scan or sync), each slide's block, and the
 * stain requests made from a case. A request is a record of what was asked, by whom and
 * when: only its outbox state changes afterwards, and it is never deleted.
 */
export const migration010: Migration = {
  version: 10,
  description: 'parts, blocks and stain requests (issue 9)',
  up(db) {
    db.exec(`
      ALTER TABLE cases ADD COLUMN context TEXT;
      ALTER TABLE slides ADD COLUMN block TEXT;
      CREATE TABLE stain_requests (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases (id),
        -- JSON array of {block, kind, stain?}.
        items TEXT NOT NULL CHECK (json_valid(items) AND json_array_length(items) > 0),
        note TEXT NOT NULL DEFAULT '',
        requested_at TEXT NOT NULL,
        requester_id TEXT NOT NULL,
        requester_name TEXT NOT NULL,
        requester_title TEXT NOT NULL DEFAULT '',
        -- The FHIR R4 ServiceRequest as sent to the laboratory system.
        fhir TEXT NOT NULL CHECK (json_valid(fhir)),
        outbox_state TEXT NOT NULL DEFAULT 'pending'
          CHECK (outbox_state IN ('pending', 'written', 'failed')),
        outbox_file TEXT,
        outbox_error TEXT
      );
      CREATE INDEX stain_requests_case ON stain_requests (case_id, requested_at);
      CREATE TRIGGER stain_requests_frozen BEFORE UPDATE OF
        id, case_id, items, note, requested_at, requester_id, requester_name, requester_title, fhir
        ON stain_requests
      BEGIN
        SELECT RAISE(ABORT, 'a stain request never changes once made');
      END;
      CREATE TRIGGER stain_requests_kept BEFORE DELETE ON stain_requests
      BEGIN
        SELECT RAISE(ABORT, 'a stain request is never deleted');
      END;
    `);
  },
};
