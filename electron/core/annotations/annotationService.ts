/**
 * The annotations domain: rules shared by the window (contract handlers) and the CLI.
 * Saving, deleting, review of detections, classes, and QuPath GeoJSON in and out, each
 * write in one transaction with its audit record.
 */
import type {
  Annotation,
  AnnotationClass,
  DetectionStatus,
  Spacing,
  AnnotationClassInputSchema,
  AnnotationInputSchema,
} from '../../common/annotations';
import { findClassByName, firstPointOutside, classNameKey } from '../../common/annotations';
import type { z } from 'zod';
import { MAX_ANNOTATIONS_PER_SLIDE } from '../../common/contract';
import { WorkstationError } from '../../common/errors';
import type { AuditLog } from '../audit/auditLog';
import type { WorkstationDb } from '../db/open';
import type { Author, ImportedDraft } from './annotationRepository';
import { AnnotationRepository } from './annotationRepository';
import type { SlideFrame } from './geojson';
import { exportGeoJson, parseGeoJson } from './geojson';

/** Recorded as the author until user profiles exist (issue 8) and no name is set. */
export const DEFAULT_AUTHOR = 'local user';

/**
 * Colours for classes a file brings without one (Tableau 10 hues not taken by the
 * built-in classes).
 */
const NEW_CLASS_COLOURS = ['#9467bd', '#e377c2', '#bcbd22', '#8c564b', '#aec7e8', '#98df8a'];

export interface AnnotationServiceDeps {
  /** Who is writing now. */
  author(): Author;
  /** Throws not_found when the slide does not exist. */
  assertSlide(slideId: string): void;
  audit?: AuditLog;
}

export interface ImportResult {
  imported: number;
  detections: number;
  classesCreated: number;
}

const slideRef = (id: string) => ({ type: 'slide', id });
const plural = (n: number, word: string) =>
  `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

export class AnnotationService {
  readonly repository: AnnotationRepository;

  constructor(
    db: WorkstationDb,
    private readonly deps: AnnotationServiceDeps,
  ) {
    this.repository = new AnnotationRepository(db);
  }

  list(slideId: string): Annotation[] {
    this.deps.assertSlide(slideId);
    return this.repository.list(slideId);
  }

  classes(): AnnotationClass[] {
    return this.repository.classes();
  }

  saveClass(input: z.output<typeof AnnotationClassInputSchema>): AnnotationClass {
    return this.repository.transaction(() => {
      const saved = this.repository.saveClass(input);
      this.deps.audit?.record('annotation.class.save', { type: 'annotationClass', id: saved.id });
      return saved;
    });
  }

  /** Creates or changes (or brings back) one annotation on a slide of `frame`. */
  save(input: z.output<typeof AnnotationInputSchema>, frame: SlideFrame): Annotation {
    this.deps.assertSlide(input.slideId);
    const outside = firstPointOutside(input.geometry, frame.width, frame.height);
    if (outside) {
      throw new WorkstationError(
        'invalid_argument',
        `The annotation leaves the slide at (${outside.x}, ${outside.y}); the slide is ${frame.width}×${frame.height} pixels.`,
      );
    }
    if (input.classId !== null && !this.classes().some((c) => c.id === input.classId))
      throw new WorkstationError('invalid_argument', `Unknown annotation class ${input.classId}.`);
    return this.repository.transaction(() => {
      const exists = input.id !== undefined && this.repository.exists(input.id);
      if (!exists && this.repository.count(input.slideId) >= MAX_ANNOTATIONS_PER_SLIDE) {
        throw new WorkstationError(
          'invalid_argument',
          `This slide already holds ${plural(MAX_ANNOTATIONS_PER_SLIDE, 'object')}, the most it can.`,
        );
      }
      const saved = this.repository.save(input, this.deps.author());
      this.deps.audit?.record('annotation.save', { type: 'annotation', id: saved.id });
      return saved;
    });
  }

  delete(id: string): void {
    this.repository.transaction(() => {
      const deleted = this.repository.delete(id);
      this.deps.audit?.record(
        'annotation.delete',
        { type: 'annotation', id },
        {
          slideId: deleted.slideId,
        },
      );
    });
  }

  /** Accepts, rejects or resets detections: all of `ids`, or none. Returns how many. */
  setDetectionStatus(ids: readonly string[], status: DetectionStatus): number {
    return this.repository.transaction(() => {
      const updated = this.repository.setDetectionStatus(ids, status);
      this.deps.audit?.record('annotation.review', undefined, { status, count: updated });
      return updated;
    });
  }

  /**
   * Adds the features of a QuPath GeoJSON text to a slide of `frame`: all of them in one
   * transaction, with the classes they name that do not exist yet, or nothing and an
   * invalid_argument error naming the first bad feature.
   */
  importGeoJson(slideId: string, text: string, frame: SlideFrame): ImportResult {
    this.deps.assertSlide(slideId);
    const room = MAX_ANNOTATIONS_PER_SLIDE - this.repository.count(slideId);
    const features = parseGeoJson(text, frame, Math.max(0, room));
    const author = this.deps.author();
    return this.repository.transaction(() => {
      const classes = this.repository.classes();
      const created = new Map<string, string>();
      // By the name as written: a file of 100,000 detections names a handful of classes.
      const resolved = new Map<string, string>();
      const classIdOf = (ref: { name: string; colour: string | null }): string => {
        const cached = resolved.get(ref.name);
        if (cached !== undefined) return cached;
        const key = classNameKey(ref.name);
        let id = findClassByName(classes, ref.name)?.id ?? created.get(key);
        if (id === undefined) {
          const userClasses = classes.filter((c) => !c.builtIn).length + created.size;
          id = this.repository.saveClass({
            colour: ref.colour ?? NEW_CLASS_COLOURS[userClasses % NEW_CLASS_COLOURS.length]!,
            names: { fr: ref.name, en: ref.name },
          }).id;
          created.set(key, id);
        }
        resolved.set(ref.name, id);
        return id;
      };
      const drafts: ImportedDraft[] = features.map((f) => ({
        slideId,
        kind: f.kind,
        geometry: f.geometry,
        classId: f.classification ? classIdOf(f.classification) : null,
        name: f.name,
        text: f.text,
        measurements: f.measurements,
        objectType: f.objectType,
        detectionStatus: f.detectionStatus,
      }));
      this.repository.insertMany(drafts, author);
      const result = {
        imported: drafts.length,
        detections: drafts.filter((d) => d.objectType === 'detection').length,
        classesCreated: created.size,
      };
      this.deps.audit?.record('annotation.import', slideRef(slideId), { ...result });
      return result;
    });
  }

  /**
   * The slide's annotations and detections as a QuPath FeatureCollection, measured at
   * `spacing`; rejected detections only with `includeRejected`.
   */
  exportGeoJson(
    slideId: string,
    spacing: Spacing,
    options: { includeRejected?: boolean } = {},
  ): string {
    const annotations = this.list(slideId).filter(
      (a) => options.includeRejected === true || a.detectionStatus !== 'rejected',
    );
    const text = exportGeoJson(annotations, this.classes(), spacing);
    this.deps.audit?.record('annotation.export', slideRef(slideId), { count: annotations.length });
    return text;
  }
}
