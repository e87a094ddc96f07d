/**
 * AI overlays: up to 100,000 detections (points or outlines) and probability heatmaps drawn
 * over the slide, in batches on one canvas. Pure: no React, no OpenSeadragon; the caller
 * gives a context, the view transform (transforms.ts) and the canvas size.
 *
 * - A uniform grid index is built once per list of objects: every object goes into the
 *   cells its bounding box covers, so a frame visits only the cells in view and a pan costs
 *   what is on screen, not what is on the slide.
 * - Each frame fills one path of small squares per layer (a class) and strokes one path of
 *   outlines per layer: two draw calls per layer, whatever the number of objects. Markers
 *   keep their size on screen; where many fall on the same marker-sized spot of the screen
 *   (a whole slide of nuclei at low power), one is drawn: it looks the same and bounds the
 *   work by the screen's size. An outline smaller than a marker on screen is a marker.
 * - Heatmaps are images placed on their extent with the view's matrix, coloured once when
 *   loaded (colourizeHeatmap): viridis (R's viridisLite::viridis(10), perceptually uniform
 *   and readable with the common colour-vision deficiencies, interpolated to 256 steps),
 *   with opacity growing with the probability (clear at 0, opaque from 0.5) so that low
 *   values never hide the tissue; cells without a value are clear.
 */
import type { Geometry, SlidePoint } from '../../../../electron/common/annotations/geometry';
import { boundsOf, polygonsOf } from '../../../../electron/common/annotations/geometry';
import { distanceToGeometry, insideGeometry } from './hitTest';
import type { ViewTransform } from './transforms';

/** Half the side of a detection marker on screen (CSS px): 6 px squares, the size of a nucleus at 20×. */
export const MARKER_HALF_PX = 3;
/** Outline width on screen (CSS px). */
const OUTLINE_PX = 1.5;
/** Markers and outlines get this dark edge so that gold or cyan stays visible on pale tissue. */
const EDGE = 'rgba(0, 0, 0, 0.6)';
const SELECTED = '#ffffff';
/** Objects per grid cell on average; a few keeps a query close to what is in view. */
const PER_CELL = 8;
/** Bounds the index's memory for sparse, huge slides. */
const MAX_CELLS = 1 << 18;

export interface OverlayObject {
  readonly id: string;
  /** Index of its layer (one per class) in the style's colours. */
  readonly layer: number;
  readonly geometry: Geometry;
}

