/**
 * Where the tissue is, from a slide's thumbnail: the prefetcher fetches high-resolution
 * tiles only there. Pure functions on raw RGB pixels, so that they are tested without
 * images on disk.
 *
 * Method: every pixel gets a "tissue score", the larger of its HSV saturation and its
 * darkness (255 - luma). Glass is bright and grey (score near 0); stained tissue is
 * coloured, dark, or both. Otsu's threshold on the score histogram separates the two
 * classes; a floor keeps an all-glass thumbnail from being split along its noise, and a
 * ceiling keeps an all-tissue one from being split between pale and dark tissue. Black
 * pixels (scanner padding, pen marks) are not tissue. The mask is then dilated by a small
 * margin, because a thumbnail pixel covers 50-100 µm and tissue edges are faint.
 */

export interface RgbImage {
  width: number;
  height: number;
  /** 3 (RGB) or 4 (RGBA, alpha ignored). */
  channels: number;
  data: Uint8Array;
}

export interface TissueMask {
  width: number;
  height: number;
  /** 1 where there is tissue, row-major. */
  data: Uint8Array;
}

/**
 * The lowest score that can be tissue: glass in real thumbnails scores 0-15 (slight
 * colour casts and JPEG noise), the palest stained tissue (fat, mucin) 20-40.
 */
export const MIN_TISSUE_SCORE = 20;
/**
 * The highest threshold used: Otsu on a thumbnail that is nearly all tissue (no glass to
 * separate) splits pale from dark tissue, and pale tissue is still tissue. Stained tissue
 * scores 40-170 (pale eosin ~45, haematoxylin-dense ~170), glass below 20.
 */
export const MAX_TISSUE_THRESHOLD = 35;
/** Pixels whose brightest channel is below this are padding or ink, not tissue. */
export const BLACK_LEVEL = 30;
/** Dilation margin in mask pixels (a thumbnail pixel is 50-100 µm of glass). */
export const TISSUE_MARGIN_PX = 2;

/** Tissue score of every pixel: max(saturation, darkness) in 0-255; -1 for black pixels. */
export function tissueScores(image: RgbImage): Int16Array {
  const { width, height, channels, data } = image;
  if (channels !== 3 && channels !== 4)
    throw new Error(`Expected 3 or 4 channels, got ${channels}`);
  const n = width * height;
  if (data.length < n * channels)
    throw new Error('Pixel buffer shorter than width x height x channels');
  const scores = new Int16Array(n);
  for (let i = 0, p = 0; i < n; i++, p += channels) {
    const r = data[p] ?? 0;
    const g = data[p + 1] ?? 0;
    const b = data[p + 2] ?? 0;
    const max = Math.max(r, g, b);
    if (max < BLACK_LEVEL) {
      scores[i] = -1;
      continue;
    }
    const min = Math.min(r, g, b);
    const saturation = ((max - min) * 255) / max;
    const darkness = 255 - (0.299 * r + 0.587 * g + 0.114 * b);
    scores[i] = Math.round(Math.max(saturation, darkness));
  }
  return scores;
}

/** Otsu's threshold of a 256-bin histogram: the first bin of the upper class. */
export function otsuThreshold(histogram: ArrayLike<number>): number {
  let total = 0;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) {
    const h = histogram[i] ?? 0;
    total += h;
    sumAll += i * h;
  }
  if (total === 0) return 256;
  let weightLow = 0;
  let sumLow = 0;
  let best = -1;
  let threshold = 256;
  for (let t = 0; t < 255; t++) {
    weightLow += histogram[t] ?? 0;
    if (weightLow === 0) continue;
    const weightHigh = total - weightLow;
    if (weightHigh === 0) break;
    sumLow += t * (histogram[t] ?? 0);
    const meanLow = sumLow / weightLow;
    const meanHigh = (sumAll - sumLow) / weightHigh;
    const between = weightLow * weightHigh * (meanLow - meanHigh) ** 2;
    if (between > best) {
      best = between;
      threshold = t + 1;
    }
  }
  return threshold;
}

