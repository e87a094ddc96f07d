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
import sharp from 'sharp';
import { concatBytes, jpegHeaderSegments, splitJpegTables } from '../sources/tiff/jpeg';
import { lzwEncode } from '../sources/tiff/lzw';
import { encodeTiff, rational, writeTiffFile } from './tiffEncode';
import type { TiffField, TiffIfdSpec } from './tiffEncode';
import { LevelRasters } from './levelRasters';
import { compressionCode, encodeTile } from './tileEncoding';
import { isBig, planPyramid } from './tiffPlan';
import type {
  AssociatedInput,
  Plan,
  PyramidalTiffOptions,
  TiffCompressionName,
  WrittenLevel,
  WrittenTiff,
} from './tiffPlan';
import { PHOTOMETRIC, RESOLUTION_UNIT, TAG } from '../sources/tiff/tiffTags';

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
export type {
  AssociatedInput,
  PyramidalTiffOptions,
  RegionSource,
  RgbImage,
  TiffCompressionName,
  WrittenLevel,
  WrittenTiff,
} from './tiffPlan';

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
