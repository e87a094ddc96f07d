/**
 * Annotations and user-defined classes in workstation.db. Prepared statements only; every
 * write is its own transaction (or the caller's), so a saved annotation survives the app
 * being killed the next instant (WAL, synchronous=FULL: see db/open.ts).
 */
import { randomUUID } from 'node:crypto';
import type {
  Annotation,
  AnnotationClass,
  AnnotationKind,
  DetectionStatus,
  Geometry,
  ObjectType,
} from '../../common/annotations';
import { BUILT_IN_CLASSES, classNameKey } from '../../common/annotations';
import { WorkstationError } from '../../common/errors';
import type { WorkstationDb } from '../db/open';
import { decodeGeometry, encodeGeometry } from './geometryBlob';

/** Who is writing: a name until user profiles exist, and then their id (issue 8). */
export interface Author {
  name: string;
  id: string | null;
}

/** What the repository stores for a new or changed annotation. */
export interface AnnotationDraft {
  id?: string | undefined;
  slideId: string;
  kind: AnnotationKind;
  geometry: Geometry;
  classId: string | null;
  name: string;
  text: string;
  /** undefined on update: keep the stored ones. */
  measurements?: Record<string, number> | undefined;
}

/** A new object from a file: an annotation, or a detection with its review status. */
export interface ImportedDraft extends AnnotationDraft {
  objectType: ObjectType;
  detectionStatus: DetectionStatus | null;
}

/** Columns of a live annotation, in this order (read as arrays: 2× faster than objects). */
const COLUMNS =
  'id, slide_id, kind, geometry, class_id, name, text, measurements, object_type, ' +
  'detection_status, author, author_id, created_at, updated_at';
type Row = [
  id: string,
  slideId: string,
  kind: AnnotationKind,
  geometry: Buffer,
  classId: string | null,
  name: string,
  text: string,
  measurements: string | null,
  objectType: ObjectType,
  detectionStatus: DetectionStatus | null,
  author: string,
  authorId: string | null,
  createdAt: string,
  updatedAt: string,
];

interface StoredRow {
  id: string;
  slide_id: string;
  detection_status: DetectionStatus | null;
  deleted_at: string | null;
}

interface ClassRow {
  id: string;
  colour: string;
  name_fr: string;
  name_en: string;
}

function toAnnotation(row: Row): Annotation {
  const [id, slideId, kind, geometry, classId, name, text, measurements, objectType] = row;
  return {
    id,
    slideId,
    kind,
    geometry: decodeGeometry(geometry),
    classId,
    name,
    text,
    measurements: measurements ? (JSON.parse(measurements) as Record<string, number>) : {},
    objectType,
    detectionStatus: row[9],
    author: row[10],
    authorId: row[11],
    createdAt: row[12],
    updatedAt: row[13],
  };
}

const toClass = (row: ClassRow): AnnotationClass => ({
  id: row.id,
  colour: row.colour,
  names: { fr: row.name_fr, en: row.name_en },
  builtIn: false,
});

const measurementsText = (m: Record<string, number> | undefined) =>
  m && Object.keys(m).length > 0 ? JSON.stringify(m) : null;

/** What a detection's status makes of it: accepted detections are annotations. */
export function objectTypeFor(status: DetectionStatus): ObjectType {
  return status === 'accepted' ? 'annotation' : 'detection';
}

const NOT_FOUND = 'This annotation does not exist (any more).';

export class AnnotationRepository {
  private readonly stmts;

