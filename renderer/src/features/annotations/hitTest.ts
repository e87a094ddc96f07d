/**
 * Which annotation is under the pointer. Distances are in slide pixels; the tolerance is a
 * fixed size on screen (HIT_TOLERANCE_PX) divided by the view's scale, so a shape is as easy
 * to pick at 1.25× as at 40×. Insides come from the engine's containsPoint (the same rule
 * the counts use).
 */
import { containsPoint } from '../../../../electron/common/annotations/counting';
import type { Geometry, Ring, SlidePoint } from '../../../../electron/common/annotations/geometry';
import {
  boundsOf,
  isAreaGeometry,
  polygonsOf,
} from '../../../../electron/common/annotations/geometry';
import { distance, distanceToSegment } from './geometry';
import type { Shape } from './shapes';
import { corners, handlesOf } from './shapes';

/** Half the 24 px minimum target size of WCAG 2.2 (2.5.8). */
export const HIT_TOLERANCE_PX = 12;

export function toleranceInSlide(screenTolerancePx: number, scale: number): number {
  return scale > 0 ? screenTolerancePx / scale : screenTolerancePx;
}

function ringDistance(p: SlidePoint, ring: Ring): number {
  let best = Infinity;
  for (let i = 0; i < ring.length; i++) {
    best = Math.min(best, distanceToSegment(p, ring[i]!, ring[(i + 1) % ring.length]!));
  }
  return best;
}

/** Approximate distance to an ellipse's outline: exact on the axes, close enough between. */
function ellipseDistance(g: Extract<Geometry, { type: 'ellipse' }>, p: SlidePoint): number {
  const rx = g.width / 2;
  const ry = g.height / 2;
  if (rx === 0 || ry === 0) return ringDistance(p, corners(g));
  const dx = p.x - (g.x + rx);
  const dy = p.y - (g.y + ry);
  const r = Math.hypot(dx / rx, dy / ry);
  if (r === 0) return Math.min(rx, ry);
  // The point of the outline on the ray from the centre through p.
  return Math.hypot(dx - dx / r, dy - dy / r);
}

/** Distance from `p` to the drawn outline of a geometry (its stroke, or its points). */
export function distanceToGeometry(g: Geometry, p: SlidePoint): number {
  switch (g.type) {
    case 'point':
      return distance(p, g.point);
    case 'multipoint':
      return Math.min(...g.points.map((q) => distance(p, q)));
    case 'polyline': {
      let best = Infinity;
      for (let i = 1; i < g.points.length; i++) {
        best = Math.min(best, distanceToSegment(p, g.points[i - 1]!, g.points[i]!));
      }
      return best;
    }
    case 'rectangle':
      return ringDistance(p, corners(g));
    case 'ellipse':
      return ellipseDistance(g, p);
    case 'polygon':
    case 'multipolygon': {
      let best = Infinity;
      for (const rings of polygonsOf(g))
        for (const ring of rings) best = Math.min(best, ringDistance(p, ring));
      return best;
    }
  }
}

export function insideGeometry(g: Geometry, p: SlidePoint): boolean {
  return isAreaGeometry(g) && containsPoint(g, p);
}

function boxArea(g: Geometry): number {
  const b = boundsOf(g);
  return (b.maxX - b.minX) * (b.maxY - b.minY);
}

export interface Hittable extends Shape {
  readonly id: string;
}

/**
 * The annotation under `p`: the nearest outline or point within `tolerance` wins; failing
 * that, the smallest area containing `p` (a mitosis's box inside a tumour region picks the
 * box, not the region).
 */
export function hitTest(
  items: Iterable<Hittable>,
  p: SlidePoint,
  tolerance: number,
): string | null {
  let nearest: string | null = null;
  let nearestDistance = tolerance;
  let inside: string | null = null;
  let insideArea = Infinity;
  for (const item of items) {
    const b = boundsOf(item.geometry);
    // Most annotations are far from the pointer: their box says so without more work.
    if (
      p.x < b.minX - tolerance ||
      p.x > b.maxX + tolerance ||
      p.y < b.minY - tolerance ||
      p.y > b.maxY + tolerance
    )
      continue;
    const d = distanceToGeometry(item.geometry, p);
    if (d <= nearestDistance) {
      nearest = item.id;
      nearestDistance = d;
    }
    if (nearest === null && insideGeometry(item.geometry, p)) {
      const area = boxArea(item.geometry);
      if (area < insideArea) {
        inside = item.id;
        insideArea = area;
      }
    }
  }
  return nearest ?? inside;
}

/** Index of the handle of `shape` under `p` (as numbered by handlesOf), or null. */
export function hitHandle(shape: Shape, p: SlidePoint, tolerance: number): number | null {
  let best: number | null = null;
  let bestDistance = tolerance;
  handlesOf(shape).forEach((h, i) => {
    const d = distance(h, p);
    if (d <= bestDistance) {
      best = i;
      bestDistance = d;
    }
  });
  return best;
}

/** Whether `p` is on the shape itself (its outline or points, or inside it for areas). */
export function onShape(shape: Shape, p: SlidePoint, tolerance: number): boolean {
  return distanceToGeometry(shape.geometry, p) <= tolerance || insideGeometry(shape.geometry, p);
}
