/**
 * The workstation's annotations as DICOM annotation groups, and DICOM annotation groups as
 * geometry the window can draw. Pure: no I/O (archiveGlue.ts does that).
 *
 * Saving. The slide's annotations (drawn here, or detections a pathologist accepted) are
 * grouped by class and graphic type, each group with its class's coded concept:
 * - point → POINT (a multipoint gives one POINT per point);
 * - line, arrow, freehand line → POLYLINE (an arrow's direction is its point order);
 * - rectangle → RECTANGLE; ellipse → ELLIPSE (both axis-aligned, as drawn here);
 * - polygon, freehand area → POLYGON, one per part of a multipolygon. DICOM's POLYGON has
 *   no holes: holes are left out of the shape (the area measurement still subtracts them).
 * - Text notes: DICOM annotations carry no text of their own, only their group's label and
 *   description. Each note becomes a group of its own with one POINT, the note as its
 *   label (cut to 64 characters, what Slim shows) and whole as its description, coded
 *   99LPW NOTE "Text note". Nothing a pathologist wrote is lost; names of other
 *   annotations (QuPath's "name") are not kept.
 * - Pending and rejected detections are not saved: they are a model's proposals, not the
 *   pathologist's findings. Accepted ones are, as MANUAL annotations (the pathologist made
 *   them theirs).
 * Groups carry each shape's area (µm²) or length (µm) when the slide's spacing is known.
 *
 * Reading. Every group becomes geometry in level-0 pixels; rectangles and ellipses along
 * the axes stay rectangles and ellipses, turned ones become polygons.
 */
import type { AnnotationClass, Geometry, SlidePoint, Spacing } from '../../common/annotations';
import { BUILT_IN_CLASSES, findClassByName, measure, slidePoint } from '../../common/annotations';
import type { Annotation, ArchiveAnnotationGroup, Language } from '../../common/contract';
import { slidePx } from '../../common/pyramid';
import { ANNOTATION_CLASSES, MEASUREMENT, PRIVATE_SCHEME, UNIT } from './dicomAnn/codes';
import type { AnnGraphicType, AnnGroup, AnnMeasurement, CodedConcept } from './dicomAnn/types';

/** The coded concept of a text note (private scheme: no standard concept says "a note"). */
export const NOTE_CONCEPT: { category: CodedConcept; type: CodedConcept } = {
  category: ANNOTATION_CLASSES.region.category,
  type: {
    CodeValue: 'NOTE',
    CodingSchemeDesignator: PRIVATE_SCHEME.designator,
    CodeMeaning: 'Text note',
  },
};

/** Built-in classes and their concepts (dicomAnn/codes.ts); others are regions, told apart by label. */
const CLASS_CONCEPTS: Readonly<Record<string, { category: CodedConcept; type: CodedConcept }>> = {
  tumour: ANNOTATION_CLASSES.tumour,
  necrosis: ANNOTATION_CLASSES.necrosis,
  stroma: ANNOTATION_CLASSES.stroma,
  mitosis: ANNOTATION_CLASSES.mitoticFigure,
  'lymphovascular-invasion': ANNOTATION_CLASSES.lymphovascularInvasion,
  margin: ANNOTATION_CLASSES.margin,
  other: ANNOTATION_CLASSES.region,
};

const UNCLASSIFIED: Record<Language, string> = { fr: 'Sans classe', en: 'Unclassified' };

export function conceptOfClass(classId: string | null): {
  category: CodedConcept;
  type: CodedConcept;
} {
  return (classId !== null && CLASS_CONCEPTS[classId]) || ANNOTATION_CLASSES.region;
}

interface Shape {
  graphicType: AnnGraphicType;
  points: Float32Array;
  /** µm² for areas, µm for lines; NaN when not measured. */
  measure: number;
}

const flat = (points: readonly SlidePoint[]) => {
  const out = new Float32Array(points.length * 2);
  points.forEach((p, i) => {
    out[2 * i] = p.x;
    out[2 * i + 1] = p.y;
  });
  return out;
};

