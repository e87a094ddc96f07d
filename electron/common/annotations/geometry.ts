/**
 * Annotation geometry, always in level-0 slide pixels (x to the right, y down, origin at
 * the top-left corner of the full-resolution image, as QuPath and DICOM do). The numbers
 * are branded SlidePx: a point on the slide cannot be passed where a point on screen is
 * expected. The viewer turns one into the other; rotation, flip and zoom are view
 * transforms only, so a stored shape stays on the tissue under all of them.
 *
 * Rectangles and ellipses are axis-aligned in slide pixels and described by their
 * bounding box; a rotated one is a polygon. Polygon rings are stored open (the first
 * point is not repeated at the end); the first ring is the outline, the others are holes.
 */
import { z } from 'zod';
import type { SlidePx } from '../pyramid';
import { slidePx } from '../pyramid';

export interface SlidePoint {
  readonly x: SlidePx;
  readonly y: SlidePx;
}

export const slidePoint = (x: number, y: number): SlidePoint => ({ x: slidePx(x), y: slidePx(y) });

/**
 * Largest number of points in one ring, line or point set. A freehand outline of a whole
 * section at full resolution stays well below it once the tool drops points closer than a
 * screen pixel; it bounds what one call can make the engine hold.
 */
export const MAX_POINTS_PER_PART = 1_000_000;
/** Largest number of rings (outline and holes) in a polygon, or polygons in a multipolygon. */
export const MAX_PARTS = 10_000;

/** A finite number typed as slide pixels: callers build geometry with slidePx()/slidePoint(). */
const Px = z.number() as unknown as z.ZodType<SlidePx, SlidePx>;
const Length = z.number().nonnegative() as unknown as z.ZodType<SlidePx, SlidePx>;

export const SlidePointSchema = z.object({ x: Px, y: Px }).strict();

/**
 * What is wrong with a list of points ({x, y} with finite numbers and nothing else, at
 * least `min`), or null. Checked by hand: a slide of 100,000 detection outlines holds
 * millions of points, and per-point zod objects made validating a list take seconds.
 */
export function pointsProblem(value: unknown, min: number): string | null {
  if (!Array.isArray(value)) return 'must be a list of points';
  if (value.length < min) return `needs at least ${min} points (got ${value.length})`;
  if (value.length > MAX_POINTS_PER_PART) return `has more than ${MAX_POINTS_PER_PART} points`;
  for (let i = 0; i < value.length; i++) {
    const p = value[i] as { x?: unknown; y?: unknown } | null;
    if (
      typeof p !== 'object' ||
      p === null ||
      typeof p.x !== 'number' ||
      typeof p.y !== 'number' ||
      !Number.isFinite(p.x) ||
      !Number.isFinite(p.y) ||
      Object.keys(p).length !== 2
    )
      return `point ${i} must be {x, y} with finite numbers`;
  }
  return null;
}

const Points = (min: number) =>
  z.custom<SlidePoint[]>((v) => pointsProblem(v, min) === null, {
    error: (issue) => pointsProblem(issue.input, min) ?? 'invalid points',
  });
/** An open ring: at least three points, the first not repeated at the end. */
export const RingSchema = Points(3);
const Rings = z.array(RingSchema).min(1).max(MAX_PARTS);

export const PointGeometrySchema = z
  .object({ type: z.literal('point'), point: SlidePointSchema })
  .strict();
export const MultiPointGeometrySchema = z
  .object({ type: z.literal('multipoint'), points: Points(1) })
  .strict();
/** An open line through its points; a ruler or an arrow has two (the arrow points at the last). */
export const PolylineGeometrySchema = z
  .object({ type: z.literal('polyline'), points: Points(2) })
  .strict();
const box = { x: Px, y: Px, width: Length, height: Length };
export const RectangleGeometrySchema = z.object({ type: z.literal('rectangle'), ...box }).strict();
/** The ellipse inscribed in an axis-aligned box. */
export const EllipseGeometrySchema = z.object({ type: z.literal('ellipse'), ...box }).strict();
export const PolygonGeometrySchema = z
  .object({ type: z.literal('polygon'), rings: Rings })
  .strict();
export const MultiPolygonGeometrySchema = z
  .object({ type: z.literal('multipolygon'), polygons: z.array(Rings).min(1).max(MAX_PARTS) })
  .strict();

export const GeometrySchema = z.discriminatedUnion('type', [
  PointGeometrySchema,
  MultiPointGeometrySchema,
  PolylineGeometrySchema,
  RectangleGeometrySchema,
  EllipseGeometrySchema,
  PolygonGeometrySchema,
  MultiPolygonGeometrySchema,
]);
export type Geometry = z.infer<typeof GeometrySchema>;
export type GeometryType = Geometry['type'];
export type Ring = readonly SlidePoint[];
export type PolygonGeometry = z.infer<typeof PolygonGeometrySchema>;
export type RectangleGeometry = z.infer<typeof RectangleGeometrySchema>;
export type EllipseGeometry = z.infer<typeof EllipseGeometrySchema>;
export type MultiPolygonGeometry = z.infer<typeof MultiPolygonGeometrySchema>;

/** Geometries that enclose an area (what a count is made in). */
export type AreaGeometry =
  RectangleGeometry | EllipseGeometry | PolygonGeometry | MultiPolygonGeometry;

export function isAreaGeometry(g: Geometry): g is AreaGeometry {
  return (
    g.type === 'rectangle' ||
    g.type === 'ellipse' ||
    g.type === 'polygon' ||
    g.type === 'multipolygon'
  );
}

/** The polygons of an area geometry other than rectangle and ellipse: lists of rings. */
export function polygonsOf(
  g: PolygonGeometry | MultiPolygonGeometry,
): readonly (readonly Ring[])[] {
  return g.type === 'polygon' ? [g.rings] : g.polygons;
}

/** Every vertex of a geometry (a rectangle's or ellipse's box corners). */
export function* verticesOf(g: Geometry): Generator<SlidePoint> {
  switch (g.type) {
    case 'point':
      yield g.point;
      return;
    case 'multipoint':
    case 'polyline':
      yield* g.points;
      return;
    case 'rectangle':
    case 'ellipse':
      yield slidePoint(g.x, g.y);
      yield slidePoint(g.x + g.width, g.y + g.height);
      return;
    case 'polygon':
    case 'multipolygon':
      for (const rings of polygonsOf(g)) for (const ring of rings) yield* ring;
  }
}

export interface SlideBounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function boundsOf(g: Geometry): SlideBounds {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of verticesOf(g)) {
    if (p.x < minX) minX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.x > maxX) maxX = p.x;
    if (p.y > maxY) maxY = p.y;
  }
  return { minX, minY, maxX, maxY };
}

/**
 * The first vertex of `g` outside a slide of `width` × `height` level-0 pixels (edges
 * included: a shape may touch the border), or null when all of it is on the slide.
 */
export function firstPointOutside(g: Geometry, width: number, height: number): SlidePoint | null {
  for (const p of verticesOf(g)) {
    if (!(p.x >= 0 && p.y >= 0 && p.x <= width && p.y <= height)) return p;
  }
  return null;
}
