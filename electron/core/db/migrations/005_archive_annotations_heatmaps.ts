import type { Migration } from '../migration';

/**
 * AI heatmaps, and the DICOM annotation series each archive slide's annotations go to
 * (issue 7).
 *
 * A heatmap is a probability grid of at most 1024 × 1024 cells placed on a slide (its
 * extent in level-0 pixels), kept as a greyscale-and-alpha PNG (grey = probability × 255,
 * alpha 0 = no value): a full-size grid of noise stays around 1 MB, and the window draws
 * it as it is. Like annotations, slide_id has no foreign key: a rescan must not take an
 * AI result away.
 *
 * archive_annotation_series: "Save to archive" stores a new instance of one ANN series
 * per slide (keyed by the slide's own series UID, its identity in the archive), numbered
 * on from the last one this workstation stored, also while offline.
 */
export const migration005: Migration = {
  version: 5,
  description: 'heatmaps, archive annotation series',
  up(db) {
    db.exec(`
      CREATE TABLE heatmaps (
        id TEXT PRIMARY KEY,
        slide_id TEXT NOT NULL,
        name TEXT NOT NULL,
        grid_width INTEGER NOT NULL CHECK (grid_width BETWEEN 1 AND 1024),
        grid_height INTEGER NOT NULL CHECK (grid_height BETWEEN 1 AND 1024),
        -- Extent on the slide, level-0 pixels.
        x REAL NOT NULL,
        y REAL NOT NULL,
        width REAL NOT NULL CHECK (width > 0),
        height REAL NOT NULL CHECK (height > 0),
        png BLOB NOT NULL,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX heatmaps_slide ON heatmaps (slide_id);
      CREATE TABLE archive_annotation_series (
        slide_series_uid TEXT PRIMARY KEY,
        study_uid TEXT NOT NULL,
        ann_series_uid TEXT NOT NULL,
        last_instance_number INTEGER NOT NULL,
        last_sop_instance_uid TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `);
  },
};
