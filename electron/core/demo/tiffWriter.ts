/**
 * Writes tiled pyramidal TIFF, BigTIFF and Aperio-style SVS files: for test fixtures and
 * for the demo library. Level images are produced by sharp (libvips), tiles are cut from
 * raw RGB buffers in JS and encoded by sharp in parallel batches, then streamed to disk one
 * level at a time.
 *
 * SVS layout (as Aperio writes it): level 0, a stripped thumbnail as the 2nd IFD, the
 * other levels, then label (LZW, stripped) and macro (JPEG, stripped). Tiles are
 * "abbreviated" JPEG sharing one JPEGTables tag per IFD, Photometric RGB (no colour
 * transform in the JPEG stream).
 *
 * Edge tiles are full tile size, padded by repeating the last column/row (TIFF requires
 * whole tiles; readers crop).
 */
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { JpegOptions } from 'sharp';
import { concatBytes, jpegHeaderSegments, splitJpegTables } from '../sources/tiff/jpeg';
import { lzwEncode } from '../sources/tiff/lzw';
import { encodeTiff, rational, writeTiffFile } from './tiffEncode';
import type { TiffField, TiffIfdSpec } from './tiffEncode';
import { COMPRESSION, PHOTOMETRIC, RESOLUTION_UNIT, TAG } from '../sources/tiff/tiffTags';

export { encodeTiff, writeTiffFile, rational } from './tiffEncode';
export type {
  TiffField,
  TiffFieldType,
  TiffIfdSpec,
  ChunkSource,
  EncodeOptions,
} from './tiffEncode';
export { lzwEncode } from '../sources/tiff/lzw';
export { splitJpegTables } from '../sources/tiff/jpeg';

/** Interleaved 8-bit RGB, `width * height * 3` bytes. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Renders any region of the slide on demand, for slides too large to hold in memory. */
export interface RegionSource {
  width: number;
  height: number;
  /** RGB pixels of a region of level `level` (whose scale is `downsample`), in level pixels. */
  readRegion(region: {
    level: number;
    downsample: number;
    x: number;
    y: number;
    width: number;
    height: number;
  }): Promise<Uint8Array>;
}

/** An associated image: raw RGB, or a ready JPEG (stored as is, one strip). */
export type AssociatedInput = RgbImage | { jpeg: Uint8Array };

export type TiffCompressionName = 'jpeg' | 'lzw' | 'deflate' | 'none';

export interface PyramidalTiffOptions {
  image: RgbImage | RegionSource;
  /** 'svs': Aperio layout and descriptions; 'tiff': classic TIFF; 'bigtiff': BigTIFF. */
  format: 'svs' | 'tiff' | 'bigtiff';
  /** SVS only: write the Aperio layout as BigTIFF (needed beyond 4 GiB). */
  bigtiff?: boolean;
  /** Square tiles, a multiple of 16 (default 256). */
  tileSize?: number;
  /** Downsample of each level relative to level 0, starting with 1. Default: ×4 steps for
   * SVS, ×2 for TIFF, until a level fits in one tile. */
  levelDownsamples?: number[];
  compression?: TiffCompressionName;
  /** JPEG quality (default 80). */
  quality?: number;
  /** JPEG colour: 'rgb' stores R,G,B components (Aperio), 'ycbcr' the usual JPEG. Default
   * 'rgb' for SVS, 'ycbcr' otherwise. Note 'rgb' is produced by pre-compensating pixels
   * for the encoder's colour transform, exact for moderately saturated colours only. */
  photometric?: 'rgb' | 'ycbcr';
  /** Abbreviated tiles + JPEGTables tag (default true for SVS, false otherwise). */
  jpegTables?: boolean;
  /** LZW/deflate horizontal differencing predictor (TIFF predictor 2). */
  predictor?: boolean;
  /** Microns per pixel at level 0 (number for square pixels). */
  mpp?: number | { x: number; y: number };
  /** Objective magnification (SVS AppMag). */
  appMag?: number;
  /** Resolution tags for TIFF (default 'cm' when mpp is given). Not written for SVS. */
  resolutionUnit?: 'cm' | 'inch' | 'none';
  /** Level 0 ImageDescription for TIFF; extra `key = value` pairs for SVS. */
  description?: string;
  aperioFields?: Record<string, string | number>;
  /** TIFF only: put reduced levels in a SubIFDs tag of level 0 (OME/libvips style). */
  subIfds?: boolean;
  /** Associated images. `thumbnail: true` renders one from the pyramid (default for SVS). */
  associated?: {
    label?: AssociatedInput;
    macro?: AssociatedInput;
    thumbnail?: AssociatedInput | boolean;
  };
  /** Tiles encoded at once (default 32). */
  batchSize?: number;
}

