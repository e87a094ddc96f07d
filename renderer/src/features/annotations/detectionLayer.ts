/**
 * The detections of a slide as the viewer shows them (DetectionLayer: an offscreen picture
 * of what is in view plus a margin, moved with a pan), and the hit test of a click. Pure:
 * the caller gives the context, the view and a way to make the picture's surface.
 */
import type { Geometry, SlidePoint } from '../../../../electron/common/annotations/geometry';
import { polygonsOf } from '../../../../electron/common/annotations/geometry';
import type { DrawStats, OverlayCtx, OverlayStyle, Visible } from './detectionMarkers';
import { MARKER_HALF_PX, collectVisible, paintMarkers } from './detectionMarkers';
import { distanceToGeometry, insideGeometry } from './hitTest';
import type { DetectionIndex } from './overlayIndex';
import { queryRect } from './overlayIndex';
import type { ViewTransform } from './transforms';

/** Outline width on screen (CSS px). */
const OUTLINE_PX = 1.5;
/** Markers and outlines get this dark edge so that gold or cyan stays visible on pale tissue. */
const EDGE = 'rgba(0, 0, 0, 0.6)';
const SELECTED = '#ffffff';

export type Sink = Pick<OverlayCtx, 'moveTo' | 'lineTo' | 'closePath'>;

/** Traces an outline in screen pixels through the view matrix. */
export function traceScreen(sink: Sink, g: Geometry, m: ViewTransform['matrix']): void {
  const [a, b, c, d, e, f] = m;
  const ring = (points: readonly SlidePoint[], close: boolean) => {
    for (let k = 0; k < points.length; k++) {
      const p = points[k]!;
      const x = a * p.x + c * p.y + e;
      const y = b * p.x + d * p.y + f;
      if (k === 0) sink.moveTo(x, y);
      else sink.lineTo(x, y);
    }
    if (close) sink.closePath();
  };
  switch (g.type) {
    case 'point':
    case 'multipoint':
      return;
    case 'polyline':
      ring(g.points, false);
      return;
    case 'rectangle':
    case 'ellipse': {
      const steps = g.type === 'rectangle' ? 4 : 32;
      const pts: SlidePoint[] = [];
      for (let k = 0; k < steps; k++) {
        const t = (2 * Math.PI * k) / steps;
        const u = g.type === 'rectangle' ? (k === 1 || k === 2 ? 1 : 0) : (1 + Math.cos(t)) / 2;
        const v = g.type === 'rectangle' ? (k >= 2 ? 1 : 0) : (1 + Math.sin(t)) / 2;
        pts.push({ x: g.x + u * g.width, y: g.y + v * g.height } as SlidePoint);
      }
      ring(pts, true);
      return;
    }
    case 'polygon':
    case 'multipolygon':
      for (const rings of polygonsOf(g)) for (const r of rings) ring(r, true);
  }
}

/** Strokes the outlines in view, one path per layer, with a dark halo under the colour. */
function strokeOutlines(
  ctx: OverlayCtx,
  index: DetectionIndex,
  visible: Visible,
  colours: readonly string[],
  matrix: ViewTransform['matrix'],
): number {
  let stroked = 0;
  ctx.lineJoin = 'round';
  for (let layer = 0; layer < visible.outlineCount.length; layer++) {
    const n = visible.outlineCount[layer]!;
    if (n === 0) continue;
    const list = visible.outlines[layer]!;
    ctx.beginPath();
    for (let k = 0; k < n; k++) traceScreen(ctx, index.objects[list[k]!]!.geometry, matrix);
    ctx.strokeStyle = EDGE;
    ctx.lineWidth = OUTLINE_PX + 1.5;
    ctx.stroke();
    ctx.strokeStyle = colours[layer] ?? '#ffffff';
    ctx.lineWidth = OUTLINE_PX;
    ctx.stroke();
    stroked += n;
  }
  return stroked;
}