/** The DICOM shapes of one geometry (the kind only matters for text notes, handled apart). */
export function shapesOf(g: Geometry, spacing: Spacing): Shape[] {
  const m = (geometry: Geometry, what: 'area' | 'length') =>
    spacing === null ? NaN : (measure(geometry, spacing)[what] ?? NaN);
  switch (g.type) {
    case 'point':
      return [{ graphicType: 'POINT', points: flat([g.point]), measure: NaN }];
    case 'multipoint':
      return g.points.map((p) => ({ graphicType: 'POINT', points: flat([p]), measure: NaN }));
    case 'polyline':
      return [{ graphicType: 'POLYLINE', points: flat(g.points), measure: m(g, 'length') }];
    case 'rectangle': {
      const { x, y, width: w, height: h } = g;
      // Top-left, top-right, bottom-right, bottom-left (PS3.3 C.37.1.2).
      const points = new Float32Array([x, y, x + w, y, x + w, y + h, x, y + h]);
      return [{ graphicType: 'RECTANGLE', points, measure: m(g, 'area') }];
    }
    case 'ellipse': {
      const { x, y, width: w, height: h } = g;
      const cx = x + w / 2;
      const cy = y + h / 2;
      // The ends of the major axis, then those of the minor axis.
      const points =
        w >= h
          ? new Float32Array([x, cy, x + w, cy, cx, y, cx, y + h])
          : new Float32Array([cx, y, cx, y + h, x, cy, x + w, cy]);
      return [{ graphicType: 'ELLIPSE', points, measure: m(g, 'area') }];
    }
    case 'polygon':
      return [{ graphicType: 'POLYGON', points: flat(g.rings[0]!), measure: m(g, 'area') }];
    case 'multipolygon':
      return g.polygons.map((rings) => ({
        graphicType: 'POLYGON',
        points: flat(rings[0]!),
        measure: m({ type: 'polygon', rings }, 'area'),
      }));
  }
}

export interface GroupsResult {
  groups: AnnGroup[];
  /** Annotations written (a multipoint or multipolygon counts once). */
  annotations: number;
}

/**
 * The groups of a slide's annotations: see the file comment. `spacing` in µm per pixel
 * (null: no measurements); class names in `language`.
 */
export function toAnnGroups(
  annotations: readonly Annotation[],
  classes: readonly AnnotationClass[],
  options: { spacing: Spacing; language: Language },
): GroupsResult {
  const byKey = new Map<string, { group: AnnGroup; measures: number[] }>();
  const notes: AnnGroup[] = [];
  let count = 0;
  const classOf = new Map(classes.map((c) => [c.id, c]));
  for (const a of annotations) {
    if (a.objectType !== 'annotation') continue;
    count++;
    if (a.kind === 'text' && a.geometry.type === 'point') {
      const text = a.text.trim() || a.name.trim();
      notes.push({
        label: text.length > 64 ? `${text.slice(0, 63).trimEnd()}…` : text || 'Note',
        ...(text.length > 64 ? { description: text } : {}),
        propertyCategory: NOTE_CONCEPT.category,
        propertyType: NOTE_CONCEPT.type,
        graphicType: 'POINT',
        annotations: [{ points: flat([a.geometry.point]) }],
      });
      continue;
    }
    const cls = a.classId === null ? undefined : classOf.get(a.classId);
    for (const shape of shapesOf(a.geometry, options.spacing)) {
      const key = `${a.classId ?? ''}\u0000${shape.graphicType}`;
      let entry = byKey.get(key);
      if (!entry) {
        const concept = conceptOfClass(a.classId);
        entry = {
          group: {
            label: cls ? cls.names[options.language] : UNCLASSIFIED[options.language],
            propertyCategory: concept.category,
            propertyType: concept.type,
            graphicType: shape.graphicType,
            annotations: [],
          },
          measures: [],
        };
        byKey.set(key, entry);
      }
      entry.group.annotations.push({ points: shape.points });
      entry.measures.push(shape.measure);
    }
  }
  const groups = [...byKey.values()].map(({ group, measures }) => {
    const kind = group.graphicType === 'POLYLINE' ? 'length' : 'area';
    if (group.graphicType === 'POINT' || measures.every((v) => Number.isNaN(v))) return group;
    const measurement: AnnMeasurement =
      kind === 'length'
        ? { name: MEASUREMENT.length, unit: UNIT.micrometre, values: new Float32Array(measures) }
        : {
            name: MEASUREMENT.area,
            unit: UNIT.squareMicrometre,
            values: new Float32Array(measures),
          };
    return { ...group, measurements: [measurement] };
  });
  return { groups: [...groups, ...notes], annotations: count };
}

// -------------------------------------------------------------------------------------
// Reading

/** Turned shapes are traced with this many vertices (a 64-gon is within 0.12 % of the ellipse). */
const ELLIPSE_VERTICES = 64;
/** Coordinates are float32: along an axis means within this many pixels. */
const AXIS_EPSILON = 1e-3;

const pair = (p: Float32Array, i: number): SlidePoint => slidePoint(p[2 * i]!, p[2 * i + 1]!);

function allFinite(p: Float32Array): boolean {
  for (let i = 0; i < p.length; i++) if (!Number.isFinite(p[i])) return false;
  return true;
}