export interface SlideRect {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface DetectionIndex {
  readonly objects: readonly OverlayObject[];
  readonly minX: Float64Array;
  readonly minY: Float64Array;
  readonly maxX: Float64Array;
  readonly maxY: Float64Array;
  /** 1 for a single point. */
  readonly isPoint: Uint8Array;
  readonly cell: number;
  readonly x0: number;
  readonly y0: number;
  readonly cols: number;
  readonly rows: number;
  /** Objects of cell k: items[start[k] .. start[k + 1]). */
  readonly start: Uint32Array;
  readonly items: Uint32Array;
  /** Per object: the query that saw it last (an object in several cells is visited once). */
  readonly seen: Uint32Array;
  query: number;
}

/** Builds the grid index of `objects` (once per list: about 30 ms for 100,000 here). */
export function buildIndex(objects: readonly OverlayObject[]): DetectionIndex {
  const n = objects.length;
  const minX = new Float64Array(n);
  const minY = new Float64Array(n);
  const maxX = new Float64Array(n);
  const maxY = new Float64Array(n);
  const isPoint = new Uint8Array(n);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const g = objects[i]!.geometry;
    if (g.type === 'point') {
      minX[i] = maxX[i] = g.point.x;
      minY[i] = maxY[i] = g.point.y;
      isPoint[i] = 1;
    } else {
      const b = boundsOf(g);
      minX[i] = b.minX;
      minY[i] = b.minY;
      maxX[i] = b.maxX;
      maxY[i] = b.maxY;
    }
    if (minX[i]! < x0) x0 = minX[i]!;
    if (minY[i]! < y0) y0 = minY[i]!;
    if (maxX[i]! > x1) x1 = maxX[i]!;
    if (maxY[i]! > y1) y1 = maxY[i]!;
  }
  if (n === 0) x0 = y0 = x1 = y1 = 0;
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const cells = Math.min(MAX_CELLS, Math.max(1, Math.ceil(n / PER_CELL)));
  const cell = Math.max(1, Math.sqrt((w * h) / cells));
  const cols = Math.max(1, Math.ceil(w / cell) + 1);
  const rows = Math.max(1, Math.ceil(h / cell) + 1);
  const colOf = (x: number) => Math.min(cols - 1, Math.max(0, Math.floor((x - x0) / cell)));
  const rowOf = (y: number) => Math.min(rows - 1, Math.max(0, Math.floor((y - y0) / cell)));
  // Two passes (count, then place): two flat arrays instead of a list per cell.
  const start = new Uint32Array(cols * rows + 1);
  for (let i = 0; i < n; i++) {
    for (let r = rowOf(minY[i]!); r <= rowOf(maxY[i]!); r++)
      for (let c = colOf(minX[i]!); c <= colOf(maxX[i]!); c++) start[r * cols + c + 1]!++;
  }
  for (let k = 1; k < start.length; k++) start[k]! += start[k - 1]!;
  const items = new Uint32Array(start[start.length - 1]!);
  const fill = start.slice(0, cols * rows);
  for (let i = 0; i < n; i++) {
    for (let r = rowOf(minY[i]!); r <= rowOf(maxY[i]!); r++)
      for (let c = colOf(minX[i]!); c <= colOf(maxX[i]!); c++) items[fill[r * cols + c]!++] = i;
  }
  return {
    objects,
    minX,
    minY,
    maxX,
    maxY,
    isPoint,
    cell,
    x0,
    y0,
    cols,
    rows,
    start,
    items,
    seen: new Uint32Array(n),
    query: 0,
  };
}

/** Calls `visit` once for every object whose bounding box meets `rect` (slide pixels). */
export function queryRect(
  index: DetectionIndex,
  rect: SlideRect,
  visit: (i: number) => void,
): void {
  const { cell, x0, y0, cols, rows, start, items, seen, minX, minY, maxX, maxY } = index;
  if (index.objects.length === 0) return;
  const c0 = Math.max(0, Math.floor((rect.minX - x0) / cell));
  const c1 = Math.min(cols - 1, Math.floor((rect.maxX - x0) / cell));
  const r0 = Math.max(0, Math.floor((rect.minY - y0) / cell));
  const r1 = Math.min(rows - 1, Math.floor((rect.maxY - y0) / cell));
  if (c0 > c1 || r0 > r1) return;
  index.query = (index.query + 1) >>> 0 || 1;
  const q = index.query;
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const k = r * cols + c;
      for (let j = start[k]!; j < start[k + 1]!; j++) {
        const i = items[j]!;
        if (seen[i] === q) continue;
        seen[i] = q;
        if (
          maxX[i]! < rect.minX ||
          minX[i]! > rect.maxX ||
          maxY[i]! < rect.minY ||
          minY[i]! > rect.maxY
        )
          continue;
        visit(i);
      }
    }
  }
}

/** The part of the slide on screen (the bounding box of the screen's corners), widened by `margin` slide px. */
export function visibleRect(
  view: ViewTransform,
  size: { width: number; height: number },
  margin = 0,
): SlideRect {
  const [a, b, c, d, e, f] = view.matrix;
  const det = a * d - b * c;
  const corners = [
    [0, 0],
    [size.width, 0],
    [0, size.height],
    [size.width, size.height],
  ] as const;
  const rect = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const [sx, sy] of corners) {
    // The inverse of the view matrix, inline (this runs every frame).
    const x = (d * (sx - e) - c * (sy - f)) / det;
    const y = (-b * (sx - e) + a * (sy - f)) / det;
    if (x < rect.minX) rect.minX = x;
    if (y < rect.minY) rect.minY = y;
    if (x > rect.maxX) rect.maxX = x;
    if (y > rect.maxY) rect.maxY = y;
  }
  rect.minX -= margin;
  rect.minY -= margin;
  rect.maxX += margin;
  rect.maxY += margin;
  return rect;
}

