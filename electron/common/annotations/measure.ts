/**
 * Lengths, areas and perimeters of annotation geometry, from the slide's pixel spacing.
 *
 * Spacing may differ in x and y (anisotropic scanners): every distance is taken after
 * scaling x and y separately, so a shape measures the same whatever its orientation on
 * the glass. An area scales by spacing.x × spacing.y exactly (a linear map multiplies
 * areas by its determinant). An axis-aligned ellipse in pixels is still an axis-aligned
 * ellipse in micrometres, with semi-axes width/2 × x and height/2 × y.
 *
 * When the spacing is unknown the same numbers are given in pixels, with `spacingKnown`
 * false: a unit is never invented.
 */
import type { Geometry, Ring, SlidePoint } from './geometry';
import { polygonsOf } from './geometry';

/** Micrometres per level-0 pixel, as SlideInfo.mpp (null when the slide does not say). */
export type Spacing = { readonly x: number; readonly y: number } | null;

export interface Measurements {
  /** µm (and µm²) when the spacing is known, pixels otherwise. */
  unit: 'µm' | 'px';
  spacingKnown: boolean;
  /** Length of a line; null for points and areas. */
  length: number | null;
  /** Enclosed area (holes removed), in unit²; null for points and lines. */
  area: number | null;
  /** Length of every outline and hole, in unit; null for points and lines. */
  perimeter: number | null;
}

const scaleOf = (spacing: Spacing) => spacing ?? { x: 1, y: 1 };

function segment(a: SlidePoint, b: SlidePoint, sx: number, sy: number): number {
  return Math.hypot((b.x - a.x) * sx, (b.y - a.y) * sy);
}

/** Length of an open line through `points`. */
export function polylineLength(points: readonly SlidePoint[], spacing: Spacing): number {
  const { x: sx, y: sy } = scaleOf(spacing);
  let total = 0;
  for (let i = 1; i < points.length; i++) total += segment(points[i - 1]!, points[i]!, sx, sy);
  return total;
}

/** Length of a closed ring (last point back to the first). */
export function ringPerimeter(ring: Ring, spacing: Spacing): number {
  const { x: sx, y: sy } = scaleOf(spacing);
  if (ring.length < 2) return 0;
  return polylineLength(ring, spacing) + segment(ring[ring.length - 1]!, ring[0]!, sx, sy);
}

/** Area enclosed by a ring (shoelace formula, relative to the first point for precision). */
export function ringArea(ring: Ring, spacing: Spacing): number {
  const { x: sx, y: sy } = scaleOf(spacing);
  const origin = ring[0];
  if (!origin) return 0;
  let twice = 0;
  for (let i = 1; i + 1 < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    twice += (a.x - origin.x) * (b.y - origin.y) - (b.x - origin.x) * (a.y - origin.y);
  }
  return (Math.abs(twice) / 2) * sx * sy;
}

/** A polygon's area: its outline minus its holes. */
export function polygonArea(rings: readonly Ring[], spacing: Spacing): number {
  const [outline, ...holes] = rings;
  if (!outline) return 0;
  return Math.max(
    0,
    holes.reduce((area, hole) => area - ringArea(hole, spacing), ringArea(outline, spacing)),
  );
}

/**
 * Perimeter of an ellipse of semi-axes a and b: Ramanujan's second approximation,
 * π(a + b)(1 + 3h / (10 + √(4 − 3h))), h = ((a − b)/(a + b))²: exact for a circle, and
 * its relative error grows with flattening to 0.04% for a segment (b = 0), far inside the
 * 0.5% allowed (S. Ramanujan, Modular equations and approximations to π, Q. J. Math. 45,
 * 1914).
 */
export function ellipsePerimeter(a: number, b: number): number {
  if (a + b === 0) return 0;
  const h = ((a - b) / (a + b)) ** 2;
  return Math.PI * (a + b) * (1 + (3 * h) / (10 + Math.sqrt(4 - 3 * h)));
}

/** Measurements of a geometry at `spacing` (null: unknown, measured in pixels). */
export function measure(geometry: Geometry, spacing: Spacing): Measurements {
  const { x: sx, y: sy } = scaleOf(spacing);
  const base = {
    unit: spacing ? 'µm' : 'px',
    spacingKnown: spacing !== null,
    length: null,
    area: null,
    perimeter: null,
  } as const;
  switch (geometry.type) {
    case 'point':
    case 'multipoint':
      return { ...base };
    case 'polyline':
      return { ...base, length: polylineLength(geometry.points, spacing) };
    case 'rectangle': {
      const w = geometry.width * sx;
      const h = geometry.height * sy;
      return { ...base, area: w * h, perimeter: 2 * (w + h) };
    }
    case 'ellipse': {
      const a = (geometry.width / 2) * sx;
      const b = (geometry.height / 2) * sy;
      return { ...base, area: Math.PI * a * b, perimeter: ellipsePerimeter(a, b) };
    }
    case 'polygon':
    case 'multipolygon': {
      let area = 0;
      let perimeter = 0;
      for (const rings of polygonsOf(geometry)) {
        area += polygonArea(rings, spacing);
        for (const ring of rings) perimeter += ringPerimeter(ring, spacing);
      }
      return { ...base, area, perimeter };
    }
  }
}
