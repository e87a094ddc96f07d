/**
 * The pixels of each level of a pyramid being written (tiffWriter.ts): resized by sharp
 * (libvips) from the previous level for an in-memory image, read by regions from a
 * RegionSource, and the whole-slide thumbnail.
 */
import sharp from 'sharp';
import type { RegionSource, RgbImage, WrittenLevel } from './tiffPlan';

/** Level rasters for an in-memory image, made by resizing the previous level. */
export class LevelRasters {
  private cache = new Map<number, Promise<Uint8Array>>();
  constructor(
    private readonly image: RgbImage | RegionSource,
    private readonly levels: WrittenLevel[],
  ) {}

  get isRegionSource(): boolean {
    return !('data' in this.image);
  }

  /** Whole raster of level i (in-memory images only). */
  raster(i: number): Promise<Uint8Array> {
    const image = this.image;
    if (!('data' in image)) throw new Error('no raster for a region source');
    let p = this.cache.get(i);
    if (!p) {
      if (i === 0) p = Promise.resolve(image.data);
      else {
        const prev = this.levels[i - 1];
        const level = this.levels[i];
        if (!prev || !level) throw new RangeError(`no level ${i}`);
        p = this.raster(i - 1).then((data) =>
          sharp(data, { raw: { width: prev.width, height: prev.height, channels: 3 } })
            .resize(level.width, level.height, { fit: 'fill' })
            .raw()
            .toBuffer(),
        );
      }
      this.cache.set(i, p);
      // Keep only the previous level alive: it is the input of the next one.
      this.cache.delete(i - 2);
    }
    return p;
  }

  async region(
    i: number,
    x: number,
    y: number,
    width: number,
    height: number,
  ): Promise<Uint8Array> {
    const level = this.levels[i];
    if (!level) throw new RangeError(`no level ${i}`);
    const image = this.image;
    if ('data' in image) {
      return cropPadded(await this.raster(i), level.width, level.height, x, y, width, height);
    }
    const w = Math.min(width, level.width - x);
    const h = Math.min(height, level.height - y);
    const data = await image.readRegion({
      level: i,
      downsample: level.downsample,
      x,
      y,
      width: w,
      height: h,
    });
    if (data.length < w * h * 3) throw new RangeError('readRegion returned too few bytes');
    return w === width && h === height ? data : cropPadded(data, w, h, 0, 0, width, height);
  }

  async thumbnail(max: number): Promise<RgbImage> {
    const smallest = this.levels.length - 1;
    const level = this.levels[smallest];
    if (!level) throw new RangeError('no levels');
    const data = this.isRegionSource
      ? await this.region(smallest, 0, 0, level.width, level.height)
      : await this.smallestRasterForThumbnail(max);
    const src = this.isRegionSource ? level : this.thumbSourceLevel(max);
    // Like Aperio: at most `max` pixels, and never more than a quarter of the slide.
    const scale = Math.min(0.25, max / Math.max(this.image.width, this.image.height));
    const width = Math.max(1, Math.round(this.image.width * scale));
    const height = Math.max(1, Math.round(this.image.height * scale));
    const out = await sharp(data, { raw: { width: src.width, height: src.height, channels: 3 } })
      .resize(width, height, { fit: 'fill' })
      .raw()
      .toBuffer();
    return { data: out, width, height };
  }

  private thumbSourceLevel(max: number): WrittenLevel {
    // The smallest level that is still at least `max` pixels wide, else level 0.
    let best = this.levels[0];
    for (const l of this.levels) if (Math.max(l.width, l.height) >= max) best = l;
    if (!best) throw new RangeError('no levels');
    return best;
  }

  private smallestRasterForThumbnail(max: number): Promise<Uint8Array> {
    const src = this.thumbSourceLevel(max);
    return this.raster(this.levels.indexOf(src));
  }
}

/** Copies a w×h window at (x, y) out of a raster, repeating the last column/row past its edge. */
function cropPadded(
  src: Uint8Array,
  srcWidth: number,
  srcHeight: number,
  x: number,
  y: number,
  w: number,
  h: number,
): Uint8Array {
  const out = Buffer.allocUnsafe(w * h * 3);
  const validW = Math.max(0, Math.min(w, srcWidth - x));
  for (let r = 0; r < h; r++) {
    const sy = Math.min(y + r, srcHeight - 1);
    const srcStart = (sy * srcWidth + x) * 3;
    const rowStart = r * w * 3;
    out.set(src.subarray(srcStart, srcStart + validW * 3), rowStart);
    if (validW < w) {
      const last = out.subarray(rowStart + (validW - 1) * 3, rowStart + validW * 3);
      for (let c = validW; c < w; c++) out.set(last, rowStart + c * 3);
    }
  }
  return out;
}
