/**
 * Where the tissue is, at the resolution of the coverage grid (grid.ts), from the pixels of
 * a slide's thumbnail (RGB or RGBA). It is the denominator of "fraction of tissue seen", so
 * it errs towards tissue only where tissue really is: no dilation margin here (the
 * prefetcher's mask in core/prefetch/tissue.ts widens its mask to fetch a little more; a
 * margin of glass here would make 100 % unreachable).
 *
 * Method (robust threshold on saturation and brightness):
 * - saturation S = (max - min) / max of the pixel (HSV), brightness V = max;
 * - Otsu's threshold on the histogram of S separates stained tissue (pink eosin, purple
 *   haematoxylin: coloured) from glass (grey-white); it is clamped between
 *   MIN_SATURATION and MAX_SATURATION_THRESHOLD so that an all-glass thumbnail is not split
 *   along its noise and an all-tissue one not split between pale and dark tissue;
 * - a pixel is tissue when S reaches the threshold, or when it is dark (V below
 *   DARK_BRIGHTNESS: dense, nearly grey haematoxylin), unless it is black (V below
 *   BLACK_BRIGHTNESS: scanner padding, pen ink);
 * - a cell is tissue when at least MIN_CELL_TISSUE of its pixels are.
 * Saturation rather than darkness leads, because glass is bright AND grey while tissue may
 * be bright (fat, mucin are pale but still pinkish).
 */
import type { GridShape } from './grid';

export interface PixelImage {
  width: number;
  height: number;
  /** 3 (RGB) or 4 (RGBA, alpha ignored). */
  channels: number;
  data: Uint8Array;
}

/**
 * Lowest saturation threshold (0-255): glass in real thumbnails has S of 0-15 (slight
 * colour casts, JPEG noise), the palest stained tissue 20-40.
 */
export const MIN_SATURATION = 20;
/** Highest threshold: pale eosin reaches S ~ 40, haematoxylin-dense 100-170. */
export const MAX_SATURATION_THRESHOLD = 40;
/** Below this brightness (0-255) a grey pixel is dense tissue, not glass (glass is > 220). */
export const DARK_BRIGHTNESS = 180;
/** Below this brightness a pixel is padding or ink. */
export const BLACK_BRIGHTNESS = 30;
/** Fraction of a cell's pixels that must be tissue: one speck of dust does not make tissue. */
export const MIN_CELL_TISSUE = 0.2;

/** Saturation (0-255) of every pixel; -1 for black pixels (never tissue). */
export function saturations(image: PixelImage): Int16Array {
  const { width, height, channels, data } = image;
  if (channels !== 3 && channels !== 4)
    throw new Error(`Expected 3 or 4 channels, got ${channels}`);
  const n = width * height;
  if (data.length < n * channels) throw new Error('Pixel buffer shorter than its size');
  const out = new Int16Array(n);
  for (let i = 0, p = 0; i < n; i++, p += channels) {
    const r = data[p] ?? 0;
    const g = data[p + 1] ?? 0;
    const b = data[p + 2] ?? 0;
    const max = Math.max(r, g, b);
    if (max < BLACK_BRIGHTNESS) {
      out[i] = -1;
      continue;
    }
    const min = Math.min(r, g, b);
    // A dark grey pixel is dense tissue: it scores as fully saturated.
    out[i] = max < DARK_BRIGHTNESS ? 255 : Math.round(((max - min) * 255) / max);
  }
  return out;
}

/** Otsu's threshold of a 256-bin histogram: the first value of the upper class (256: none). */
export function otsu(histogram: ArrayLike<number>): number {
  let total = 0;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) {
    total += histogram[i] ?? 0;
    sumAll += i * (histogram[i] ?? 0);
  }
  let weightLow = 0;
  let sumLow = 0;
  let best = -1;
  let threshold = 256;
  for (let t = 0; t < 255; t++) {
    const h = histogram[t] ?? 0;
    weightLow += h;
    sumLow += t * h;
    if (weightLow === 0) continue;
    const weightHigh = total - weightLow;
    if (weightHigh === 0) break;
    const between =
      weightLow * weightHigh * (sumLow / weightLow - (sumAll - sumLow) / weightHigh) ** 2;
    if (between > best) {
      best = between;
      threshold = t + 1;
    }
  }
  return threshold;
}

/** The saturation threshold used for this image (Otsu, clamped; see the header). */
export function saturationThreshold(s: Int16Array): number {
  const histogram = new Float64Array(256);
  for (const v of s) if (v >= 0) histogram[v] = (histogram[v] ?? 0) + 1;
  return Math.min(MAX_SATURATION_THRESHOLD, Math.max(MIN_SATURATION, otsu(histogram)));
}

/**
 * The tissue mask of a grid of `shape`, from a thumbnail of the whole slide: cols × rows
 * bytes, 1 for tissue. A thumbnail smaller than the grid gives each cell the pixel under it.
 */
export function tissueMask(image: PixelImage, shape: GridShape): Uint8Array {
  const s = saturations(image);
  const threshold = saturationThreshold(s);
  const { cols, rows } = shape;
  const { width, height } = image;
  const mask = new Uint8Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    const y0 = Math.min(height - 1, Math.floor((r * height) / rows));
    const y1 = Math.max(y0 + 1, Math.floor(((r + 1) * height) / rows));
    for (let c = 0; c < cols; c++) {
      const x0 = Math.min(width - 1, Math.floor((c * width) / cols));
      const x1 = Math.max(x0 + 1, Math.floor(((c + 1) * width) / cols));
      let n = 0;
      let tissue = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          n++;
          if ((s[y * width + x] ?? -1) >= threshold) tissue++;
        }
      }
      mask[r * cols + c] = tissue >= n * MIN_CELL_TISSUE && tissue > 0 ? 1 : 0;
    }
  }
  return mask;
}
