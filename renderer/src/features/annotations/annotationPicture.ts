/**
 * The annotations' outlines, areas and point markers, drawn fast enough for 10,000 of them
 * while panning. Two things cost, on a software canvas (no GPU: hospital virtual desktops,
 * our build machines): stroking and filling paths with every shape of the slide in them,
 * and doing it again every frame. So:
 *
 * - the shapes go into the AI overlay's uniform grid index (overlayIndex.ts), built once
 *   per change of the annotations, and only those in view are traced, in screen pixels,
 *   one fill and two strokes (halo, colour) per colour;
 * - AnnotationPicture draws them into an offscreen picture of the view plus a margin and
 *   each frame only places it, as the detection layer does: it is drawn again when the
 *   shapes, the zoom, the rotation or the size change, or when a pan leaves the margin.
 *
 * Pure but for `domSurface`, which makes the picture's canvas in a page.
 */
import type { Geometry } from '../../../../electron/common/annotations/geometry';
import type { Sink } from './detectionLayer';
import { sameLinear, traceScreen } from './detectionLayer';
import type { DetectionIndex } from './overlayIndex';
import { buildIndex, queryRect, visibleRect } from './overlayIndex';
import type { ViewTransform } from './transforms';

/** Outline width on screen (CSS px); the dark halo under it keeps it visible on H&E pinks. */
export const LINE_PX = 2;
export const HALO_PX = 4;
export const HALO = 'rgba(0, 0, 0, 0.55)';
/** Areas are tinted, not hidden: the tissue under a tumour region must stay readable. */
export const FILL_ALPHA = 0.12;
/** Point markers: radius on screen (CSS px). */
export const POINT_RADIUS_PX = 5;
/** Around the screen, the picture holds this much more on each side (CSS px), as the detection layer's. */
const MARGIN_PX = 384;

const AREA = 0;
const LINE = 1;
const POINT = 2;

/** The shapes of the slide, indexed, with one layer per colour. */
export interface ShapeBatches {
  readonly colours: readonly string[];
  readonly index: DetectionIndex;
  /** Per object: AREA, LINE or POINT. */
  readonly kinds: Uint8Array;
}

/** Groups shapes by colour and indexes them (once per change of the annotations). */
export function buildShapeBatches(
  shapes: readonly { id: string; geometry: Geometry; colour: string }[],
): ShapeBatches {
  const colours: string[] = [];
  const layerOf = new Map<string, number>();
  const objects = [];
  const kinds: number[] = [];
  for (const s of shapes) {
    let layer = layerOf.get(s.colour);
    if (layer === undefined) {
      layer = colours.length;
      colours.push(s.colour);
      layerOf.set(s.colour, layer);
    }
    const g = s.geometry;
    if (g.type === 'multipoint') {
      for (const point of g.points) {
        objects.push({ id: s.id, layer, geometry: { type: 'point', point } as Geometry });
        kinds.push(POINT);
      }
      continue;
    }
    objects.push({ id: s.id, layer, geometry: g });
    kinds.push(g.type === 'point' ? POINT : g.type === 'polyline' ? LINE : AREA);
  }
  return { colours, index: buildIndex(objects), kinds: Uint8Array.from(kinds) };
}

/** The minimum a canvas context must do to paint shapes (tests pass a recorder). */
export type ShapeCtx = Sink &
  Pick<CanvasRenderingContext2D, 'beginPath' | 'arc' | 'fill' | 'stroke'> & {
    fillStyle: CanvasRenderingContext2D['fillStyle'];
    strokeStyle: CanvasRenderingContext2D['strokeStyle'];
    lineWidth: number;
    lineJoin: CanvasLineJoin;
    lineCap: CanvasLineCap;
    globalAlpha: number;
  };

/** Object indices per layer and kind, reused between pictures (no garbage while panning). */
let lists: number[][] = [];

/**
 * Paints the shapes within `margin` CSS px of the view, in CSS px of the viewer shifted by
 * `margin` (the caller sets the context's transform). Returns how many were painted.
 */
