import type { Migration } from '../migration';

/**
 * The WADO-RS metadata of archive series (DICOM JSON, deflated), so that a slide the
 * window or the prefetch worker opened once opens again without asking the archive: that
 * request takes ~0.5 s on Orthanc for a slide of a few thousand tiles, longer than the
 * tiles a viewport needs. Keyed by SeriesInstanceUID, which names the content wherever it
 * is stored. A copy like the tiles: evicted with them (least recently used).
 */
export const cacheMigration003: Migration = {
  version: 3,
  description: 'series metadata',
  up(db) {
    db.exec(`
      CREATE TABLE series_metadata (
        series TEXT PRIMARY KEY,
        json BLOB NOT NULL,
        last_access INTEGER NOT NULL
      );
    `);
  },
};