/** Square dilation by `radius` pixels (separable max filter). */
export function dilate(mask: TissueMask, radius: number): TissueMask {
  if (radius <= 0) return { ...mask, data: mask.data.slice() };
  const { width, height } = mask;
  const horizontal = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (mask.data[row + x] !== 1) continue;
      const from = Math.max(0, x - radius);
      const to = Math.min(width - 1, x + radius);
      horizontal.fill(1, row + from, row + to + 1);
    }
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (horizontal[y * width + x] !== 1) continue;
      const from = Math.max(0, y - radius);
      const to = Math.min(height - 1, y + radius);
      for (let yy = from; yy <= to; yy++) out[yy * width + x] = 1;
    }
  }
  return { width, height, data: out };
}

/** Thumbnail pixels -> tissue mask of the same size (see the header comment). */
export function detectTissue(image: RgbImage, margin = TISSUE_MARGIN_PX): TissueMask {
  const scores = tissueScores(image);
  const histogram = new Float64Array(256);
  for (const s of scores) if (s >= 0) histogram[s]!++;
  const threshold = Math.min(
    MAX_TISSUE_THRESHOLD,
    Math.max(MIN_TISSUE_SCORE, otsuThreshold(histogram)),
  );
  const data = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) data[i] = (scores[i] ?? -1) >= threshold ? 1 : 0;
  return dilate({ width: image.width, height: image.height, data }, margin);
}

export function tissueFraction(mask: TissueMask): number {
  let n = 0;
  for (const v of mask.data) n += v;
  return mask.data.length === 0 ? 0 : n / mask.data.length;
}

/**
 * Answers "does this rectangle of the slide touch tissue?" in constant time, from a
 * summed-area table of the mask. The mask is stretched over the whole slide.
 */
export class TissueIndex {
  private readonly sums: Uint32Array;
  private readonly stride: number;

  constructor(
    readonly mask: TissueMask,
    private readonly slideWidth: number,
    private readonly slideHeight: number,
  ) {
    const { width, height, data } = mask;
    this.stride = width + 1;
    this.sums = new Uint32Array((width + 1) * (height + 1));
    for (let y = 0; y < height; y++) {
      let rowSum = 0;
      for (let x = 0; x < width; x++) {
        rowSum += data[y * width + x] ?? 0;
        this.sums[(y + 1) * this.stride + x + 1] =
          (this.sums[y * this.stride + x + 1] ?? 0) + rowSum;
      }
    }
  }

  /** True when the rectangle (level-0 pixels, end exclusive) covers a tissue pixel. */
  touches(x0: number, y0: number, x1: number, y1: number): boolean {
    const { width, height } = this.mask;
    const sx = width / this.slideWidth;
    const sy = height / this.slideHeight;
    const mx0 = Math.max(0, Math.floor(x0 * sx));
    const my0 = Math.max(0, Math.floor(y0 * sy));
    const mx1 = Math.min(width, Math.max(mx0 + 1, Math.ceil(x1 * sx)));
    const my1 = Math.min(height, Math.max(my0 + 1, Math.ceil(y1 * sy)));
    if (mx0 >= mx1 || my0 >= my1) return false;
    const s = this.sums;
    const w = this.stride;
    const total =
      (s[my1 * w + mx1] ?? 0) -
      (s[my0 * w + mx1] ?? 0) -
      (s[my1 * w + mx0] ?? 0) +
      (s[my0 * w + mx0] ?? 0);
    return total > 0;
  }
}

/** A decoded tile of a level and where it sits in the level's grid. */
export interface GridTile {
  col: number;
  row: number;
  image: RgbImage;
}

/**
 * One level's tiles pasted into one RGB image of `width` x `height` (white where no tile
 * is given): the coarsest level of a slide without a thumbnail, for detectTissue. Edge
 * tiles may be padded beyond the level; the padding is cut.
 */
export function stitchTiles(
  width: number,
  height: number,
  tileWidth: number,
  tileHeight: number,
  tiles: readonly GridTile[],
): RgbImage {
  const canvas = new Uint8Array(width * height * 3).fill(255);
  for (const { col, row, image } of tiles) {
    const x0 = col * tileWidth;
    const y0 = row * tileHeight;
    const w = Math.min(image.width, width - x0);
    const h = Math.min(image.height, height - y0);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const src = (y * image.width + x) * image.channels;
        const dst = ((y0 + y) * width + x0 + x) * 3;
        canvas[dst] = image.data[src] ?? 255;
        canvas[dst + 1] = image.data[src + 1] ?? 255;
        canvas[dst + 2] = image.data[src + 2] ?? 255;
      }
    }
  }
  return { width, height, channels: 3, data: canvas };
}