  constructor(private readonly db: WorkstationDb) {
    this.stmts = {
      list: db
        .prepare<[string], Row>(
          `SELECT ${COLUMNS} FROM annotations WHERE slide_id = ? AND deleted_at IS NULL ORDER BY rowid`,
        )
        .raw(),
      live: db
        .prepare<[string], Row>(
          `SELECT ${COLUMNS} FROM annotations WHERE id = ? AND deleted_at IS NULL`,
        )
        .raw(),
      count: db.prepare<[string], { n: number }>(
        'SELECT count(*) AS n FROM annotations WHERE slide_id = ? AND deleted_at IS NULL',
      ),
      get: db.prepare<[string], StoredRow>(
        'SELECT id, slide_id, detection_status, deleted_at FROM annotations WHERE id = ?',
      ),
      insert: db.prepare(`
        INSERT INTO annotations (id, slide_id, kind, geometry, class_id, name, text, measurements,
                                 object_type, detection_status, author, author_id, created_at, updated_at)
        VALUES (@id, @slideId, @kind, @geometry, @classId, @name, @text, @measurements,
                @objectType, @detectionStatus, @author, @authorId, @now, @now)`),
      insertPositional: db.prepare<
        [
          string,
          string,
          AnnotationKind,
          Buffer,
          string | null,
          string,
          string,
          string | null,
          ObjectType,
          DetectionStatus | null,
          string,
          string | null,
          string,
          string,
        ]
      >(`INSERT INTO annotations (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      update: db.prepare(`
        UPDATE annotations SET kind = @kind, geometry = @geometry, class_id = @classId, name = @name,
          text = @text, measurements = coalesce(@measurements, measurements), updated_at = @now,
          deleted_at = NULL
        WHERE id = @id`),
      clearMeasurements: db.prepare<[string]>(
        'UPDATE annotations SET measurements = NULL WHERE id = ?',
      ),
      softDelete: db.prepare<[string, string, string]>(
        'UPDATE annotations SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL',
      ),
      setStatus: db.prepare<[ObjectType, DetectionStatus, string, string]>(
        'UPDATE annotations SET object_type = ?, detection_status = ?, updated_at = ? WHERE id = ?',
      ),
      classes: db.prepare<[], ClassRow>(
        'SELECT id, colour, name_fr, name_en FROM annotation_classes ORDER BY created_at, rowid',
      ),
      upsertClass: db.prepare(`
        INSERT INTO annotation_classes (id, colour, name_fr, name_en, created_at, updated_at)
        VALUES (@id, @colour, @fr, @en, @now, @now)
        ON CONFLICT (id) DO UPDATE SET colour = excluded.colour, name_fr = excluded.name_fr,
          name_en = excluded.name_en, updated_at = excluded.updated_at`),
    };
  }

  /** Runs `fn` in one transaction: all of its writes, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** A slide's live annotations and detections, in the order they were made. */
  list(slideId: string): Annotation[] {
    return this.stmts.list.all(slideId).map(toAnnotation);
  }

  /** Whether `id` names an annotation, live or deleted. */
  exists(id: string): boolean {
    return this.stmts.get.get(id) !== undefined;
  }

  count(slideId: string): number {
    return this.stmts.count.get(slideId)?.n ?? 0;
  }

  /** A live annotation. */
  get(id: string): Annotation {
    const row = this.stmts.live.get(id);
    if (!row) throw new WorkstationError('not_found', NOT_FOUND);
    return toAnnotation(row);
  }

  /**
   * Creates `draft`, or changes the annotation with its id. A deleted one comes back (undo)
   * with its id, author and creation time; its object type and detection status are kept.
   */
  save(draft: AnnotationDraft, author: Author, now = new Date().toISOString()): Annotation {
    return this.transaction(() => {
      const existing = draft.id === undefined ? undefined : this.stmts.get.get(draft.id);
      const values = {
        kind: draft.kind,
        geometry: encodeGeometry(draft.geometry),
        classId: draft.classId,
        name: draft.name,
        text: draft.text,
        measurements: measurementsText(draft.measurements),
        now,
      };
      if (existing) {
        if (existing.slide_id !== draft.slideId) {
          throw new WorkstationError(
            'invalid_argument',
            `Annotation ${existing.id} belongs to another slide.`,
          );
        }
        this.stmts.update.run({ ...values, id: existing.id });
        if (draft.measurements && values.measurements === null)
          this.stmts.clearMeasurements.run(existing.id);
        return this.get(existing.id);
      }
      const id = draft.id ?? randomUUID();
      this.stmts.insert.run({
        ...values,
        id,
        slideId: draft.slideId,
        objectType: 'annotation',
        detectionStatus: null,
        author: author.name,
        authorId: author.id,
      });
      return this.get(id);
    });
  }

  /** Adds new objects (a file's features) with fresh ids; the caller holds the transaction. */
  insertMany(
    drafts: readonly ImportedDraft[],
    author: Author,
    now = new Date().toISOString(),
  ): void {
    const insert = this.stmts.insertPositional;
    for (const d of drafts) {
      insert.run(
        randomUUID(),
        d.slideId,
        d.kind,
        encodeGeometry(d.geometry),
        d.classId,
        d.name,
        d.text,
        measurementsText(d.measurements),
        d.objectType,
        d.detectionStatus,
        author.name,
        author.id,
        now,
        now,
      );
    }
  }

  /** Deletes a live annotation (kept in the file, so that undo can bring it back). */
  delete(id: string, now = new Date().toISOString()): Annotation {
    return this.transaction(() => {
      const annotation = this.get(id);
      this.stmts.softDelete.run(now, now, id);
      return annotation;
    });
  }

  /**
   * Sets the review status of detections, all of them or none: every id must be a live
   * object that came in as a detection. Accepting one makes it an annotation; setting it
   * back to pending undoes that.
   */
  setDetectionStatus(
    ids: readonly string[],
    status: DetectionStatus,
    now = new Date().toISOString(),
  ): number {
    return this.transaction(() => {
      const rows = [...new Set(ids)].map((id) => {
        const row = this.stmts.get.get(id);
        if (!row || row.deleted_at !== null)
          throw new WorkstationError('not_found', `Annotation ${id} does not exist (any more).`);
        if (row.detection_status === null) {
          throw new WorkstationError(
            'invalid_argument',
            `${id} was drawn here, not imported as a detection: it has no review status.`,
          );
        }
        return row;
      });
      for (const row of rows) this.stmts.setStatus.run(objectTypeFor(status), status, now, row.id);
      return rows.length;
    });
  }

  /** Built-in classes first, then the user's in the order they were made. */
  classes(): AnnotationClass[] {
    return [...BUILT_IN_CLASSES, ...this.stmts.classes.all().map(toClass)];
  }

  /**
   * Creates or changes a user-defined class. Built-in classes cannot be changed, and no two
   * classes may share a name (in either language): files refer to classes by name.
   */
  saveClass(
    input: { id?: string | undefined; colour: string; names: { fr: string; en: string } },
    now = new Date().toISOString(),
  ): AnnotationClass {
    return this.transaction(() => {
      const id = input.id ?? `user-${randomUUID()}`;
      const classes = this.classes();
      if (BUILT_IN_CLASSES.some((c) => c.id === id)) {
        throw new WorkstationError(
          'invalid_argument',
          `"${id}" is a built-in class: it cannot be changed.`,
        );
      }
      const wanted = new Set([classNameKey(input.names.fr), classNameKey(input.names.en)]);
      const clash = classes.find(
        (c) =>
          c.id !== id &&
          (wanted.has(classNameKey(c.names.fr)) || wanted.has(classNameKey(c.names.en))),
      );
      if (clash) {
        throw new WorkstationError(
          'invalid_argument',
          `A class named "${clash.names.en}" / "${clash.names.fr}" already exists.`,
        );
      }
      this.stmts.upsertClass.run({
        id,
        colour: input.colour.toLowerCase(),
        fr: input.names.fr,
        en: input.names.en,
        now,
      });
      return this.classes().find((c) => c.id === id)!;
    });
  }
}
