/**
 * What the tools do to annotation geometry (the engine's model: level-0 slide pixels):
 * build it from pointer positions, list the handles a user can drag, move a handle, move
 * the whole shape. A shape is an annotation's kind and geometry, so an Annotation record
 * is a Shape as it is.
 */
import type { Geometry, SlidePoint } from '../../../../electron/common/annotations/geometry';
import { slidePoint } from '../../../../electron/common/annotations/geometry';
import type { AnnotationKind } from '../../../../electron/common/annotations/model';
import { slidePx } from '../../../../electron/common/pyramid';

export interface Shape {
  readonly kind: AnnotationKind;
  readonly geometry: Geometry;
}

/** More vertices than this (an imported outline, say) are not offered as handles. */
export const MAX_HANDLES = 400;

type BoxGeometry = Extract<Geometry, { type: 'rectangle' | 'ellipse' }>;

/** The axis-aligned box with corners `a` and `b`, whichever way it was dragged. */
export function boxGeometry(
  type: 'rectangle' | 'ellipse',
  a: SlidePoint,
  b: SlidePoint,
): BoxGeometry {
  return {
    type,
    x: slidePx(Math.min(a.x, b.x)),
    y: slidePx(Math.min(a.y, b.y)),
    width: slidePx(Math.abs(b.x - a.x)),
    height: slidePx(Math.abs(b.y - a.y)),
  };
}

/** The four corners of a box, clockwise from the top-left (in slide axes). */
export function corners(g: BoxGeometry): SlidePoint[] {
  return [
    slidePoint(g.x, g.y),
    slidePoint(g.x + g.width, g.y),
    slidePoint(g.x + g.width, g.y + g.height),
    slidePoint(g.x, g.y + g.height),
  ];
}

/** Every vertex in a fixed order (the order handles are numbered in). */
function vertices(g: Geometry): SlidePoint[] {
  switch (g.type) {
    case 'point':
      return [g.point];
    case 'multipoint':
    case 'polyline':
      return [...g.points];
    case 'rectangle':
    case 'ellipse':
      return corners(g);
    case 'polygon':
      return g.rings.flat();
    case 'multipolygon':
      return g.polygons.flat(2);
  }
}

/** The same geometry with every vertex passed through `f` (boxes: their corner). */
function mapVertices(g: Geometry, f: (p: SlidePoint, i: number) => SlidePoint): Geometry {
  let i = 0;
  const next = (p: SlidePoint) => f(p, i++);
  switch (g.type) {
    case 'point':
      return { type: 'point', point: next(g.point) };
    case 'multipoint':
    case 'polyline':
      return { type: g.type, points: g.points.map(next) };
    case 'rectangle':
    case 'ellipse': {
      const [a, , c] = corners(g);
      return boxGeometry(g.type, f(a!, 0), f(c!, 2));
    }
    case 'polygon':
      return { type: 'polygon', rings: g.rings.map((r) => r.map(next)) };
    case 'multipolygon':
      return { type: 'multipolygon', polygons: g.polygons.map((rs) => rs.map((r) => r.map(next))) };
  }
}

/** The vertices a user can drag. Freehand outlines have too many to show: they only move. */
export function handlesOf(shape: Shape): SlidePoint[] {
  if (shape.kind === 'freehand') return [];
  const all = vertices(shape.geometry);
  return all.length > MAX_HANDLES ? [] : all;
}

/** The shape with handle `index` (as numbered by handlesOf) dragged to `to`. */
export function moveHandle(shape: Shape, index: number, to: SlidePoint): Shape {
  const g = shape.geometry;
  if (g.type === 'rectangle' || g.type === 'ellipse') {
    // The opposite corner stays where it is.
    const opposite = corners(g)[(index + 2) % 4];
    if (!opposite || index < 0 || index > 3) return shape;
    return { kind: shape.kind, geometry: boxGeometry(g.type, opposite, to) };
  }
  if (index < 0 || index >= vertices(g).length) return shape;
  return { kind: shape.kind, geometry: mapVertices(g, (p, i) => (i === index ? to : p)) };
}

export function moveShape(shape: Shape, dx: number, dy: number): Shape {
  return {
    kind: shape.kind,
    geometry: mapVertices(shape.geometry, (p) => slidePoint(p.x + dx, p.y + dy)),
  };
}

/** Keeps the second corner on the diagonal of a square from the first (Shift while drawing). */
export function squareFrom(from: SlidePoint, to: SlidePoint): SlidePoint {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const side = Math.max(Math.abs(dx), Math.abs(dy));
  return slidePoint(from.x + Math.sign(dx || 1) * side, from.y + Math.sign(dy || 1) * side);
}

/** Snaps the end of a line to the nearest multiple of 45° from its start (Shift while drawing). */
export function snapAngle(from: SlidePoint, to: SlidePoint): SlidePoint {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy);
  const step = Math.PI / 4;
  const angle = Math.round(Math.atan2(dy, dx) / step) * step;
  return slidePoint(from.x + length * Math.cos(angle), from.y + length * Math.sin(angle));
}

/**
 * Ramer–Douglas–Peucker: drops the points of a freehand outline that lie within
 * `tolerance` of the line through their neighbours, so a stroke of a thousand mouse
 * samples is stored as the few dozen vertices that make its shape.
 */
export function simplify(points: readonly SlidePoint[], tolerance: number): SlidePoint[] {
  if (points.length <= 2) return [...points];
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [start, end] = stack.pop()!;
    const a = points[start]!;
    const b = points[end]!;
    let worst = -1;
    let worstDistance = tolerance;
    for (let i = start + 1; i < end; i++) {
      const d = lineDistance(points[i]!, a, b);
      if (d > worstDistance) {
        worst = i;
        worstDistance = d;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([start, worst], [worst, end]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

function lineDistance(p: SlidePoint, a: SlidePoint, b: SlidePoint): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = Math.hypot(dx, dy);
  if (length === 0) return Math.hypot(p.x - a.x, p.y - a.y);
  return Math.abs(dy * p.x - dx * p.y + b.x * a.y - b.y * a.x) / length;
}

/**
 * The shape kept on a slide of `width` × `height` level-0 pixels (the engine refuses a
 * vertex off the slide): a moved shape is slid back in whole; drawn or edited vertices
 * beyond the edge are brought to it.
 */
export function keepOnSlide(shape: Shape, width: number, height: number, moved = false): Shape {
  const all = vertices(shape.geometry);
  if (all.every((p) => p.x >= 0 && p.y >= 0 && p.x <= width && p.y <= height)) return shape;
  if (moved) {
    const minX = Math.min(...all.map((p) => p.x));
    const maxX = Math.max(...all.map((p) => p.x));
    const minY = Math.min(...all.map((p) => p.y));
    const maxY = Math.max(...all.map((p) => p.y));
    if (maxX - minX <= width && maxY - minY <= height) {
      const dx = minX < 0 ? -minX : maxX > width ? width - maxX : 0;
      const dy = minY < 0 ? -minY : maxY > height ? height - maxY : 0;
      return moveShape(shape, dx, dy);
    }
  }
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  return {
    kind: shape.kind,
    geometry: mapVertices(shape.geometry, (p) => slidePoint(clamp(p.x, width), clamp(p.y, height))),
  };
}