export interface WrittenLevel {
  width: number;
  height: number;
  downsample: number;
  tileWidth: number;
  tileHeight: number;
}

export interface WrittenTiff {
  bytes: number;
  levels: WrittenLevel[];
  associated: ('label' | 'macro' | 'thumbnail')[];
  /** Wall time in milliseconds. */
  ms: number;
}

const APERIO_PREFIX = 'Aperio Image Library v12.0.15\r\n';
const THUMBNAIL_MAX = 1024;

/** Writes a pyramidal TIFF/SVS to `path`. */
export async function writePyramidalTiff(
  path: string,
  options: PyramidalTiffOptions,
): Promise<WrittenTiff> {
  const t0 = performance.now();
  const plan = planPyramid(options);
  const bytes = await writeTiffFile(path, buildIfds(plan), {
    bigtiff: options.format === 'bigtiff',
  });
  return {
    bytes,
    levels: plan.levels,
    associated: plan.associatedNames,
    ms: performance.now() - t0,
  };
}

/** Same as writePyramidalTiff, in memory (for tests and the fuzz corpus). */
export async function encodePyramidalTiff(options: PyramidalTiffOptions): Promise<Uint8Array> {
  const plan = planPyramid(options);
  return encodeTiff(buildIfds(plan), { bigtiff: isBig(options) });
}

function isBig(options: PyramidalTiffOptions): boolean {
  return options.format === 'bigtiff' || (options.format === 'svs' && options.bigtiff === true);
}

interface Plan {
  options: PyramidalTiffOptions;
  svs: boolean;
  tileSize: number;
  compression: TiffCompressionName;
  quality: number;
  rgbPhotometric: boolean;
  abbreviated: boolean;
  mpp: { x: number; y: number } | null;
  levels: WrittenLevel[];
  associatedNames: ('label' | 'macro' | 'thumbnail')[];
}

function planPyramid(options: PyramidalTiffOptions): Plan {
  const { image } = options;
  const tileSize = options.tileSize ?? 256;
  if (tileSize % 16 !== 0 || tileSize <= 0)
    throw new RangeError('tileSize must be a positive multiple of 16');
  if (!(image.width > 0 && image.height > 0))
    throw new RangeError('image must have positive dimensions');
  if ('data' in image && image.data.length < image.width * image.height * 3) {
    throw new RangeError('image.data is smaller than width * height * 3');
  }
  const svs = options.format === 'svs';
  const step = svs ? 4 : 2;
  let downsamples = options.levelDownsamples;
  if (!downsamples) {
    downsamples = [1];
    let d = 1;
    while (Math.max(image.width, image.height) / d > tileSize) {
      d *= step;
      downsamples.push(d);
    }
  }
  if (downsamples[0] !== 1) throw new RangeError('levelDownsamples must start with 1');
  const levels = downsamples.map((d) => ({
    width: Math.max(1, Math.floor(image.width / d)),
    height: Math.max(1, Math.floor(image.height / d)),
    downsample: d,
    tileWidth: tileSize,
    tileHeight: tileSize,
  }));
  const compression = options.compression ?? 'jpeg';
  const mpp =
    options.mpp === undefined
      ? null
      : typeof options.mpp === 'number'
        ? { x: options.mpp, y: options.mpp }
        : options.mpp;
  const assoc = options.associated ?? {};
  const thumbnail = assoc.thumbnail ?? svs;
  const associatedNames: Plan['associatedNames'] = [];
  if (thumbnail !== false) associatedNames.push('thumbnail');
  if (assoc.label) associatedNames.push('label');
  if (assoc.macro) associatedNames.push('macro');
  return {
    options: { ...options, associated: { ...assoc, thumbnail } },
    svs,
    tileSize,
    compression,
    quality: options.quality ?? 80,
    rgbPhotometric:
      compression === 'jpeg' ? (options.photometric ?? (svs ? 'rgb' : 'ycbcr')) === 'rgb' : true,
    abbreviated: compression === 'jpeg' && (options.jpegTables ?? svs),
    mpp,
    levels,
    associatedNames,
  };
}

