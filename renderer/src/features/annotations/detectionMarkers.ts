/**
 * Detection markers: the objects in view collected as screen points (points, and outlines
 * smaller than a marker) or outlines, per layer, and markers written straight as pixels
 * into an RGBA buffer (a software canvas spends its time rasterizing paths). Pure.
 */
import type { DetectionIndex } from './overlayIndex';
import { queryRect, visibleRect } from './overlayIndex';
import type { ViewTransform } from './transforms';

/** Half the side of a detection marker on screen (CSS px): 6 px squares, the size of a nucleus at 20×. */
export const MARKER_HALF_PX = 3;

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
