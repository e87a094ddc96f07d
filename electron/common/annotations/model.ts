/**
 * Annotations and their classes as they cross the contract. Pure: zod schemas and the
 * types inferred from them.
 *
 * An annotation is drawn by a pathologist (objectType 'annotation'); a detection comes
 * from an AI model or another program (objectType 'detection', imported from GeoJSON) and
 * waits for review. Accepting a detection makes it an annotation; its status stays
 * 'accepted' so that where it came from is never lost, and setting it back to 'pending'
 * undoes the acceptance.
 */
import { z } from 'zod';
import { SLIDE_ID_PATTERN } from '../pyramid';
import type { Geometry, GeometryType } from './geometry';
import { GeometrySchema } from './geometry';

/** Ids are made by whoever creates the annotation (crypto.randomUUID() in both layers). */
export const ANNOTATION_ID_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;
export const AnnotationIdSchema = z
  .string()
  .regex(ANNOTATION_ID_PATTERN, 'must be 1-80 letters, digits, _ or -');
const SlideId = z.string().regex(SLIDE_ID_PATTERN, 'must be 1-80 letters, digits, _ or -');

export const CLASS_ID_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;
export const AnnotationClassIdSchema = z
  .string()
  .regex(CLASS_ID_PATTERN, 'must be 1-80 letters, digits, _ or -');

/** The tools of the viewer, each with the geometries it may hold. */
export const ANNOTATION_KINDS = [
  'point',
  'line',
  'arrow',
  'rectangle',
  'ellipse',
  'polygon',
  'freehand',
  'text',
] as const;
export const AnnotationKindSchema = z.enum(ANNOTATION_KINDS);
export type AnnotationKind = z.infer<typeof AnnotationKindSchema>;

/**
 * Which geometry each kind may have. A point tool can hold one point or a set (QuPath
 * writes its counting points as one MultiPoint); a ruler or a polyline is a line; an
 * arrow is a line of exactly two points, pointing at the second; a freehand shape is a
 * brushed or lassoed area or a free line; a text note is anchored at a point.
 */
export const KIND_GEOMETRIES: Record<AnnotationKind, readonly GeometryType[]> = {
  point: ['point', 'multipoint'],
  line: ['polyline'],
  arrow: ['polyline'],
  rectangle: ['rectangle'],
  ellipse: ['ellipse'],
  polygon: ['polygon', 'multipolygon'],
  freehand: ['polygon', 'multipolygon', 'polyline'],
  text: ['point'],
};

/** Why `geometry` cannot belong to an annotation of `kind`, or null when it can. */
export function kindGeometryProblem(kind: AnnotationKind, geometry: Geometry): string | null {
  if (!KIND_GEOMETRIES[kind].includes(geometry.type))
    return `a ${kind} cannot have a ${geometry.type} geometry (expected ${KIND_GEOMETRIES[kind].join(' or ')})`;
  if (kind === 'arrow' && geometry.type === 'polyline' && geometry.points.length !== 2)
    return `an arrow has exactly 2 points (got ${geometry.points.length})`;
  return null;
}

export const OBJECT_TYPES = ['annotation', 'detection'] as const;
export const ObjectTypeSchema = z.enum(OBJECT_TYPES);
export type ObjectType = z.infer<typeof ObjectTypeSchema>;

export const DETECTION_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export const DetectionStatusSchema = z.enum(DETECTION_STATUSES);
export type DetectionStatus = z.infer<typeof DetectionStatusSchema>;

/** Longest name (QuPath's object name) and longest note text. */
export const MAX_NAME_LENGTH = 500;
export const MAX_TEXT_LENGTH = 10_000;
/** Measurements a file brought with an object (an AI model's probability, say). */
export const MAX_MEASUREMENTS = 200;

const MeasurementsSchema = z
  .record(z.string().min(1).max(200), z.number())
  .refine((m) => Object.keys(m).length <= MAX_MEASUREMENTS, {
    message: `at most ${MAX_MEASUREMENTS} measurements`,
  });

const fields = {
  id: AnnotationIdSchema,
  slideId: SlideId,
  kind: AnnotationKindSchema,
  geometry: GeometrySchema,
  /** null: no class (QuPath's "unclassified"). */
  classId: AnnotationClassIdSchema.nullable(),
  /** Short label (QuPath's name). */
  name: z.string().max(MAX_NAME_LENGTH),
  /** The note of a text annotation; a free comment on any other. */
  text: z.string().max(MAX_TEXT_LENGTH),
  measurements: MeasurementsSchema,
};

function checkKind(
  value: { kind: AnnotationKind; geometry: Geometry },
  ctx: z.RefinementCtx,
): void {
  const problem = kindGeometryProblem(value.kind, value.geometry);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['geometry'] });
}

export const AnnotationSchema = z
  .object({
    ...fields,
    objectType: ObjectTypeSchema,
    /** null for what was drawn here; set for everything that came in as a detection. */
    detectionStatus: DetectionStatusSchema.nullable(),
    /** Who made it: the name in Settings, or "local user" until user profiles exist. */
    author: z.string(),
    /** The author's user id once user profiles exist (issue 8); null until then. */
    authorId: z.string().nullable(),
    /** ISO 8601 date-times, set by the engine. */
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .superRefine(checkKind);
export type Annotation = z.infer<typeof AnnotationSchema>;

/**
 * What the viewer sends to create or change an annotation. Without an id the engine makes
 * one; with the id of a deleted annotation, the annotation comes back as it was (undo).
 * Author, timestamps, object type and detection status belong to the engine.
 */
export const AnnotationInputSchema = z
  .object({
    ...fields,
    id: AnnotationIdSchema.optional(),
    classId: fields.classId.default(null),
    name: fields.name.default(''),
    text: fields.text.default(''),
    /** Left out: the stored measurements are kept. */
    measurements: MeasurementsSchema.optional(),
  })
  .strict()
  .superRefine(checkKind);
export type AnnotationInput = z.input<typeof AnnotationInputSchema>;

export const ColourSchema = z
  .string()
  .regex(/^#[0-9a-f]{6}$/i, 'must be a colour like #1f77b4')
  .transform((c) => c.toLowerCase());

export const ClassNamesSchema = z
  .object({ fr: z.string().trim().min(1).max(100), en: z.string().trim().min(1).max(100) })
  .strict();

export const AnnotationClassSchema = z.object({
  id: AnnotationClassIdSchema,
  /** #rrggbb */
  colour: ColourSchema,
  names: ClassNamesSchema,
  /** Built-in classes are part of the application and cannot be changed. */
  builtIn: z.boolean(),
});
export type AnnotationClass = z.infer<typeof AnnotationClassSchema>;

/** A user-defined class; without an id the engine makes one. */
export const AnnotationClassInputSchema = z
  .object({
    id: AnnotationClassIdSchema.optional(),
    colour: ColourSchema,
    names: ClassNamesSchema,
  })
  .strict();
export type AnnotationClassInput = z.input<typeof AnnotationClassInputSchema>;
