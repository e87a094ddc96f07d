/**
 * QuPath GeoJSON: what QuPath writes with File → Export objects as GeoJSON (and
 * `exportObjectsToGeoJson`), and what it reads back with File → Import objects.
 *
 * Coordinates are level-0 pixels with the origin at the top-left corner, as ours. A file
 * is a FeatureCollection, one Feature, or an array of Features (QuPath writes the last
 * without its FEATURE_COLLECTION option). Per feature QuPath writes `properties.objectType`
 * ('annotation', 'detection', 'cell', 'tile'), `classification` ({name, color: [r, g, b]}
 * since 0.4, {name, colorRGB: signed ARGB int} before, `names` for derived classes),
 * `name`, `measurements` (an object, or before 0.4 a list of {name, value}) and `metadata`
 * (strings). Its serialiser writes NaN and Infinity as bare words, which JSON does not
 * allow: they are read as "no value".
 *
 * Geometries: Point and MultiPoint (QuPath's points, counted cells), LineString (its line
 * and polyline), Polygon and MultiPolygon with holes (everything with an area: QuPath turns
 * rectangles and ellipses into polygons). A MultiPoint stays one point-set annotation, as
 * in QuPath. GeometryCollection and MultiLineString are refused with a message.
 *
 * What QuPath has no field for (our rectangle and ellipse boxes, arrows, text notes, a
 * detection's review) travels in `metadata` under `workstation.*` keys, which QuPath keeps
 * and other programs ignore; an export read back gives the same geometry, classes, kinds
 * and statuses.
 *
 * Reading is strict: the first thing wrong stops the import with one line naming the
 * feature (1-based, and its index in `features`) and what is wrong. Nothing is partial.
 */
import type {
  Annotation,
  AnnotationClass,
  AnnotationKind,
  DetectionStatus,
  Geometry,
  ObjectType,
  Ring,
  SlidePoint,
  Spacing,
} from '../../common/annotations';
import {
  MAX_MEASUREMENTS,
  MAX_NAME_LENGTH,
  MAX_TEXT_LENGTH,
  kindGeometryProblem,
  measure,
  slidePoint,
} from '../../common/annotations';
import { slidePx } from '../../common/pyramid';
import { WorkstationError } from '../../common/errors';

/** The slide a file is read for: its level-0 size, and its spacing for measurements. */
export interface SlideFrame {
  width: number;
  height: number;
  mpp: Spacing;
}

export interface ClassRef {
  name: string;
  /** #rrggbb, or null when the file gives none. */
  colour: string | null;
}

/** One feature of a file, checked, in our terms. */
export interface ParsedFeature {
  kind: AnnotationKind;
  geometry: Geometry;
  classification: ClassRef | null;
  name: string;
  text: string;
  measurements: Record<string, number>;
  objectType: ObjectType;
  detectionStatus: DetectionStatus | null;
}

/**
 * Most positions (vertices) one import may carry: 100,000 detection outlines of 50
 * vertices. Bounds the memory one file can take.
 */
export const MAX_POSITIONS_PER_IMPORT = 5_000_000;
/** Longest class name, as in the contract. */
const MAX_CLASS_NAME = 100;
/** Vertices of the polygon an ellipse is exported as: area within 0.04% of the ellipse's. */
export const ELLIPSE_EXPORT_VERTICES = 128;

/** Keys of `properties.metadata` written and read by the workstation. */
export const META = {
  kind: 'workstation.kind',
  box: 'workstation.box',
  text: 'workstation.text',
  detectionStatus: 'workstation.detectionStatus',
} as const;

/** QuPath's names for shape measurements; recomputed on export, never stored from a file. */
const SHAPE_MEASUREMENTS = {
  um: { area: 'Area µm^2', perimeter: 'Perimeter µm', length: 'Length µm' },
  px: { area: 'Area px^2', perimeter: 'Perimeter px', length: 'Length px' },
} as const;
const SHAPE_MEASUREMENT_NAMES = new Set(
  [...Object.values(SHAPE_MEASUREMENTS.um), ...Object.values(SHAPE_MEASUREMENTS.px)].flatMap(
    (n) => [n, n.replace('µ', 'μ')], // micro sign or Greek mu
  ),
);

const fail = (message: string): never => {
  throw new WorkstationError('invalid_argument', message);
};

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000));

