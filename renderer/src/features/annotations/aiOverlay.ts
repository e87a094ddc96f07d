/**
 * AI overlays: up to 100,000 detections (points or outlines) and probability heatmaps drawn
 * over the slide on one canvas. Pure: no React, no OpenSeadragon; the caller gives a
 * context, the view transform (transforms.ts) and the canvas size.
 *
 * - A uniform grid index is built once per list of objects: every object goes into the
 *   cells its bounding box covers, so drawing and hit testing visit only the cells in view.
 * - Without a GPU (hospital virtual desktops, our build machines) a 2D canvas spends its
 *   time rasterizing paths, not running JavaScript. So DetectionLayer draws what is in view,
 *   plus a margin, into an offscreen picture (markers written straight as pixels, one per
 *   marker-sized cell where they crowd; outlines one stroked path per class) and each frame
 *   only places that picture: a pan within the margin costs one image draw.
 * - Markers keep their size on screen; an outline smaller than a marker is a marker.
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
  /** Each object's layer, and how many objects each layer has. */
  readonly layerOf: Uint16Array;
  readonly layerTotals: readonly number[];
  readonly cell: number;
  /** The objects' bounds (slide px). */
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
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
  const layerOf = new Uint16Array(n);
  const layerTotals: number[] = [];
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const g = objects[i]!.geometry;
    const layer = objects[i]!.layer;
    layerOf[i] = layer;
    layerTotals[layer] = (layerTotals[layer] ?? 0) + 1;
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
    layerOf,
    layerTotals: Array.from(layerTotals, (t) => t ?? 0),
    cell,
    x0,
    y0,
    x1,
    y1,
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
  | 'stroke'
  | 'drawImage'
  | 'clearRect'
  | 'putImageData'
> & {
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
  /** Whether the layer was drawn again (false: the last picture was moved with the pan). */
  rendered: boolean;
}

/** What is in view: markers (screen CSS px) and outlines (object indices), per layer. */
export interface Visible {
  markers: Float32Array[];
  markerCount: number[];
  outlines: Uint32Array[];
  outlineCount: number[];
}

function grow<T extends Float32Array | Uint32Array>(buffer: T, needed: number): T {
  if (needed <= buffer.length) return buffer;
  const grown = new (buffer.constructor as new (n: number) => T)(
    Math.max(needed, buffer.length * 2),
  );
  grown.set(buffer);
  return grown;
}

/**
 * The objects of visible layers in view, as markers (points, and outlines smaller than a
 * marker on screen) and outlines. `into` is reused between frames (no garbage while panning).
 */
export function collectVisible(
  index: DetectionIndex,
  view: ViewTransform,
  size: { width: number; height: number },
  style: Pick<OverlayStyle, 'visible'>,
  layers: number,
  margin: number,
  into?: Visible,
): Visible {
  const out: Visible = into ?? { markers: [], markerCount: [], outlines: [], outlineCount: [] };
  // Room for every object of each layer: nothing grows while collecting (this runs over
  // 100,000 objects when the whole slide is in view).
  for (let layer = 0; layer < layers; layer++) {
    const total = index.layerTotals[layer] ?? 0;
    if ((out.markers[layer]?.length ?? 0) < 2 * total)
      out.markers[layer] = new Float32Array(Math.max(256, 2 * total));
    if ((out.outlines[layer]?.length ?? 0) < total)
      out.outlines[layer] = new Uint32Array(Math.max(64, total));
  }
  const markerCount = new Array<number>(layers).fill(0);
  const outlineCount = new Array<number>(layers).fill(0);
  const shown = new Uint8Array(layers);
  for (let layer = 0; layer < layers; layer++)
    shown[layer] = style.visible[layer] === false ? 0 : 1;
  const [a, b, c, d, e, f] = view.matrix;
  const scale = view.scale;
  const spot = 2 * MARKER_HALF_PX;
  const { minX, minY, maxX, maxY, isPoint, layerOf } = index;
  const markers = out.markers;
  const outlines = out.outlines;
  const take = (i: number) => {
    const layer = layerOf[i]!;
    if (layer >= layers || shown[layer] === 0) return;
    let x: number;
    let y: number;
    if (isPoint[i] === 1) {
      x = minX[i]!;
      y = minY[i]!;
    } else if ((maxX[i]! - minX[i]!) * scale < spot && (maxY[i]! - minY[i]!) * scale < spot) {
      x = (minX[i]! + maxX[i]!) / 2;
      y = (minY[i]! + maxY[i]!) / 2;
    } else {
      outlines[layer]![outlineCount[layer]!++] = i;
      return;
    }
    const n = markerCount[layer]!++;
    const xy = markers[layer]!;
    xy[2 * n] = a * x + c * y + e;
    xy[2 * n + 1] = b * x + d * y + f;
  };
  const rect = visibleRect(view, size, (margin + MARKER_HALF_PX) / scale);
  const whole =
    rect.minX <= index.x0 &&
    rect.minY <= index.y0 &&
    rect.maxX >= index.x1 &&
    rect.maxY >= index.y1;
  // Everything in view: no need for the grid.
  if (whole) for (let i = 0; i < index.objects.length; i++) take(i);
  else queryRect(index, rect, take);
  out.markerCount = markerCount;
  out.outlineCount = outlineCount;
  return out;
}