export function paintShapes(
  ctx: ShapeCtx,
  b: ShapeBatches,
  view: ViewTransform,
  size: { width: number; height: number },
  margin: number,
): number {
  const layers = b.colours.length;
  if (b.index.objects.length === 0 || layers === 0) return 0;
  while (lists.length < 3 * layers) lists.push([]);
  for (const l of lists) l.length = 0;
  const pad = (margin + POINT_RADIUS_PX + HALO_PX) / view.scale;
  let painted = 0;
  queryRect(b.index, visibleRect(view, size, pad), (i) => {
    lists[3 * b.index.layerOf[i]! + b.kinds[i]!]!.push(i);
    painted++;
  });
  const [a, bb, c, d, e, f] = view.matrix;
  const m = [a, bb, c, d, e + margin, f + margin] as const;
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  const stroke = (colour: string) => {
    ctx.strokeStyle = HALO;
    ctx.lineWidth = HALO_PX;
    ctx.stroke();
    ctx.strokeStyle = colour;
    ctx.lineWidth = LINE_PX;
    ctx.stroke();
  };
  for (let layer = 0; layer < layers; layer++) {
    const colour = b.colours[layer]!;
    const areas = lists[3 * layer + AREA]!;
    if (areas.length > 0) {
      ctx.beginPath();
      for (const i of areas) traceScreen(ctx, b.index.objects[i]!.geometry, m);
      ctx.globalAlpha = FILL_ALPHA;
      ctx.fillStyle = colour;
      // Non-zero: shapes of one class overlapping stay tinted; holes (wound the other way,
      // as GeoJSON rings are) stay clear.
      ctx.fill('nonzero');
      ctx.globalAlpha = 1;
      stroke(colour);
    }
    const lines = lists[3 * layer + LINE]!;
    if (lines.length > 0) {
      ctx.beginPath();
      for (const i of lines) traceScreen(ctx, b.index.objects[i]!.geometry, m);
      stroke(colour);
    }
    const points = lists[3 * layer + POINT]!;
    if (points.length > 0) {
      ctx.beginPath();
      for (const i of points) {
        const x = a * b.index.minX[i]! + c * b.index.minY[i]! + m[4];
        const y = bb * b.index.minX[i]! + d * b.index.minY[i]! + m[5];
        ctx.moveTo(x + POINT_RADIUS_PX, y);
        ctx.arc(x, y, POINT_RADIUS_PX, 0, 2 * Math.PI);
      }
      ctx.fillStyle = colour;
      ctx.fill();
      ctx.strokeStyle = HALO;
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
  }
  if (lists.length > 64) lists = [];
  return painted;
}

/** An offscreen canvas and its context. */
export interface PictureSurface {
  readonly image: CanvasImageSource;
  readonly ctx: ShapeCtx & Pick<CanvasRenderingContext2D, 'setTransform' | 'clearRect'>;
}

/** What the picture is placed on. */
export type PictureTarget = Pick<
  CanvasRenderingContext2D,
  'save' | 'restore' | 'setTransform' | 'drawImage'
> & { imageSmoothingEnabled: boolean };

/** A canvas of the page; null where there is none (tests in Node). */
export function domSurface(width: number, height: number): PictureSurface | null {
  if (typeof document === 'undefined') return null;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  // A software canvas, as the detection layer's (whose pixels are written): placing a
  // GPU-backed picture every frame cost ~100 ms per frame without a GPU (SwiftShader).
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  return ctx ? { image: canvas, ctx } : null;
}

/** The shapes in view plus a margin, drawn once and moved with a pan; see the file comment. */
export class AnnotationPicture {
  private surface: PictureSurface | null = null;
  private surfaceSize = { w: 0, h: 0 };
  private key: {
    batches: ShapeBatches;
    linear: readonly number[];
    width: number;
    height: number;
    dpr: number;
    e: number;
    f: number;
  } | null = null;

  constructor(
    private readonly makeSurface: (width: number, height: number) => PictureSurface | null,
  ) {}

  /** Draws the shapes on `ctx` (its transform is left as it was); whether the picture was drawn again. */
  draw(
    ctx: PictureTarget & ShapeCtx,
    batches: ShapeBatches,
    view: ViewTransform,
    size: { width: number; height: number; dpr: number },
  ): boolean {
    if (batches.index.objects.length === 0) return false;
    const [a, b, c, d, e, f] = view.matrix;
    const k = this.key;
    const fresh =
      k !== null &&
      this.surface !== null &&
      k.batches === batches &&
      sameLinear(k.linear, [a, b, c, d]) &&
      k.width === size.width &&
      k.height === size.height &&
      k.dpr === size.dpr &&
      Math.abs(e - k.e) <= MARGIN_PX &&
      Math.abs(f - k.f) <= MARGIN_PX;
    let rendered = false;
    if (!fresh) {
      const w = Math.ceil((size.width + 2 * MARGIN_PX) * size.dpr);
      const h = Math.ceil((size.height + 2 * MARGIN_PX) * size.dpr);
      if (!this.surface || this.surfaceSize.w !== w || this.surfaceSize.h !== h) {
        this.surface = this.makeSurface(w, h);
        this.surfaceSize = { w, h };
      }
      const surface = this.surface;
      if (!surface) {
        // No offscreen canvas: straight onto the screen.
        ctx.save();
        ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
        paintShapes(ctx, batches, view, size, 0);
        ctx.restore();
        return true;
      }
      surface.ctx.setTransform(1, 0, 0, 1, 0, 0);
      surface.ctx.clearRect(0, 0, w, h);
      surface.ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
      paintShapes(surface.ctx, batches, view, size, MARGIN_PX);
      this.key = {
        batches,
        linear: [a, b, c, d],
        width: size.width,
        height: size.height,
        dpr: size.dpr,
        e,
        f,
      };
      rendered = true;
    }
    const at = this.key!;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.imageSmoothingEnabled = false;
    // Device pixels, rounded: the picture is placed, never resampled.
    ctx.drawImage(
      this.surface!.image,
      Math.round((e - at.e - MARGIN_PX) * size.dpr),
      Math.round((f - at.f - MARGIN_PX) * size.dpr),
    );
    ctx.restore();
    return rendered;
  }
}