/** JSON.parse, also reading QuPath's bare NaN / Infinity as null. */
function parseJson(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    if (/NaN|Infinity/.test(text)) {
      const lenient = text.replace(/"(?:[^"\\]|\\.)*"|-?\b(?:NaN|Infinity)\b/g, (m) =>
        m.startsWith('"') ? m : 'null',
      );
      try {
        return JSON.parse(lenient) as Json;
      } catch {
        // Report the first error, on the text as given.
      }
    }
    return fail(`The file is not valid JSON (${(e as Error).message}).`);
  }
}

/** The features of a FeatureCollection, a Feature, or an array of Features. */
function featuresOf(doc: Json): Json[] {
  if (Array.isArray(doc)) return doc;
  if (!isObject(doc)) return fail('The file is not GeoJSON: expected a FeatureCollection.');
  if (doc.type === 'FeatureCollection') {
    if (!Array.isArray(doc.features)) return fail('The FeatureCollection has no "features" array.');
    return doc.features;
  }
  if (doc.type === 'Feature') return [doc];
  return fail(
    `The file is not a GeoJSON FeatureCollection (its type is ${JSON.stringify(doc.type ?? null)}).`,
  );
}

class FeatureReader {
  /** Positions read so far in the whole file. */
  count = 0;

  constructor(
    private readonly frame: { width: number; height: number },
    private readonly where: string,
  ) {}

  fail(message: string): never {
    return fail(`${this.where}: ${message}`);
  }

  position(v: Json, what: string): SlidePoint {
    if (!Array.isArray(v) || v.length < 2 || v.length > 3)
      return this.fail(`${what} is not a position [x, y]`);
    const x = v[0] as Json;
    const y = v[1] as Json;
    if (
      typeof x !== 'number' ||
      typeof y !== 'number' ||
      !Number.isFinite(x) ||
      !Number.isFinite(y)
    )
      return this.fail(
        `${what} has a coordinate that is not a finite number (${JSON.stringify(v)})`,
      );
    if (x < 0 || y < 0 || x > this.frame.width || y > this.frame.height) {
      return this.fail(
        `coordinates outside the slide (${fmt(x)}, ${fmt(y)}) for a slide of ${this.frame.width}×${this.frame.height}`,
      );
    }
    if (++this.count > MAX_POSITIONS_PER_IMPORT) {
      return fail(
        `The file has more than ${MAX_POSITIONS_PER_IMPORT.toLocaleString('en')} positions: split it, or simplify its outlines.`,
      );
    }
    return slidePoint(x, y);
  }

  points(v: Json, what: string, min: number, type: string): SlidePoint[] {
    if (!Array.isArray(v)) return this.fail(`${type} coordinates are not an array`);
    if (v.length < min)
      return this.fail(
        `${what} has ${v.length} position${v.length === 1 ? '' : 's'} (needs at least ${min})`,
      );
    const out = new Array<SlidePoint>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = this.position(v[i], `position ${i + 1} of ${what}`);
    return out;
  }

  /** A closed GeoJSON ring, stored open. */
  ring(v: Json, what: string, type: string): SlidePoint[] {
    const points = this.points(v, what, 4, type);
    const first = points[0]!;
    const last = points[points.length - 1]!;
    if (first.x !== last.x || first.y !== last.y)
      return this.fail(`${what} is not closed (its last position must repeat its first)`);
    return points.slice(0, -1);
  }

  rings(v: Json, type: string, polygon: string): SlidePoint[][] {
    if (!Array.isArray(v)) return this.fail(`${type} coordinates are not an array`);
    if (v.length === 0) return this.fail(`${polygon} has no rings`);
    return v.map((r, i) => this.ring(r, `${polygon} ring ${i + 1}`, type));
  }

