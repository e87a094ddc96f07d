import type { Migration } from '../migration';

/**
 * Tiles keyed by the slide's stable identity (not its path). Associated images use
 * level -1. Blobs live in a rowid table (not WITHOUT ROWID) so that 10-30 KB tiles do not
 * bloat the key b-tree.
 */
export const cacheMigration001: Migration = {
  version: 1,
  description: 'tiles and pins',
  up(db) {
    db.exec(`
      CREATE TABLE tiles (
        id INTEGER PRIMARY KEY,
        slide TEXT NOT NULL,
        level INTEGER NOT NULL,
        col INTEGER NOT NULL,
        row INTEGER NOT NULL,
        content_type TEXT NOT NULL,
        bytes BLOB NOT NULL,
        last_access INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX tiles_key ON tiles (slide, level, col, row);
      CREATE INDEX tiles_lru ON tiles (last_access);
      CREATE TABLE pins (
        slide TEXT PRIMARY KEY,
        pinned_at INTEGER NOT NULL
      );
    `);
  },
};