/** Yields IFDs in file order; each level's raster is made only when its IFD is reached. */
async function* buildIfds(plan: Plan): AsyncGenerator<TiffIfdSpec> {
  const { options, svs, levels } = plan;
  const rasters = new LevelRasters(options.image, levels);
  const levelIfd = (i: number): TiffIfdSpec => tiledIfd(plan, i, rasters);
  const thumb = options.associated?.thumbnail;
  const thumbnailIfd = async (): Promise<TiffIfdSpec | null> => {
    if (thumb === false || thumb === undefined) return null;
    const input = thumb === true ? await rasters.thumbnail(THUMBNAIL_MAX) : thumb;
    return strippedIfd(plan, 'thumbnail', input, 'jpeg');
  };

  if (svs) {
    yield levelIfd(0);
    const t = await thumbnailIfd();
    if (t) yield t;
    for (let i = 1; i < levels.length; i++) yield levelIfd(i);
  } else if (options.subIfds) {
    const first = levelIfd(0);
    first.subIfds = levels.slice(1).map((_, i) => levelIfd(i + 1));
    yield first;
  } else {
    for (let i = 0; i < levels.length; i++) yield levelIfd(i);
  }
  const { label, macro } = options.associated ?? {};
  if (label) yield await strippedIfd(plan, 'label', label, 'lzw');
  if (macro) yield await strippedIfd(plan, 'macro', macro, 'jpeg');
  if (!svs) {
    const t = await thumbnailIfd();
    if (t) yield t;
  }
}