/** The minimum a canvas context must do (tests pass a recorder). */
export type OverlayCtx = Pick<
  CanvasRenderingContext2D,
  | 'setTransform'
  | 'save'
  | 'restore'
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'closePath'
  | 'rect'
  | 'fill'
  | 'stroke'
  | 'drawImage'
> & {
  fillStyle: CanvasRenderingContext2D['fillStyle'];
  strokeStyle: CanvasRenderingContext2D['strokeStyle'];
  lineWidth: number;
  lineJoin: CanvasLineJoin;
  globalAlpha: number;
  imageSmoothingEnabled: boolean;
};

export interface OverlayStyle {
  /** #rrggbb per layer. */
  colours: readonly string[];
  /** Per layer: false hides it. Missing: shown. */
  visible: readonly boolean[];
  /** 0..1 for every detection. */
  opacity: number;
  /** Index of the selected object, or -1. */
  selected: number;
}

export interface DrawStats {
  markers: number;
  outlines: number;
  /** Objects in view left out because a marker of their layer was already on that spot. */
  merged: number;
}

/** Per-frame buffers, kept between frames (no garbage while panning). */
class Scratch {
  markers: Float32Array[] = [];
  markerCount: number[] = [];
  outlines: Uint32Array[] = [];
  outlineCount: number[] = [];
  occupancy = new Uint16Array(0);

  reset(layers: number, occupancyCells: number): void {
    while (this.markers.length < layers) {
      this.markers.push(new Float32Array(256));
      this.outlines.push(new Uint32Array(64));
    }
    this.markerCount = new Array<number>(layers).fill(0);
    this.outlineCount = new Array<number>(layers).fill(0);
    if (this.occupancy.length < occupancyCells) this.occupancy = new Uint16Array(occupancyCells);
    else this.occupancy.fill(0, 0, occupancyCells);
  }

  pushMarker(layer: number, x: number, y: number): void {
    let buffer = this.markers[layer]!;
    const n = this.markerCount[layer]!;
    if (2 * n + 2 > buffer.length) {
      const grown = new Float32Array(buffer.length * 2);
      grown.set(buffer);
      this.markers[layer] = buffer = grown;
    }
    buffer[2 * n] = x;
    buffer[2 * n + 1] = y;
    this.markerCount[layer] = n + 1;
  }

  pushOutline(layer: number, i: number): void {
    let buffer = this.outlines[layer]!;
    const n = this.outlineCount[layer]!;
    if (n + 1 > buffer.length) {
      const grown = new Uint32Array(buffer.length * 2);
      grown.set(buffer);
      this.outlines[layer] = buffer = grown;
    }
    buffer[n] = i;
    this.outlineCount[layer] = n + 1;
  }
}

const scratches = new WeakMap<DetectionIndex, Scratch>();

type Sink = Pick<OverlayCtx, 'moveTo' | 'lineTo' | 'closePath'>;

/** Traces an outline in screen pixels through the view matrix. */
function traceScreen(sink: Sink, g: Geometry, m: ViewTransform['matrix']): void {
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
        if (g.type === 'rectangle') {
          const corner = [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ][k]!;
          pts.push({ x: g.x + corner[0]! * g.width, y: g.y + corner[1]! * g.height } as SlidePoint);
        } else {
          const t = (2 * Math.PI * k) / steps;
          pts.push({
            x: g.x + (g.width / 2) * (1 + Math.cos(t)),
            y: g.y + (g.height / 2) * (1 + Math.sin(t)),
          } as SlidePoint);
        }
      }
      ring(pts, true);
      return;
    }
    case 'polygon':
    case 'multipolygon':
      for (const rings of polygonsOf(g)) for (const r of rings) ring(r, true);
  }
}