/** True when the platform stores RGBA bytes as 0xAABBGGRR words (every one we ship on). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** An opaque #rrggbb (or a colour with alpha 0..255) as one pixel word of an ImageData. */
export function pixelWord(hex: string, alpha = 255): number {
  const r = parseInt(hex.slice(1, 3), 16);
  const g = parseInt(hex.slice(3, 5), 16);
  const b = parseInt(hex.slice(5, 7), 16);
  return LITTLE_ENDIAN
    ? ((alpha << 24) | (b << 16) | (g << 8) | r) >>> 0
    : ((r << 24) | (g << 16) | (b << 8) | alpha) >>> 0;
}

/** The marker's dark edge: black at 60 %, as the outlines' halo. */
const EDGE_WORD = pixelWord('#000000', 153);

/**
 * Writes markers into an RGBA pixel buffer (`width` × `height` device px): squares of
 * 2 × MARKER_HALF_PX CSS px with a one-pixel dark edge, centred on their screen point plus
 * `offset` (CSS px). Pixels are written, not blended: a marker covers what is under it.
 *
 * Where markers crowd (a whole slide of nuclei at low power), one marker per marker-sized
 * cell of the picture is written: the others would land under it anyway, and the work is
 * then bounded by the picture's size, not by the number of objects. Layers with fewer
 * markers go first, so a rare class (mitoses among tumour cells) keeps its cells.
 * `occupancy` is a scratch buffer reused between calls. Returns the markers written.
 */
export function paintMarkers(
  pixels: Uint32Array,
  width: number,
  height: number,
  visible: Visible,
  colours: readonly string[],
  dpr: number,
  offset: number,
  occupancy?: Uint8Array,
): number {
  const side = Math.max(2, Math.round(2 * MARKER_HALF_PX * dpr));
  const cols = Math.ceil(width / side);
  const cells = cols * Math.ceil(height / side);
  const taken = occupancy && occupancy.length >= cells ? occupancy : new Uint8Array(cells);
  taken.fill(0, 0, cells);
  const order = visible.markerCount
    .map((n, layer) => ({ n, layer }))
    .filter((l) => l.n > 0)
    .sort((a, b) => a.n - b.n);
  // Cells are claimed rarest layer first; markers are then written in the reverse order,
  // so that a rare one is on top of its common neighbours.
  let chosen = 0;
  for (const { n, layer } of order) {
    const xy = visible.markers[layer]!;
    for (let k = 0; k < n; k++) {
      const cx = (xy[2 * k]! + offset) * dpr;
      const cy = (xy[2 * k + 1]! + offset) * dpr;
      if (cx + side / 2 <= 0 || cy + side / 2 <= 0) continue;
      if (cx - side / 2 >= width || cy - side / 2 >= height) continue;
      if (cx >= 0 && cy >= 0 && cx < width && cy < height) {
        const cell = Math.floor(cy / side) * cols + Math.floor(cx / side);
        if (taken[cell] === 1) continue;
        taken[cell] = 1;
      }
      chosenMarkers = grow(chosenMarkers, 2 * chosen + 2);
      chosenMarkers[2 * chosen] = layer;
      chosenMarkers[2 * chosen + 1] = k;
      chosen++;
    }
  }
  const words = colours.map((c) => pixelWord(c));
  for (let m = chosen - 1; m >= 0; m--) {
    const layer = chosenMarkers[2 * m]!;
    const k = chosenMarkers[2 * m + 1]!;
    const xy = visible.markers[layer]!;
    const fill = words[layer] ?? pixelWord('#ffffff');
    const x0 = Math.round((xy[2 * k]! + offset) * dpr - side / 2);
    const y0 = Math.round((xy[2 * k + 1]! + offset) * dpr - side / 2);
    const x1 = x0 + side;
    const y1 = y0 + side;
    const left = Math.max(0, x0);
    const right = Math.min(width, x1);
    for (let y = Math.max(0, y0); y < Math.min(height, y1); y++) {
      const row = y * width;
      if (y === y0 || y === y1 - 1) {
        pixels.fill(EDGE_WORD, row + left, row + right);
        continue;
      }
      pixels.fill(fill, row + left, row + right);
      if (x0 >= 0) pixels[row + x0] = EDGE_WORD;
      if (x1 <= width) pixels[row + x1 - 1] = EDGE_WORD;
    }
  }
  return chosen;
}

/** (layer, marker) pairs chosen by paintMarkers, kept between calls. */
let chosenMarkers = new Uint32Array(1024);

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

const sameList = <T>(a: readonly T[], b: readonly T[]) =>
  a === b || (a.length === b.length && a.every((v, i) => v === b[i]));

/**
 * Whether two views have the same zoom and rotation. The view matrix is sampled from the
 * viewer's conversions, so a pan moves its linear part by rounding errors: a relative
 * change below 1e-6 (a thousandth of a pixel across a screen) is none.
 */
function sameLinear(a: readonly number[], b: readonly number[]): boolean {
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
