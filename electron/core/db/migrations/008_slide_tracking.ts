import type { Migration } from '../migration';

/**
 * Slide tracking (issue 6): which tissue of each slide was seen, and at which magnification.
 *
 * - slide_coverage: one grid per slide, merged across users (coverage is about the case
 *   being seen, whoever looked), with who and when last added to it. The grid is a BLOB of
 *   cols × rows bytes (common/tracking/grid.ts), at most 64 KB.
 * - slide_tissue: the slide's tissue mask at the grid's resolution, computed once from its
 *   thumbnail by the engine; `found` is 0 when no thumbnail could be read (every cell then
 *   counts as tissue).
 * No foreign keys on slide ids, like slide_views: a rescan must not take coverage away.
 */
export const migration008: Migration = {
  version: 8,
  description: 'slide tracking: coverage grids and tissue masks',
  up(db) {
    db.exec(`
      CREATE TABLE slide_coverage (
        slide_id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL,
        cols INTEGER NOT NULL CHECK (cols BETWEEN 1 AND 256),
        rows INTEGER NOT NULL CHECK (rows BETWEEN 1 AND 256),
        grid BLOB NOT NULL CHECK (length(grid) = cols * rows),
        first_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT
      );
      CREATE INDEX slide_coverage_case ON slide_coverage (case_id);
      CREATE TABLE slide_tissue (
        slide_id TEXT PRIMARY KEY,
        cols INTEGER NOT NULL CHECK (cols BETWEEN 1 AND 256),
        rows INTEGER NOT NULL CHECK (rows BETWEEN 1 AND 256),
        mask BLOB NOT NULL CHECK (length(mask) = cols * rows),
        found INTEGER NOT NULL CHECK (found IN (0, 1)),
        computed_at TEXT NOT NULL
      );
    `);
  },
};