/**
 * Draws the objects of `index` in view: one filled path of markers and one stroked path
 * of outlines per layer. The context is left as it was found.
 */
export function drawDetections(
  ctx: OverlayCtx,
  index: DetectionIndex,
  view: ViewTransform,
  size: { width: number; height: number; dpr: number },
  style: OverlayStyle,
): DrawStats {
  const stats: DrawStats = { markers: 0, outlines: 0, merged: 0 };
  const layers = style.colours.length;
  if (index.objects.length === 0 || layers === 0 || style.opacity <= 0) return stats;
  let scratch = scratches.get(index);
  if (!scratch) scratches.set(index, (scratch = new Scratch()));
  const spot = 2 * MARKER_HALF_PX;
  const spotCols = Math.ceil(size.width / spot) + 2;
  const spotRows = Math.ceil(size.height / spot) + 2;
  scratch.reset(layers, spotCols * spotRows);
  const [a, b, c, d, e, f] = view.matrix;
  const scale = view.scale;
  const margin = MARKER_HALF_PX / scale;
  const occupancy = scratch.occupancy;
  const { minX, minY, maxX, maxY, isPoint, objects } = index;
  const visible = style.visible;

  const marker = (layer: number, x: number, y: number) => {
    const sx = a * x + c * y + e;
    const sy = b * x + d * y + f;
    const col = Math.floor(sx / spot) + 1;
    const row = Math.floor(sy / spot) + 1;
    if (col < 0 || row < 0 || col >= spotCols || row >= spotRows) return;
    const k = row * spotCols + col;
    if (occupancy[k] === layer + 1) {
      stats.merged++;
      return;
    }
    occupancy[k] = layer + 1;
    scratch.pushMarker(layer, sx, sy);
  };

  queryRect(index, visibleRect(view, size, margin), (i) => {
    const layer = objects[i]!.layer;
    if (visible[layer] === false || layer >= layers) return;
    if (isPoint[i] === 1) {
      marker(layer, minX[i]!, minY[i]!);
      return;
    }
    const w = (maxX[i]! - minX[i]!) * scale;
    const h = (maxY[i]! - minY[i]!) * scale;
    if (w < spot && h < spot) marker(layer, (minX[i]! + maxX[i]!) / 2, (minY[i]! + maxY[i]!) / 2);
    else scratch.pushOutline(layer, i);
  });

  ctx.save();
  ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
  ctx.globalAlpha = style.opacity;
  ctx.lineJoin = 'round';
  for (let layer = 0; layer < layers; layer++) {
    const colour = style.colours[layer]!;
    const outlines = scratch.outlineCount[layer]!;
    if (outlines > 0) {
      const list = scratch.outlines[layer]!;
      ctx.beginPath();
      for (let k = 0; k < outlines; k++) traceScreen(ctx, objects[list[k]!]!.geometry, view.matrix);
      ctx.strokeStyle = EDGE;
      ctx.lineWidth = OUTLINE_PX + 1.5;
      ctx.stroke();
      ctx.strokeStyle = colour;
      ctx.lineWidth = OUTLINE_PX;
      ctx.stroke();
      stats.outlines += outlines;
    }
    const markers = scratch.markerCount[layer]!;
    if (markers > 0) {
      const xy = scratch.markers[layer]!;
      ctx.beginPath();
      for (let k = 0; k < markers; k++) {
        ctx.rect(xy[2 * k]! - MARKER_HALF_PX, xy[2 * k + 1]! - MARKER_HALF_PX, spot, spot);
      }
      ctx.fillStyle = colour;
      ctx.fill();
      ctx.strokeStyle = EDGE;
      ctx.lineWidth = 1;
      ctx.stroke();
      stats.markers += markers;
    }
  }
  const s = style.selected;
  if (s >= 0 && s < objects.length && visible[objects[s]!.layer] !== false) {
    const g = objects[s]!.geometry;
    ctx.globalAlpha = 1;
    ctx.beginPath();
    if (
      isPoint[s] === 1 ||
      ((maxX[s]! - minX[s]!) * scale < spot && (maxY[s]! - minY[s]!) * scale < spot)
    ) {
      const x = (minX[s]! + maxX[s]!) / 2;
      const y = (minY[s]! + maxY[s]!) / 2;
      const half = MARKER_HALF_PX + 3;
      ctx.rect(a * x + c * y + e - half, b * x + d * y + f - half, 2 * half, 2 * half);
    } else {
      traceScreen(ctx, g, view.matrix);
    }
    ctx.strokeStyle = EDGE;
    ctx.lineWidth = 4;
    ctx.stroke();
    ctx.strokeStyle = SELECTED;
    ctx.lineWidth = 2;
    ctx.stroke();
  }
  ctx.restore();
  return stats;
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

// -------------------------------------------------------------------------------------
// Heatmaps

/** viridis at 10 even steps (R's viridisLite::viridis(10)). */
const VIRIDIS_STOPS = [
  '#440154',
  '#482878',
  '#3e4a89',
  '#31688e',
  '#26828e',
  '#1f9e89',
  '#35b779',
  '#6dcd59',
  '#b4de2c',
  '#fde725',
];

/** RGBA of grey level 0..255 (probability × 255): viridis, opacity rising to full at 0.5. */
export const HEATMAP_LUT: Uint8ClampedArray = (() => {
  const stops = VIRIDIS_STOPS.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
  const lut = new Uint8ClampedArray(256 * 4);
  for (let v = 0; v < 256; v++) {
    const t = (v / 255) * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(t));
    const u = t - k;
    for (let ch = 0; ch < 3; ch++)
      lut[4 * v + ch] = Math.round(stops[k]![ch]! * (1 - u) + stops[k + 1]![ch]! * u);
    lut[4 * v + 3] = Math.min(255, 2 * v);
  }
  return lut;
})();