/** The selected object, outlined in white over everything. */
function drawSelection(
  ctx: OverlayCtx,
  index: DetectionIndex,
  s: number,
  view: ViewTransform,
): void {
  const [a, b, c, d, e, f] = view.matrix;
  const { minX, minY, maxX, maxY, isPoint } = index;
  const spot = 2 * MARKER_HALF_PX;
  ctx.beginPath();
  if (
    isPoint[s] === 1 ||
    ((maxX[s]! - minX[s]!) * view.scale < spot && (maxY[s]! - minY[s]!) * view.scale < spot)
  ) {
    const x = (minX[s]! + maxX[s]!) / 2;
    const y = (minY[s]! + maxY[s]!) / 2;
    const half = MARKER_HALF_PX + 3;
    ctx.rect(a * x + c * y + e - half, b * x + d * y + f - half, 2 * half, 2 * half);
  } else {
    traceScreen(ctx, index.objects[s]!.geometry, view.matrix);
  }
  ctx.strokeStyle = EDGE;
  ctx.lineWidth = 4;
  ctx.stroke();
  ctx.strokeStyle = SELECTED;
  ctx.lineWidth = 2;
  ctx.stroke();
}

/** An offscreen picture the layer keeps: a canvas, its context and a pixel buffer. */
export interface Surface {
  readonly image: CanvasImageSource;
  readonly ctx: OverlayCtx;
  /** The canvas's pixels, to be written and then put (putImageData). */
  readonly data: ImageData;
}

export type SurfaceFactory = (width: number, height: number) => Surface;

/** Around the screen, the picture holds this much more on each side (CSS px): a pan within it only moves it. */
export const PICTURE_MARGIN_PX = 384;

export const sameList = <T>(a: readonly T[], b: readonly T[]) =>
  a === b || (a.length === b.length && a.every((v, i) => v === b[i]));

/**
 * Whether two views have the same zoom and rotation. The view matrix is sampled from the
 * viewer's conversions, so a pan moves its linear part by rounding errors: a relative
 * change below 1e-6 (a thousandth of a pixel across a screen) is none.
 */
export function sameLinear(a: readonly number[], b: readonly number[]): boolean {
  const size = Math.max(...a.map(Math.abs), 1e-12);
  return a.every((v, i) => Math.abs(v - b[i]!) <= 1e-6 * size);
}

/**
 * The detections of a slide as the viewer shows them. Software canvas (no GPU) spends its
 * time rasterizing paths, not in JavaScript: so the objects in view (and a margin) are
 * drawn once into an offscreen picture, markers written as pixels and outlines stroked,
 * and each frame only places that picture (one image draw). It is drawn again when the
 * objects, the layers shown, their colours, the zoom, the rotation or the size change, or
 * when a pan leaves the margin. Opacity and the selection are applied per frame.
 */
export class DetectionLayer {
  private surface: Surface | null = null;
  private visible: Visible | undefined;
  private occupancy = new Uint8Array(0);
  /** What the picture shows, and the translation it was drawn at. */
  private key: {
    index: DetectionIndex;
    colours: readonly string[];
    visible: readonly boolean[];
    linear: readonly number[];
    width: number;
    height: number;
    dpr: number;
    e: number;
    f: number;
  } | null = null;

  constructor(private readonly makeSurface: SurfaceFactory) {}

  /** Forgets the picture (the next frame draws it again). */
  invalidate(): void {
    this.key = null;
  }