  geometry(g: Json): Geometry {
    if (g === null || g === undefined) return this.fail('it has no geometry');
    if (!isObject(g)) return this.fail('its geometry is not an object');
    const c = g.coordinates;
    switch (g.type) {
      case 'Point':
        return { type: 'point', point: this.position(c, 'the Point') };
      case 'MultiPoint':
        return { type: 'multipoint', points: this.points(c, 'the MultiPoint', 1, 'MultiPoint') };
      case 'LineString':
        return { type: 'polyline', points: this.points(c, 'the LineString', 2, 'LineString') };
      case 'Polygon':
        return { type: 'polygon', rings: this.rings(c, 'Polygon', 'Polygon') };
      case 'MultiPolygon': {
        if (!Array.isArray(c)) return this.fail('MultiPolygon coordinates are not an array');
        if (c.length === 0) return this.fail('the MultiPolygon has no polygons');
        return {
          type: 'multipolygon',
          polygons: c.map((p, i) => this.rings(p, 'MultiPolygon', `MultiPolygon polygon ${i + 1}`)),
        };
      }
      case 'GeometryCollection':
      case 'MultiLineString':
        return this.fail(`${g.type} is not supported (write one feature per geometry)`);
      default:
        return this.fail(`unknown geometry type ${JSON.stringify(g.type ?? null)}`);
    }
  }
}