/**
 * Colours a decoded heatmap PNG in place: RGBA pixels whose red is the grey level and
 * whose alpha is 0 where there is no value (what getImageData gives for the stored PNG).
 */
export function colourizeHeatmap(rgba: Uint8ClampedArray): Uint8ClampedArray {
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i + 3] === 0) continue;
    const v = rgba[i]!;
    rgba[i] = HEATMAP_LUT[4 * v]!;
    rgba[i + 1] = HEATMAP_LUT[4 * v + 1]!;
    rgba[i + 2] = HEATMAP_LUT[4 * v + 2]!;
    rgba[i + 3] = HEATMAP_LUT[4 * v + 3]!;
  }
  return rgba;
}

export interface HeatmapLayer {
  image: CanvasImageSource;
  extent: { x: number; y: number; width: number; height: number };
}

/** Draws heatmaps in view on their extent, smoothed (a grid is a sampling, not squares). */
export function drawHeatmaps(
  ctx: OverlayCtx,
  heatmaps: readonly HeatmapLayer[],
  view: ViewTransform,
  size: { width: number; height: number; dpr: number },
  opacity: number,
): number {
  if (heatmaps.length === 0 || opacity <= 0) return 0;
  const seen = visibleRect(view, size);
  const [a, b, c, d, e, f] = view.matrix;
  const k = size.dpr;
  let drawn = 0;
  ctx.save();
  ctx.setTransform(a * k, b * k, c * k, d * k, e * k, f * k);
  ctx.globalAlpha = opacity;
  ctx.imageSmoothingEnabled = true;
  for (const h of heatmaps) {
    const { x, y, width, height } = h.extent;
    if (x > seen.maxX || y > seen.maxY || x + width < seen.minX || y + height < seen.minY) continue;
    ctx.drawImage(h.image, x, y, width, height);
    drawn++;
  }
  ctx.restore();
  return drawn;
}