  draw(
    ctx: OverlayCtx,
    index: DetectionIndex,
    view: ViewTransform,
    size: { width: number; height: number; dpr: number },
    style: OverlayStyle,
  ): DrawStats {
    const stats: DrawStats = { markers: 0, outlines: 0, rendered: false };
    const layers = style.colours.length;
    if (index.objects.length === 0 || layers === 0 || style.opacity <= 0) return stats;
    const [a, b, c, d, e, f] = view.matrix;
    const margin = PICTURE_MARGIN_PX;
    const k = this.key;
    const fresh =
      k !== null &&
      k.index === index &&
      sameList(k.colours, style.colours) &&
      sameList(k.visible, style.visible) &&
      sameLinear(k.linear, [a, b, c, d]) &&
      k.width === size.width &&
      k.height === size.height &&
      k.dpr === size.dpr &&
      Math.abs(e - k.e) <= margin &&
      Math.abs(f - k.f) <= margin;
    const w = Math.ceil((size.width + 2 * margin) * size.dpr);
    const h = Math.ceil((size.height + 2 * margin) * size.dpr);
    if (!fresh || !this.surface) {
      if (!this.surface || this.surface.data.width !== w || this.surface.data.height !== h)
        this.surface = this.makeSurface(w, h);
      const surface = this.surface;
      this.visible = collectVisible(index, view, size, style, layers, margin, this.visible);
      const pixels = new Uint32Array(surface.data.data.buffer);
      pixels.fill(0);
      const side = Math.max(2, Math.round(2 * MARKER_HALF_PX * size.dpr));
      const cells = Math.ceil(w / side) * Math.ceil(h / side);
      if (this.occupancy.length < cells) this.occupancy = new Uint8Array(cells);
      stats.markers = paintMarkers(
        pixels,
        w,
        h,
        this.visible,
        style.colours,
        size.dpr,
        margin,
        this.occupancy,
      );
      surface.ctx.putImageData(surface.data, 0, 0);
      surface.ctx.setTransform(size.dpr, 0, 0, size.dpr, margin * size.dpr, margin * size.dpr);
      stats.outlines = strokeOutlines(surface.ctx, index, this.visible, style.colours, view.matrix);
      stats.rendered = true;
      this.key = {
        index,
        colours: [...style.colours],
        visible: [...style.visible],
        linear: [a, b, c, d],
        width: size.width,
        height: size.height,
        dpr: size.dpr,
        e,
        f,
      };
    }
    const at = this.key!;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = style.opacity;
    ctx.imageSmoothingEnabled = false;
    // Device pixels, rounded: the picture is placed, never resampled.
    ctx.drawImage(
      this.surface.image,
      Math.round((e - at.e - margin) * size.dpr),
      Math.round((f - at.f - margin) * size.dpr),
    );
    const s = style.selected;
    if (s >= 0 && s < index.objects.length && style.visible[index.objects[s]!.layer] !== false) {
      ctx.globalAlpha = 1;
      ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
      drawSelection(ctx, index, s, view);
    }
    ctx.restore();
    return stats;
  }
}

/**
 * The object under `p` (slide pixels): the nearest point or outline within `tolerance`
 * slide pixels, else the smallest area containing `p`; -1 when none. Hidden layers are
 * skipped.
 */
export function hitTestDetections(
  index: DetectionIndex,
  p: SlidePoint,
  tolerance: number,
  visible: readonly boolean[],
): number {
  let best = -1;
  let bestDistance = Infinity;
  let inside = -1;
  let insideArea = Infinity;
  const rect = {
    minX: p.x - tolerance,
    minY: p.y - tolerance,
    maxX: p.x + tolerance,
    maxY: p.y + tolerance,
  };
  queryRect(index, rect, (i) => {
    const o = index.objects[i]!;
    if (visible[o.layer] === false) return;
    const dist = distanceToGeometry(o.geometry, p);
    if (dist <= tolerance && dist < bestDistance) {
      best = i;
      bestDistance = dist;
    }
    if (insideGeometry(o.geometry, p)) {
      const area = (index.maxX[i]! - index.minX[i]!) * (index.maxY[i]! - index.minY[i]!);
      if (area < insideArea) {
        inside = i;
        insideArea = area;
      }
    }
  });
  return best >= 0 ? best : inside;
}