/** Level rasters for an in-memory image, made by resizing the previous level. */
class LevelRasters {
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

/**
 * For Photometric RGB JPEG: the encoder always converts RGB to YCbCr, so feed it the pixels
 * whose YCbCr is the wanted RGB. Out-of-gamut results are clamped (saturated colours shift).
 */
// JFIF YCbCr -> RGB terms, per chroma value (ITU-R BT.601 coefficients, as libjpeg).
const CR_TO_R = Float32Array.from({ length: 256 }, (_, v) => 1.402 * (v - 128));
const CB_TO_G = Float32Array.from({ length: 256 }, (_, v) => -0.344136 * (v - 128));
const CR_TO_G = Float32Array.from({ length: 256 }, (_, v) => -0.714136 * (v - 128));
const CB_TO_B = Float32Array.from({ length: 256 }, (_, v) => 1.772 * (v - 128));

function precompensateForRgbJpeg(rgb: Uint8Array): Uint8Array {
  // Uint8ClampedArray rounds and clamps on assignment.
  const out = new Uint8ClampedArray(rgb.length);
  for (let i = 0; i < rgb.length; i += 3) {
    const y = rgb[i] as number;
    const cb = rgb[i + 1] as number;
    const cr = rgb[i + 2] as number;
    out[i] = y + (CR_TO_R[cr] as number);
    out[i + 1] = y + (CB_TO_G[cb] as number) + (CR_TO_G[cr] as number);
    out[i + 2] = y + (CB_TO_B[cb] as number);
  }
  return new Uint8Array(out.buffer);
}

function horizontalDifference(data: Uint8Array, width: number, height: number): Uint8Array {
  const out = Buffer.from(data);
  for (let r = 0; r < height; r++) {
    const row = r * width * 3;
    for (let c = width - 1; c >= 1; c--) {
      for (let s = 0; s < 3; s++) {
        const i = row + c * 3 + s;
        out[i] = ((data[i] ?? 0) - (data[i - 3] ?? 0)) & 0xff;
      }
    }
  }
  return out;
}

function jpegOptions(plan: Plan): JpegOptions {
  return {
    quality: plan.quality,
    // Standard Huffman tables: identical for every tile, as a shared JPEGTables needs.
    optimiseCoding: false,
    chromaSubsampling: plan.rgbPhotometric ? '4:4:4' : '4:2:0',
  };
}

async function encodeTile(plan: Plan, raw: Uint8Array, size: number): Promise<Uint8Array> {
  switch (plan.compression) {
    case 'jpeg': {
      const pixels = plan.rgbPhotometric ? precompensateForRgbJpeg(raw) : raw;
      return sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
        .jpeg(jpegOptions(plan))
        .toBuffer();
    }
    case 'lzw':
      return lzwEncode(plan.options.predictor ? horizontalDifference(raw, size, size) : raw);
    case 'deflate':
      return deflateSync(plan.options.predictor ? horizontalDifference(raw, size, size) : raw);
    case 'none':
      return raw;
  }
}

function compressionCode(c: TiffCompressionName): number {
  return {
    jpeg: COMPRESSION.JPEG,
    lzw: COMPRESSION.LZW,
    deflate: COMPRESSION.AdobeDeflate,
    none: COMPRESSION.None,
  }[c];
}

function commonFields(
  plan: Plan,
  width: number,
  height: number,
  compression: TiffCompressionName,
): TiffField[] {
  const jpegYcbcr = compression === 'jpeg' && !plan.rgbPhotometric;
  const fields: TiffField[] = [
    { tag: TAG.ImageWidth, type: 'long', value: [width] },
    { tag: TAG.ImageLength, type: 'long', value: [height] },
    { tag: TAG.BitsPerSample, type: 'short', value: [8, 8, 8] },
    { tag: TAG.Compression, type: 'short', value: [compressionCode(compression)] },
    {
      tag: TAG.Photometric,
      type: 'short',
      value: [jpegYcbcr ? PHOTOMETRIC.YCbCr : PHOTOMETRIC.RGB],
    },
    { tag: TAG.SamplesPerPixel, type: 'short', value: [3] },
    { tag: TAG.PlanarConfiguration, type: 'short', value: [1] },
  ];
  if (jpegYcbcr) fields.push({ tag: TAG.YCbCrSubsampling, type: 'short', value: [2, 2] });
  if (plan.options.predictor && (compression === 'lzw' || compression === 'deflate')) {
    fields.push({ tag: TAG.Predictor, type: 'short', value: [2] });
  }
  return fields;
}

function resolutionFields(plan: Plan, downsample: number): TiffField[] {
  const unit = plan.options.resolutionUnit ?? (plan.mpp ? 'cm' : 'none');
  if (plan.svs || !plan.mpp || unit === 'none') return [];
  const perUnit = unit === 'cm' ? 1e4 : 25400;
  return [
    {
      tag: TAG.XResolution,
      type: 'rational',
      value: rational(perUnit / (plan.mpp.x * downsample)),
    },
    {
      tag: TAG.YResolution,
      type: 'rational',
      value: rational(perUnit / (plan.mpp.y * downsample)),
    },
    {
      tag: TAG.ResolutionUnit,
      type: 'short',
      value: [unit === 'cm' ? RESOLUTION_UNIT.Centimeter : RESOLUTION_UNIT.Inch],
    },
  ];
}

function aperioHeader(plan: Plan): string {
  const { width, height } = plan.options.image;
  const ts = plan.tileSize;
  return `${APERIO_PREFIX}${width}x${height} [0,100 ${width}x${height}] (${ts}x${ts})`;
}

function aperioMeta(plan: Plan): string {
  const parts: string[] = [];
  if (plan.options.appMag !== undefined) parts.push(`AppMag = ${plan.options.appMag}`);
  for (const [k, v] of Object.entries(plan.options.aperioFields ?? {})) parts.push(`${k} = ${v}`);
  if (plan.mpp) parts.push(`MPP = ${plan.mpp.x.toFixed(4)}`);
  return parts.map((p) => `|${p}`).join('');
}

function levelDescription(plan: Plan, i: number, level: WrittenLevel): string | null {
  const codec =
    plan.compression === 'jpeg' ? `JPEG/RGB Q=${plan.quality}` : plan.compression.toUpperCase();
  if (plan.svs) {
    return i === 0
      ? `${aperioHeader(plan)} ${codec}${aperioMeta(plan)}`
      : `${aperioHeader(plan)} -> ${level.width}x${level.height} ${codec}`;
  }
  return i === 0 ? (plan.options.description ?? null) : null;
}

function tiledIfd(plan: Plan, i: number, rasters: LevelRasters): TiffIfdSpec {
  const level = plan.levels[i];
  if (!level) throw new RangeError(`no level ${i}`);
  const ts = plan.tileSize;
  const fields: TiffField[] = [
    { tag: TAG.NewSubfileType, type: 'long', value: [i === 0 || plan.svs ? 0 : 1] },
    ...commonFields(plan, level.width, level.height, plan.compression),
    { tag: TAG.TileWidth, type: 'short', value: [ts] },
    { tag: TAG.TileLength, type: 'short', value: [ts] },
    ...resolutionFields(plan, level.downsample),
  ];
  const description = levelDescription(plan, i, level);
  if (description !== null)
    fields.push({ tag: TAG.ImageDescription, type: 'ascii', value: description });

  const cols = Math.ceil(level.width / ts);
  const rows = Math.ceil(level.height / ts);
  const batchSize = plan.options.batchSize ?? 32;
  let tables: Uint8Array | null = null;
  // A region source may hand back the same buffer for identical tiles (glass, around the
  // tissue): encode it once. A copy is kept to check that a reused buffer was not
  // rewritten with other pixels meanwhile.
  const encodedByRaw = new WeakMap<Uint8Array, { pixels: Buffer; encoded: Promise<Uint8Array> }>();
  const encodeOnce = (raw: Uint8Array): Promise<Uint8Array> => {
    const known = encodedByRaw.get(raw);
    if (known && known.pixels.equals(raw)) return known.encoded;
    const encoded = encodeTile(plan, raw, ts);
    encodedByRaw.set(raw, { pixels: Buffer.from(raw), encoded });
    return encoded;
  };

  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let start = 0; start < cols * rows; start += batchSize) {
      const indices = Array.from(
        { length: Math.min(batchSize, cols * rows - start) },
        (_, k) => start + k,
      );
      const encoded = await Promise.all(
        indices.map(async (t) => {
          const raw = await rasters.region(i, (t % cols) * ts, Math.floor(t / cols) * ts, ts, ts);
          return encodeOnce(raw);
        }),
      );
      for (const tile of encoded) {
        if (!plan.abbreviated) {
          yield tile;
          continue;
        }
        const split = splitJpegTables(tile);
        if (!tables) {
          tables = split.tables;
          fields.push({ tag: TAG.JPEGTables, type: 'undefined', value: tables });
        } else if (!Buffer.from(tables).equals(split.tables)) {
          throw new Error('JPEG tables differ between tiles: cannot share one JPEGTables tag');
        }
        yield split.abbreviated;
      }
    }
  }
  return {
    fields,
    data: { offsetsTag: TAG.TileOffsets, byteCountsTag: TAG.TileByteCounts, chunks: chunks() },
  };
}

