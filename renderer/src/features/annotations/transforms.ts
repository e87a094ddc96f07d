/**
 * Slide ↔ screen. The viewer's mapping from level-0 slide pixels to CSS pixels of the
 * viewer element is affine (zoom, pan, rotation, horizontal flip), so it is held as one
 * matrix, built from the viewer's own coordinate conversion (viewer/annotationOverlay.ts
 * asks OpenSeadragon for three points). Everything else (tools, hit tests, drawing) sees
 * only this interface, so rotation and flip are handled in exactly one place.
 */
import type { ScreenPoint, SlidePoint } from './geometry';
import { screenPoint, slidePoint } from './geometry';

/** [a, b, c, d, e, f] as in CanvasRenderingContext2D.setTransform: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export type Matrix = readonly [number, number, number, number, number, number];

export interface ViewTransform {
  toScreen(p: SlidePoint): ScreenPoint;
  toSlide(p: ScreenPoint): SlidePoint;
  /** Screen pixels per slide pixel (the same along both axes). */
  readonly scale: number;
  /** Slide → screen, for drawing whole paths in slide coordinates. */
  readonly matrix: Matrix;
}

export function invert(m: Matrix): Matrix {
  const [a, b, c, d, e, f] = m;
  const det = a * d - b * c;
  if (det === 0 || !Number.isFinite(det)) throw new Error('singular view matrix');
  return [d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det];
}

export function apply(m: Matrix, x: number, y: number): { x: number; y: number } {
  return { x: m[0] * x + m[2] * y + m[4], y: m[1] * x + m[3] * y + m[5] };
}

export function transformFromMatrix(matrix: Matrix): ViewTransform {
  const inverse = invert(matrix);
  return {
    matrix,
    scale: Math.sqrt(Math.abs(matrix[0] * matrix[3] - matrix[1] * matrix[2])),
    toScreen: (p) => {
      const q = apply(matrix, p.x, p.y);
      return screenPoint(q.x, q.y);
    },
    toSlide: (p) => {
      const q = apply(inverse, p.x, p.y);
      return slidePoint(q.x, q.y);
    },
  };
}

/**
 * The matrix of any affine mapping, from where it sends the origin and two points `span`
 * pixels along each axis (a long span keeps rounding errors of the mapping small).
 */
export function matrixFromSamples(
  map: (x: number, y: number) => { x: number; y: number },
  span: number,
): Matrix {
  const o = map(0, 0);
  const ex = map(span, 0);
  const ey = map(0, span);
  return [
    (ex.x - o.x) / span,
    (ex.y - o.y) / span,
    (ey.x - o.x) / span,
    (ey.y - o.y) / span,
    o.x,
    o.y,
  ];
}

/**
 * The matrix of a view described by its parts, the way OpenSeadragon composes them: the
 * slide point `center` at the middle of a `width`-pixel-wide element, `scale` screen pixels
 * per slide pixel, rotated `degrees` clockwise, then mirrored around the vertical middle
 * line when `flipped`. Used by tests and by the screen-size checks.
 */
export function viewMatrix(view: {
  center: { x: number; y: number };
  scale: number;
  degrees: number;
  flipped: boolean;
  width: number;
  height: number;
}): Matrix {
  const r = (view.degrees * Math.PI) / 180;
  const cos = Math.cos(r) * view.scale;
  const sin = Math.sin(r) * view.scale;
  const cx = view.width / 2;
  const cy = view.height / 2;
  // Rotate and scale around the slide centre, put it at the element centre.
  let a = cos;
  const b = sin;
  let c = -sin;
  const d = cos;
  let e = cx - (cos * view.center.x - sin * view.center.y);
  const f = cy - (sin * view.center.x + cos * view.center.y);
  if (view.flipped) {
    a = -a;
    c = -c;
    e = view.width - e;
  }
  return [a, b, c, d, e, f];
}