const hex = (r: number, g: number, b: number) =>
  `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
const isByte = (v: Json): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255;

function colourOf(c: Record<string, Json>): string | null {
  const rgb = c.color;
  if (Array.isArray(rgb) && rgb.length >= 3 && isByte(rgb[0]) && isByte(rgb[1]) && isByte(rgb[2]))
    return hex(rgb[0], rgb[1], rgb[2]);
  if (typeof c.colorRGB === 'number' && Number.isInteger(c.colorRGB)) {
    const packed = c.colorRGB & 0xffffff; // QuPath packs ARGB into a signed int
    return hex(packed >> 16, (packed >> 8) & 0xff, packed & 0xff);
  }
  return null;
}

function classificationOf(r: FeatureReader, v: Json): ClassRef | null {
  if (v === undefined || v === null) return null;
  let name: Json;
  let colour: string | null = null;
  if (typeof v === 'string') name = v;
  else if (isObject(v)) {
    name =
      v.name ??
      (Array.isArray(v.names) && v.names.every((n) => typeof n === 'string')
        ? v.names.join(': ')
        : undefined);
    colour = colourOf(v);
  } else return r.fail('its classification is neither a name nor {name, color}');
  if (typeof name !== 'string') return r.fail('its classification has no name');
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > MAX_CLASS_NAME)
    return r.fail(`its classification name must be 1-${MAX_CLASS_NAME} characters`);
  return { name: trimmed, colour };
}

function measurementsOf(r: FeatureReader, v: Json): Record<string, number> {
  if (v === undefined || v === null) return {};
  let entries: [Json, Json][];
  if (Array.isArray(v))
    entries = v.map((m) => (isObject(m) ? [m.name, m.value] : [undefined, undefined]));
  else if (isObject(v)) entries = Object.entries(v);
  else return r.fail('its measurements are neither an object nor a list');
  const out: Record<string, number> = {};
  let count = 0;
  for (const [name, value] of entries) {
    if (typeof name !== 'string' || name === '' || name.length > 200)
      return r.fail('a measurement has no name (or one longer than 200 characters)');
    if (value === null || SHAPE_MEASUREMENT_NAMES.has(name)) continue; // NaN, or recomputed
    if (typeof value !== 'number' || !Number.isFinite(value))
      return r.fail(`measurement ${JSON.stringify(name)} is not a number`);
    if (++count > MAX_MEASUREMENTS)
      return r.fail(`it has more than ${MAX_MEASUREMENTS} measurements`);
    out[name] = value;
  }
  return out;
}

function objectTypeOf(r: FeatureReader, props: Record<string, Json>): ObjectType {
  const t = props.objectType ?? props.object_type;
  if (t === undefined || t === null || t === 'annotation') return 'annotation';
  // QuPath's cells and tiles are detections too (a cell's nucleus outline is not kept).
  if (t === 'detection' || t === 'cell' || t === 'tile') return 'detection';
  return r.fail(
    `objectType ${JSON.stringify(t)} is not supported (annotation, detection, cell or tile)`,
  );
}

function metadataOf(props: Record<string, Json>): Record<string, string> {
  const m = props.metadata;
  if (!isObject(m)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The box of a workstation rectangle or ellipse, when it still matches its outline. */
function boxOf(
  r: FeatureReader,
  meta: Record<string, string>,
  geometry: Geometry,
): { x: number; y: number; width: number; height: number } | null {
  if (geometry.type !== 'polygon' || geometry.rings.length !== 1) return null;
  let box: Json;
  try {
    box = JSON.parse(meta[META.box] ?? 'null') as Json;
  } catch {
    return null;
  }
  if (!Array.isArray(box) || box.length !== 4) return null;
  if (!box.every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  const [x, y, width, height] = box as number[] as [number, number, number, number];
  if (width < 0 || height < 0) return null;
  r.position([x, y], 'the box');
  r.position([x + width, y + height], 'the box');
  // Edited elsewhere since it was written: the outline wins.
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of geometry.rings[0]!) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  }
  const near = (a: number, b: number) => Math.abs(a - b) <= 0.5 + 1e-6 * Math.abs(b);
  return near(minX, x) && near(minY, y) && near(maxX, x + width) && near(maxY, y + height)
    ? { x, y, width, height }
    : null;
}

/** Our kind and geometry for a feature: the metadata's kind when it still fits. */
function kindOf(
  r: FeatureReader,
  meta: Record<string, string>,
  geometry: Geometry,
): { kind: AnnotationKind; geometry: Geometry } {
  const wanted = meta[META.kind];
  if (wanted === 'rectangle' || wanted === 'ellipse') {
    const box = boxOf(r, meta, geometry);
    if (box) {
      return {
        kind: wanted,
        geometry: {
          type: wanted,
          x: slidePx(box.x),
          y: slidePx(box.y),
          width: slidePx(box.width),
          height: slidePx(box.height),
        },
      };
    }
  } else if (
    wanted === 'point' ||
    wanted === 'line' ||
    wanted === 'arrow' ||
    wanted === 'polygon' ||
    wanted === 'freehand' ||
    wanted === 'text'
  ) {
    if (kindGeometryProblem(wanted, geometry) === null) return { kind: wanted, geometry };
  }
  const byType: Record<Geometry['type'], AnnotationKind> = {
    point: 'point',
    multipoint: 'point',
    polyline: 'line',
    polygon: 'polygon',
    multipolygon: 'polygon',
    rectangle: 'rectangle',
    ellipse: 'ellipse',
  };
  return { kind: byType[geometry.type], geometry };
}

function stringProp(r: FeatureReader, v: Json, what: string, max: number): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') return r.fail(`its ${what} is not a string`);
  if (v.length > max) return r.fail(`its ${what} is longer than ${max} characters`);
  return v;
}

/**
 * Reads a QuPath GeoJSON text for a slide of `frame`, refusing more than `maxFeatures`
 * features. Throws an invalid_argument WorkstationError naming the first problem.
 */
export function parseGeoJson(
  text: string,
  frame: { width: number; height: number },
  maxFeatures: number,
): ParsedFeature[] {
  const features = featuresOf(parseJson(text));
  if (features.length > maxFeatures) {
    fail(
      `Too many features: the file has ${features.length.toLocaleString('en')}, and this slide can take ${maxFeatures.toLocaleString('en')} more.`,
    );
  }
  let positions = 0;
  return features.map((f, i) => {
    const r: FeatureReader = new FeatureReader(frame, `feature ${i + 1} (features[${i}])`);
    r.count = positions;
    if (!isObject(f) || f.type !== 'Feature') r.fail('it is not a GeoJSON Feature');
    const feature = f;
    const props = feature.properties ?? {};
    if (!isObject(props)) r.fail('its properties are not an object');
    const properties = props;
    const objectType = objectTypeOf(r, properties);
    const parsedGeometry = r.geometry(feature.geometry);
    const meta = metadataOf(properties);
    const { kind, geometry } = kindOf(r, meta, parsedGeometry);
    positions = r.count;
    const status = meta[META.detectionStatus];
    const detectionStatus: DetectionStatus | null =
      objectType === 'detection'
        ? status === 'rejected'
          ? 'rejected'
          : 'pending'
        : status === 'accepted'
          ? 'accepted'
          : null;
    return {
      kind,
      geometry,
      classification: classificationOf(r, properties.classification),
      name: stringProp(r, properties.name, 'name', MAX_NAME_LENGTH),
      text: stringProp(r, meta[META.text], 'text', MAX_TEXT_LENGTH),
      measurements: measurementsOf(r, properties.measurements),
      objectType,
      detectionStatus,
    };
  });
}

// ---------------------------------------------------------------------------------------
// Writing.

type Position = [number, number];
const pos = (p: SlidePoint): Position => [p.x, p.y];
const closed = (ring: Ring): Position[] => [...ring.map(pos), pos(ring[0]!)];

function boxRing(x: number, y: number, w: number, h: number): Position[] {
  return [
    [x, y],
    [x + w, y],
    [x + w, y + h],
    [x, y + h],
    [x, y],
  ];
}

function ellipseRing(x: number, y: number, w: number, h: number): Position[] {
  const [a, b] = [w / 2, h / 2];
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const ring: Position[] = [];
  for (let i = 0; i < ELLIPSE_EXPORT_VERTICES; i++) {
    const t = (2 * Math.PI * i) / ELLIPSE_EXPORT_VERTICES;
    // Clamped: rounding must not put a vertex a hair outside the box (and the slide).
    ring.push([clamp(x + a + a * Math.cos(t), x, x + w), clamp(y + b + b * Math.sin(t), y, y + h)]);
  }
  ring.push(ring[0]!);
  return ring;
}

function geometryJson(g: Geometry): Record<string, Json> {
  switch (g.type) {
    case 'point':
      return { type: 'Point', coordinates: pos(g.point) };
    case 'multipoint':
      return { type: 'MultiPoint', coordinates: g.points.map(pos) };
    case 'polyline':
      return { type: 'LineString', coordinates: g.points.map(pos) };
    case 'rectangle':
      return { type: 'Polygon', coordinates: [boxRing(g.x, g.y, g.width, g.height)] };
    case 'ellipse':
      return { type: 'Polygon', coordinates: [ellipseRing(g.x, g.y, g.width, g.height)] };
    case 'polygon':
      return { type: 'Polygon', coordinates: g.rings.map(closed) };
    case 'multipolygon':
      return { type: 'MultiPolygon', coordinates: g.polygons.map((rings) => rings.map(closed)) };
  }
}

function rgb(colour: string): [number, number, number] {
  const n = Number.parseInt(colour.slice(1), 16);
  return [n >> 16, (n >> 8) & 0xff, n & 0xff];
}

/** The feature QuPath would write for `a`, measured at `spacing`. */
export function featureOf(
  a: Annotation,
  classes: ReadonlyMap<string, AnnotationClass>,
  spacing: Spacing,
): Record<string, Json> {
  const m = measure(a.geometry, spacing);
  const names = spacing ? SHAPE_MEASUREMENTS.um : SHAPE_MEASUREMENTS.px;
  const measurements: Record<string, number> = {};
  if (m.area !== null) measurements[names.area] = m.area;
  if (m.perimeter !== null) measurements[names.perimeter] = m.perimeter;
  if (m.length !== null) measurements[names.length] = m.length;
  Object.assign(measurements, a.measurements);
  const metadata: Record<string, string> = { [META.kind]: a.kind };
  if (a.geometry.type === 'rectangle' || a.geometry.type === 'ellipse') {
    const { x, y, width, height } = a.geometry;
    metadata[META.box] = JSON.stringify([x, y, width, height]);
  }
  if (a.text) metadata[META.text] = a.text;
  if (a.detectionStatus === 'accepted' || a.detectionStatus === 'rejected')
    metadata[META.detectionStatus] = a.detectionStatus;
  const cls = a.classId === null ? undefined : classes.get(a.classId);
  return {
    type: 'Feature',
    id: a.id,
    geometry: geometryJson(a.geometry),
    properties: {
      objectType: a.objectType,
      ...(a.name ? { name: a.name } : {}),
      ...(cls ? { classification: { name: cls.names.en, color: rgb(cls.colour) } } : {}),
      ...(Object.keys(measurements).length > 0 ? { measurements } : {}),
      metadata,
    },
  };
}

/** A FeatureCollection of `annotations`, as QuPath writes one (compact JSON). */
export function exportGeoJson(
  annotations: readonly Annotation[],
  classes: readonly AnnotationClass[],
  spacing: Spacing,
): string {
  const byId = new Map(classes.map((c) => [c.id, c]));
  return JSON.stringify({
    type: 'FeatureCollection',
    features: annotations.map((a) => featureOf(a, byId, spacing)),
  });
}