/** The geometry of one DICOM shape, or null when it has too few points for its type. */
export function geometryOfShape(graphicType: AnnGraphicType, p: Float32Array): Geometry | null {
  const n = Math.floor(p.length / 2);
  if (!allFinite(p)) return null;
  const points = Array.from({ length: n }, (_, i) => pair(p, i));
  switch (graphicType) {
    case 'POINT':
      return n >= 1 ? { type: 'point', point: points[0]! } : null;
    case 'POLYLINE':
      return n >= 2 ? { type: 'polyline', points } : null;
    case 'POLYGON':
      return n >= 3 ? { type: 'polygon', rings: [points] } : null;
    case 'RECTANGLE': {
      if (n !== 4) return null;
      const xs = points.map((q) => q.x);
      const ys = points.map((q) => q.y);
      const distinct = (v: number[]) =>
        v.filter((a, i) => v.findIndex((b) => Math.abs(a - b) <= AXIS_EPSILON) === i).length;
      if (distinct(xs) <= 2 && distinct(ys) <= 2) {
        const x = Math.min(...xs);
        const y = Math.min(...ys);
        return {
          type: 'rectangle',
          x: slidePx(x),
          y: slidePx(y),
          width: slidePx(Math.max(...xs) - x),
          height: slidePx(Math.max(...ys) - y),
        };
      }
      return { type: 'polygon', rings: [points] };
    }
    case 'ELLIPSE': {
      if (n !== 4) return null;
      const [a0, a1, b0, b1] = points as [SlidePoint, SlidePoint, SlidePoint, SlidePoint];
      const cx = (a0.x + a1.x) / 2;
      const cy = (a0.y + a1.y) / 2;
      const major = Math.hypot(a1.x - a0.x, a1.y - a0.y) / 2;
      const minor = Math.hypot(b1.x - b0.x, b1.y - b0.y) / 2;
      const angle = Math.atan2(a1.y - a0.y, a1.x - a0.x);
      const horizontal = Math.abs(a1.y - a0.y) <= AXIS_EPSILON;
      const vertical = Math.abs(a1.x - a0.x) <= AXIS_EPSILON;
      if (horizontal || vertical) {
        const rx = horizontal ? major : minor;
        const ry = horizontal ? minor : major;
        return {
          type: 'ellipse',
          x: slidePx(cx - rx),
          y: slidePx(cy - ry),
          width: slidePx(2 * rx),
          height: slidePx(2 * ry),
        };
      }
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      const ring = Array.from({ length: ELLIPSE_VERTICES }, (_, i) => {
        const t = (2 * Math.PI * i) / ELLIPSE_VERTICES;
        const u = major * Math.cos(t);
        const v = minor * Math.sin(t);
        return slidePoint(cx + u * cos - v * sin, cy + u * sin + v * cos);
      });
      return { type: 'polygon', rings: [ring] };
    }
  }
}

const sameCode = (a: CodedConcept, b: CodedConcept) =>
  a.CodeValue === b.CodeValue && a.CodingSchemeDesignator === b.CodingSchemeDesignator;

/**
 * The workstation class a group stands for: a built-in class by its coded concept (the
 * generic region concept by the group's label), else any class by label; null if none.
 */
export function classIdOfGroup(
  group: Pick<AnnGroup, 'label' | 'propertyType'>,
  classes: readonly AnnotationClass[],
): string | null {
  if (!sameCode(group.propertyType, ANNOTATION_CLASSES.region.type)) {
    for (const [id, concept] of Object.entries(CLASS_CONCEPTS)) {
      if (id !== 'other' && sameCode(concept.type, group.propertyType)) return id;
    }
  }
  if (sameCode(group.propertyType, NOTE_CONCEPT.type)) return null;
  return findClassByName(classes.length > 0 ? classes : BUILT_IN_CLASSES, group.label)?.id ?? null;
}

/** A decoded group as the contract shows it; shapes too short for their type are left out. */
export function fromAnnGroup(
  group: AnnGroup,
  classes: readonly AnnotationClass[],
): ArchiveAnnotationGroup {
  const geometries: Geometry[] = [];
  for (const shape of group.annotations) {
    const g = geometryOfShape(group.graphicType, shape.points);
    if (g) geometries.push(g);
  }
  return {
    label: group.label,
    description: group.description ?? null,
    graphicType: group.graphicType,
    generationType: group.generationType ?? 'MANUAL',
    algorithm: group.algorithm
      ? { name: group.algorithm.name, version: group.algorithm.version }
      : null,
    propertyType: {
      scheme: group.propertyType.CodingSchemeDesignator,
      code: group.propertyType.CodeValue,
      meaning: group.propertyType.CodeMeaning,
    },
    classId: classIdOfGroup(group, classes),
    geometries,
  };
}