async function strippedIfd(
  plan: Plan,
  name: 'label' | 'macro' | 'thumbnail',
  input: AssociatedInput,
  compression: 'jpeg' | 'lzw',
): Promise<TiffIfdSpec> {
  let width: number;
  let height: number;
  let strips: Uint8Array[];
  let rowsPerStrip: number;
  let usedCompression: TiffCompressionName = compression;
  if ('jpeg' in input) {
    const meta = await sharp(input.jpeg).metadata();
    width = meta.width;
    height = meta.height;
    strips = [input.jpeg];
    rowsPerStrip = height;
    usedCompression = 'jpeg';
  } else {
    ({ width, height } = input);
    if (compression === 'jpeg') {
      const jpeg = await sharp(input.data, { raw: { width, height, channels: 3 } })
        .jpeg({ quality: plan.quality })
        .toBuffer();
      strips = [jpeg];
      rowsPerStrip = height;
    } else {
      // 16 rows per strip, like libtiff's default for small images.
      rowsPerStrip = 16;
      strips = [];
      for (let y = 0; y < height; y += rowsPerStrip) {
        const rows = Math.min(rowsPerStrip, height - y);
        strips.push(lzwEncode(input.data.subarray(y * width * 3, (y + rows) * width * 3)));
      }
    }
  }
  // Stripped JPEG here is a normal (YCbCr) JPEG, whatever the tiles use.
  const stripPlan: Plan = {
    ...plan,
    rgbPhotometric: false,
    options: { ...plan.options, predictor: false },
  };
  const fields: TiffField[] = [
    {
      tag: TAG.NewSubfileType,
      type: 'long',
      value: [plan.svs ? (name === 'label' ? 1 : name === 'macro' ? 9 : 0) : 1],
    },
    ...commonFields(stripPlan, width, height, usedCompression),
    { tag: TAG.RowsPerStrip, type: 'long', value: [rowsPerStrip] },
    {
      tag: TAG.ImageDescription,
      type: 'ascii',
      value: associatedDescription(plan, name, width, height),
    },
  ];
  return {
    fields,
    data: { offsetsTag: TAG.StripOffsets, byteCountsTag: TAG.StripByteCounts, chunks: strips },
  };
}

function associatedDescription(plan: Plan, name: string, width: number, height: number): string {
  if (!plan.svs) return name;
  if (name === 'thumbnail') {
    const { width: w, height: h } = plan.options.image;
    return `${APERIO_PREFIX}${w}x${h} -> ${width}x${height} - ${aperioMeta(plan)}`;
  }
  // Plain "\n" here: OpenSlide takes the associated image's name from the second line of a
  // "\r\n"-split, where "\r\n" would leave an empty line (real Aperio files do the same).
  return `${APERIO_PREFIX.trimEnd()}\n${name} ${width}x${height}`;
}

/** True when `bytes` is a complete baseline JPEG header (used by tests). */
export function isJpeg(bytes: Uint8Array): boolean {
  return jpegHeaderSegments(bytes) !== null;
}

export { concatBytes };
