import type { Migration } from '../migration';

/**
 * Annotations and user-defined annotation classes (issue 7).
 *
 * Geometry is in level-0 slide pixels (electron/common/annotations/geometry.ts), stored as
 * a small binary record of doubles (core/annotations/geometryBlob.ts): a slide's
 * annotations are always read together, never searched by shape, and 100,000 detection
 * outlines must import and open in seconds.
 *
 * slide_id has no foreign key on purpose: a rescan deletes the rows of slides it no longer
 * finds, and a pathologist's annotations must outlive that (they come back with the
 * slide, whose id is stable). Deleting sets deleted_at, so that undo can bring the
 * annotation back with its id and creation time, and nothing is ever lost by a click.
 * class_id is not a foreign key either: built-in classes live in the code, not here.
 */
export const migration004: Migration = {
  version: 4,
  description: 'annotations and annotation classes',
  up(db) {
    db.exec(`
      CREATE TABLE annotation_classes (
        id TEXT PRIMARY KEY,
        colour TEXT NOT NULL,
        name_fr TEXT NOT NULL,
        name_en TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE annotations (
        id TEXT PRIMARY KEY,
        slide_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN
          ('point', 'line', 'arrow', 'rectangle', 'ellipse', 'polygon', 'freehand', 'text')),
        geometry BLOB NOT NULL,
        class_id TEXT,
        name TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        -- Measurements a file brought (JSON object of numbers), or NULL.
        measurements TEXT,
        object_type TEXT NOT NULL CHECK (object_type IN ('annotation', 'detection')),
        detection_status TEXT CHECK (detection_status IN ('pending', 'accepted', 'rejected')),
        author TEXT NOT NULL,
        -- The author's user id once user profiles exist (issue 8).
        author_id TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        -- A detection waits (pending) or was turned down; an accepted one is an annotation.
        CHECK ((object_type = 'detection') = (coalesce(detection_status, '') IN ('pending', 'rejected')))
      );
      CREATE INDEX annotations_slide ON annotations (slide_id) WHERE deleted_at IS NULL;
    `);
  },
};
