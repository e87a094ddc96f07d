/**
 * SlideSource for Aperio SVS and generic tiled pyramidal TIFF/BigTIFF files.
 *
 * Aperio: ImageDescription of the first IFD starts with "Aperio"; levels are the tiled
 * IFDs, the stripped 2nd IFD is the thumbnail, label/macro are named in their
 * description; MPP and AppMag come from the description. Generic TIFF: levels are the
 * tiled IFDs (main chain and SubIFDs) that are reductions of the first one; MPP from
 * X/YResolution in cm or inch.
 *
 * Tiles: JPEG tiles are passed through byte for byte, with the IFD's JPEGTables merged in
 * and, for Photometric RGB, an Adobe marker so browsers do not apply a YCbCr transform.
 * LZW/deflate/uncompressed tiles are decoded and encoded once as JPEG (the TileService
 * caches the result). Edge tiles are returned as stored, i.e. full tile size with padding:
 * the viewer crops them to the level's bounds. Sparse tiles (byte count 0) are white.
 *
 * Every directory, count and offset is validated when the slide is opened (tile tables of
 * every level included), so a truncated or inconsistent file fails at open with 'corrupt'.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { WorkstationError } from '../../../common/errors';
import type { AssociatedName, Level } from '../../../common/pyramid';
import { isTileInGrid, tileGrid } from '../../../common/pyramid';
import type { SlideFormat } from '../../../common/contract';
import type { SlideMetadata, SlideSource, TileData } from '../slideSource';
import type { ByteSource } from './byteSource';
import { bufferSource, fileSource } from './byteSource';
import { mergeJpegTables } from './jpeg';
import {
  MAX_ASSEMBLED_PIXELS,
  MAX_DECODED_BYTES,
  blankJpeg,
  decodeJpegRgb,
  decodeSamples,
  encodeRgb,
  toRgb,
} from './tiffDecode';
import type { Ifd } from './tiffParser';
import { MAX_ARRAY_COUNT, TiffParser, corrupt } from './tiffParser';
import { COMPRESSION, PHOTOMETRIC, RESOLUTION_UNIT, TAG } from './tiffTags';
import { MAX_SIDE, MAX_TILE_SIDE } from '../limits';

// Shared with the DICOM reader (../limits.ts).
export { MAX_SIDE } from '../limits';
/** Largest stored tile or strip we read (16 MiB). */
export const MAX_CHUNK_BYTES = 16 << 20;
/** Longest side of a thumbnail made from the pyramid. */
const THUMBNAIL_MAX = 1024;
/** Bytes at the start of the file that go into the identity hash. */
const IDENTITY_PREFIX = 64 * 1024;
/** JPEGTables larger than this are not tables. */
const MAX_JPEG_TABLES = 64 * 1024;

const JPEG2000 = new Set<number>([
  COMPRESSION.AperioJ2kYCbCr,
  COMPRESSION.AperioJ2kRGB,
  COMPRESSION.Jp2000,
]);
const SUPPORTED = new Set<number>([
  COMPRESSION.None,
  COMPRESSION.LZW,
  COMPRESSION.JPEG,
  COMPRESSION.AdobeDeflate,
  COMPRESSION.Deflate,
]);

interface ImageInfo {
  ifd: Ifd;
  /** Position in the main chain, or -1 for a SubIFD. */
  index: number;
  width: number;
  height: number;
  tiled: boolean;
  /** Tile size, or (width × rowsPerStrip) for strips. */
  chunkWidth: number;
  chunkHeight: number;
  compression: number;
  photometric: number;
  samplesPerPixel: number;
  bitsPerSample: number;
  planar: number;
  predictor: number;
  description: string;
  subIfds: number[];
}

interface Chunks {
  offsets: Float64Array;
  counts: Float64Array;
  jpegTables: Uint8Array | undefined;
}

interface LevelImage {
  info: ImageInfo;
  level: Level;
  chunks: Chunks;
}

/** True when the first bytes are a TIFF or BigTIFF header (II*\0, MM\0*, II+\0, MM\0+). */
export function isTiffHeader(head: Uint8Array): boolean {
  if (head.length < 4) return false;
  const [a, b, c, d] = head;
  if (a === 0x49 && b === 0x49) return (c === 42 || c === 43) && d === 0;
  if (a === 0x4d && b === 0x4d) return c === 0 && (d === 42 || d === 43);
  return false;
}

/** Sniffs a file by its magic bytes. Never throws: unreadable files are not TIFF. */
export async function isTiffFile(path: string): Promise<boolean> {
  let source: ByteSource | null = null;
  try {
    source = await fileSource(path);
    if (source.size < 8) return false;
    return isTiffHeader(await source.read(0, 4));
  } catch {
    return false;
  } finally {
    await source?.close().catch(() => undefined);
  }
}

export async function openTiffSlide(path: string): Promise<SlideSource> {
  const source = await fileSource(path);
  try {
    return await openTiffSlideFromSource(source);
  } catch (e) {
    await source.close().catch(() => undefined);
    throw e;
  }
}

/** For tests and the fuzz test: a slide held in memory. */
export function openTiffSlideFromBuffer(bytes: Uint8Array): Promise<SlideSource> {
  return openTiffSlideFromSource(bufferSource(bytes));
}

export async function openTiffSlideFromSource(source: ByteSource): Promise<SlideSource> {
  try {
    return await TiffSlide.open(source);
  } catch (e) {
    if (e instanceof WorkstationError) throw e;
    // Anything else (a RangeError from a DataView, say) means the bytes did not hold up.
    throw new WorkstationError('corrupt', 'The slide file is damaged or not a pyramidal TIFF');
  }
}

class TiffSlide implements SlideSource {
  private constructor(
    private readonly source: ByteSource,
    private readonly parser: TiffParser,
    readonly metadata: SlideMetadata,
    readonly identity: string,
    private readonly levels: LevelImage[],
    private readonly associatedImages: Map<AssociatedName, ImageInfo>,
  ) {}

  static async open(source: ByteSource): Promise<TiffSlide> {
    const parser = await TiffParser.open(source);
    const chain = await parser.readChain();
    const images: ImageInfo[] = [];
    for (const [index, ifd] of chain.entries()) {
      const info = await describe(parser, ifd, index);
      if (info) images.push(info);
    }
    const first = images[0];
    if (!first || first.index !== 0) throw corrupt('The first image directory is not an image');
    const aperio = first.description.startsWith('Aperio');

    // SubIFDs of the first image (OME-TIFF and libvips pyramids keep reductions there).
    const seen = new Set(chain.map((i) => i.offset));
    for (const offset of first.subIfds) {
      if (seen.has(offset) || images.length >= 1024) continue;
      seen.add(offset);
      const { ifd } = await parser.readIfd(offset);
      const info = await describe(parser, ifd, -1);
      if (info) images.push(info);
    }

    if (!first.tiled) {
      throw new WorkstationError(
        'unsupported',
        'This TIFF is not tiled: only tiled pyramidal TIFF slides are supported',
      );
    }
    checkSupported(first);

    const levelInfos = images.filter(
      (im) =>
        im === first ||
        (im.tiled &&
          im.width < first.width &&
          im.height <= first.height &&
          im.samplesPerPixel === first.samplesPerPixel &&
          isReduction(first, im) &&
          (aperio ? im.index >= 0 : !/\b(label|macro|thumbnail)\b/i.test(im.description))),
    );
    levelInfos.sort((a, b) => b.width - a.width);
    const unique = levelInfos.filter((im, i) => i === 0 || im.width !== levelInfos[i - 1]?.width);
    const levels: LevelImage[] = [];
    for (const info of unique) {
      checkSupported(info);
      const level: Level = {
        width: info.width,
        height: info.height,
        downsample: first.width / info.width,
        tileWidth: info.chunkWidth,
        tileHeight: info.chunkHeight,
      };
      levels.push({ info, level, chunks: await readChunks(parser, info) });
    }

    // Associated images: anything that is not a level and says what it is.
    const associated = new Map<AssociatedName, ImageInfo>();
    const levelSet = new Set(unique);
    for (const im of images) {
      if (levelSet.has(im) || !isUsable(im)) continue;
      let name: AssociatedName | null = null;
      if (aperio && im.index === 1 && !im.tiled) name = 'thumbnail';
      else {
        const m = /\b(label|macro|thumbnail)\b/i.exec(
          aperio ? im.description.split(/\r?\n/).slice(1).join('\n') : im.description,
        );
        if (m?.[1]) name = m[1].toLowerCase() as AssociatedName;
      }
      if (name && !associated.has(name)) {
        await readChunks(parser, im); // validate now, so readAssociated cannot meet a broken table
        associated.set(name, im);
      }
    }

    const level0 = levels[0];
    if (!level0) throw corrupt('The slide has no levels');
    const format: SlideFormat = aperio ? 'aperio-svs' : parser.bigtiff ? 'bigtiff' : 'tiff';
    const { mpp, objectivePower } = aperio
      ? aperioScale(first.description)
      : await resolutionScale(parser, first);
    const names: AssociatedName[] = ['label', 'macro', 'thumbnail'];
    const metadata: SlideMetadata = {
      format,
      width: first.width,
      height: first.height,
      mpp,
      objectivePower,
      levels: levels.map((l) => l.level),
      // A thumbnail is always available: made from the smallest level when not stored.
      associated: names.filter((n) => n === 'thumbnail' || associated.has(n)),
    };
    const identity = await computeIdentity(source, level0.chunks);
    return new TiffSlide(source, parser, metadata, identity, levels, associated);
  }

  async readTile(level: number, col: number, row: number, signal?: AbortSignal): Promise<TileData> {
    signal?.throwIfAborted();
    const l = this.levels[level];
    if (!l || !isTileInGrid(l.level, col, row)) {
      throw new WorkstationError('not_found', `No tile ${level}/${col}/${row} in this slide`);
    }
    const { cols } = tileGrid(l.level);
    const bytes = await this.readChunk(l.chunks, row * cols + col, signal);
    if (!bytes)
      return {
        bytes: await blankJpeg(l.level.tileWidth, l.level.tileHeight),
        contentType: 'image/jpeg',
      };
    if (l.info.compression === COMPRESSION.JPEG) {
      const merged = mergeJpegTables(bytes, {
        tables: l.chunks.jpegTables,
        rgb: l.info.photometric === PHOTOMETRIC.RGB,
      });
      if (!merged) throw corrupt(`Tile ${level}/${col}/${row} is not a JPEG image`);
      return { bytes: merged, contentType: 'image/jpeg' };
    }
    const { tileWidth: w, tileHeight: h } = l.level;
    const rgb = this.decodeChunk(l.info, bytes, w, h);
    return { bytes: await encodeRgb(rgb, w, h, 'jpeg'), contentType: 'image/jpeg' };
  }

  async readAssociated(name: AssociatedName, signal?: AbortSignal): Promise<TileData> {
    signal?.throwIfAborted();
    const info = this.associatedImages.get(name);
    if (info) {
      const chunks = await readChunks(this.parser, info);
      // One JPEG covering the whole image: pass it through.
      if (info.compression === COMPRESSION.JPEG && chunks.offsets.length === 1) {
        const bytes = await this.readChunk(chunks, 0, signal);
        const merged =
          bytes &&
          mergeJpegTables(bytes, {
            tables: chunks.jpegTables,
            rgb: info.photometric === PHOTOMETRIC.RGB,
          });
        if (!merged) throw corrupt(`The ${name} image is not a JPEG image`);
        return { bytes: merged, contentType: 'image/jpeg' };
      }
      const rgb = await this.assemble(info, chunks, signal);
      const lossless = info.compression !== COMPRESSION.JPEG;
      return {
        bytes: await encodeRgb(
          rgb,
          info.width,
          info.height,
          lossless && name === 'label' ? 'png' : 'jpeg',
        ),
        contentType: lossless && name === 'label' ? 'image/png' : 'image/jpeg',
      };
    }
    if (name !== 'thumbnail')
      throw new WorkstationError('not_found', `This slide has no ${name} image`);
    // No stored thumbnail: the smallest level, resized.
    const smallest = this.levels.at(-1);
    if (!smallest) throw new WorkstationError('not_found', 'This slide has no thumbnail');
    if (smallest.info.width * smallest.info.height > MAX_ASSEMBLED_PIXELS) {
      throw new WorkstationError(
        'unsupported',
        'The smallest level is too large to make a thumbnail',
      );
    }
    const rgb = await this.assemble(smallest.info, smallest.chunks, signal);
    const buf = await sharp(rgb, {
      raw: { width: smallest.info.width, height: smallest.info.height, channels: 3 },
    })
      .resize(THUMBNAIL_MAX, THUMBNAIL_MAX, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 85 })
      .toBuffer();
    return {
      bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength),
      contentType: 'image/jpeg',
    };
  }

  close(): Promise<void> {
    return this.source.close();
  }

  /** Stored bytes of tile/strip `i`, or null for a sparse (empty) one. */
  private async readChunk(
    chunks: Chunks,
    i: number,
    signal?: AbortSignal,
  ): Promise<Uint8Array | null> {
    const offset = chunks.offsets[i];
    const count = chunks.counts[i];
    if (offset === undefined || count === undefined)
      throw corrupt('A tile table is shorter than the tile grid');
    if (count === 0) return null;
    const bytes = await this.source.read(offset, count);
    signal?.throwIfAborted();
    return bytes;
  }

  /** Decodes a non-JPEG chunk of w×h pixels to RGB. */
  private decodeChunk(info: ImageInfo, bytes: Uint8Array, w: number, h: number): Uint8Array {
    const spp = info.samplesPerPixel;
    const samples = decodeSamples(bytes, info.compression, w * h * spp, info.predictor, w, spp);
    return toRgb(samples, w * h, spp, info.photometric === PHOTOMETRIC.MinIsWhite);
  }

  /** The whole image of a (tiled or stripped) IFD as RGB, within MAX_ASSEMBLED_PIXELS. */
  private async assemble(
    info: ImageInfo,
    chunks: Chunks,
    signal?: AbortSignal,
  ): Promise<Uint8Array> {
    const { width, height, chunkWidth: cw, chunkHeight: ch } = info;
    if (width * height > MAX_ASSEMBLED_PIXELS)
      throw new WorkstationError('unsupported', 'The image is too large to decode');
    const out = Buffer.alloc(width * height * 3, 255);
    const cols = Math.ceil(width / cw);
    const rows = Math.ceil(height / ch);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const i = r * cols + c;
        const bytes = await this.readChunk(chunks, i, signal);
        if (!bytes) continue;
        let rgb: Uint8Array;
        let pw = cw;
        let ph = ch;
        if (info.compression === COMPRESSION.JPEG) {
          const merged = mergeJpegTables(bytes, {
            tables: chunks.jpegTables,
            rgb: info.photometric === PHOTOMETRIC.RGB,
          });
          if (!merged) throw corrupt('A tile is not a JPEG image');
          const decoded = await decodeJpegRgb(merged, MAX_DECODED_BYTES);
          ({ data: rgb, width: pw, height: ph } = decoded);
        } else {
          // The last strip may hold fewer rows than RowsPerStrip.
          if (!info.tiled) ph = Math.min(ch, height - r * ch);
          rgb = this.decodeChunk(info, bytes, pw, ph);
        }
        blit(out, width, height, rgb, pw, ph, c * cw, r * ch);
      }
    }
    return out;
  }
}

/** Copies a w×h RGB piece into the canvas at (x, y), clipped to the canvas. */
function blit(
  dst: Uint8Array,
  dw: number,
  dh: number,
  src: Uint8Array,
  w: number,
  h: number,
  x: number,
  y: number,
): void {
  const copyW = Math.min(w, dw - x);
  const copyH = Math.min(h, dh - y);
  if (copyW <= 0 || copyH <= 0) return;
  for (let r = 0; r < copyH; r++) {
    const s = r * w * 3;
    dst.set(src.subarray(s, s + copyW * 3), ((y + r) * dw + x) * 3);
  }
}

async function describe(parser: TiffParser, ifd: Ifd, index: number): Promise<ImageInfo | null> {
  if (!ifd.entries.has(TAG.ImageWidth) || !ifd.entries.has(TAG.ImageLength)) return null;
  const width = await parser.number(ifd, TAG.ImageWidth, 0);
  const height = await parser.number(ifd, TAG.ImageLength, 0);
  if (!(width >= 1 && height >= 1 && width <= MAX_SIDE && height <= MAX_SIDE)) {
    throw corrupt('Image dimensions are zero or out of range');
  }
  const tiled = ifd.entries.has(TAG.TileWidth) || ifd.entries.has(TAG.TileOffsets);
  const samplesPerPixel = await parser.number(ifd, TAG.SamplesPerPixel, 1);
  const bits = await parser.numbers(ifd, TAG.BitsPerSample, 64);
  const bitsPerSample = bits?.[0] ?? 1;
  let chunkWidth: number;
  let chunkHeight: number;
  if (tiled) {
    chunkWidth = await parser.number(ifd, TAG.TileWidth, 0);
    chunkHeight = await parser.number(ifd, TAG.TileLength, 0);
    if (!(
      chunkWidth >= 1 &&
      chunkHeight >= 1 &&
      chunkWidth <= MAX_TILE_SIDE &&
      chunkHeight <= MAX_TILE_SIDE
    )) {
      throw corrupt('Tile dimensions are zero or out of range');
    }
  } else {
    chunkWidth = width;
    chunkHeight = Math.min(height, Math.max(1, await parser.number(ifd, TAG.RowsPerStrip, height)));
  }
  if (samplesPerPixel < 1 || samplesPerPixel > 16) throw corrupt('Invalid samples per pixel');
  if (
    chunkWidth * chunkHeight * samplesPerPixel * Math.max(1, bitsPerSample / 8) >
    MAX_DECODED_BYTES
  ) {
    throw corrupt('Tiles or strips are implausibly large');
  }
  return {
    ifd,
    index,
    width,
    height,
    tiled,
    chunkWidth,
    chunkHeight,
    compression: await parser.number(ifd, TAG.Compression, COMPRESSION.None),
    photometric: await parser.number(
      ifd,
      TAG.Photometric,
      samplesPerPixel >= 3 ? PHOTOMETRIC.RGB : PHOTOMETRIC.MinIsBlack,
    ),
    samplesPerPixel,
    bitsPerSample,
    planar: await parser.number(ifd, TAG.PlanarConfiguration, 1),
    predictor: await parser.number(ifd, TAG.Predictor, 1),
    description: (await parser.ascii(ifd, TAG.ImageDescription, 64 * 1024)) ?? '',
    subIfds: index === 0 ? Array.from((await parser.numbers(ifd, TAG.SubIFDs, 1024)) ?? []) : [],
  };
}

/** Why this image cannot be shown, or null when it can. */
function unsupportedReason(im: ImageInfo): string | null {
  if (JPEG2000.has(im.compression)) {
    return `JPEG 2000 compressed slides are not supported (compression ${im.compression})`;
  }
  if (!SUPPORTED.has(im.compression)) return `TIFF compression ${im.compression} is not supported`;
  if (im.bitsPerSample !== 8) return `${im.bitsPerSample}-bit images are not supported`;
  if (im.planar !== 1 && im.samplesPerPixel > 1) return 'Separate colour planes are not supported';
  if (im.compression === COMPRESSION.JPEG) {
    if (im.samplesPerPixel !== 3 && im.samplesPerPixel !== 1)
      return 'JPEG with this number of channels is not supported';
    return null;
  }
  if (![1, 3, 4].includes(im.samplesPerPixel)) return 'This number of channels is not supported';
  if (
    im.photometric !== PHOTOMETRIC.RGB &&
    im.photometric !== PHOTOMETRIC.MinIsBlack &&
    im.photometric !== PHOTOMETRIC.MinIsWhite
  ) {
    return `Photometric interpretation ${im.photometric} is not supported`;
  }
  if (im.predictor !== 1 && im.predictor !== 2)
    return `TIFF predictor ${im.predictor} is not supported`;
  return null;
}

function checkSupported(im: ImageInfo): void {
  const reason = unsupportedReason(im);
  if (reason) throw new WorkstationError('unsupported', reason);
}

function isUsable(im: ImageInfo): boolean {
  return unsupportedReason(im) === null;
}

/** A lower-resolution copy of level 0: same aspect ratio within rounding. */
function isReduction(first: ImageInfo, im: ImageInfo): boolean {
  const ds = first.width / im.width;
  return Math.abs(first.height / ds - im.height) <= Math.max(2, im.height * 0.02);
}

/** Tile or strip offsets and byte counts, validated against the file. */
async function readChunks(parser: TiffParser, info: ImageInfo): Promise<Chunks> {
  const across = Math.ceil(info.width / info.chunkWidth);
  const down = Math.ceil(info.height / info.chunkHeight);
  const expected = across * down;
  if (expected > MAX_ARRAY_COUNT) throw corrupt('The image has too many tiles');
  const offsetsTag = info.tiled ? TAG.TileOffsets : TAG.StripOffsets;
  const countsTag = info.tiled ? TAG.TileByteCounts : TAG.StripByteCounts;
  const offsets = await parser.numbers(info.ifd, offsetsTag, MAX_ARRAY_COUNT);
  const counts = await parser.numbers(info.ifd, countsTag, MAX_ARRAY_COUNT);
  if (!offsets || !counts) throw corrupt('An image has no tile or strip table');
  if (offsets.length < expected || counts.length < expected)
    throw corrupt('A tile table is shorter than the tile grid');
  const size = parser.source.size;
  for (let i = 0; i < expected; i++) {
    const o = offsets[i] ?? 0;
    const n = counts[i] ?? 0;
    if (n > MAX_CHUNK_BYTES) throw corrupt('A tile is implausibly large');
    if (n > 0 && o + n > size)
      throw corrupt('The file is truncated: tile data lies beyond its end');
  }
  let jpegTables: Uint8Array | undefined;
  if (info.compression === COMPRESSION.JPEG && info.ifd.entries.has(TAG.JPEGTables)) {
    jpegTables = (await parser.valueBytes(info.ifd, TAG.JPEGTables, MAX_JPEG_TABLES)) ?? undefined;
  }
  return {
    offsets: offsets.subarray(0, expected),
    counts: counts.subarray(0, expected),
    jpegTables,
  };
}

function aperioScale(description: string): Pick<SlideMetadata, 'mpp' | 'objectivePower'> {
  const fields = new Map<string, string>();
  for (const part of description.split('|').slice(1)) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const mpp = Number(fields.get('MPP'));
  const mag = Number(fields.get('AppMag'));
  return {
    mpp: Number.isFinite(mpp) && mpp > 0 && mpp < 1000 ? { x: mpp, y: mpp } : null,
    objectivePower: Number.isFinite(mag) && mag > 0 && mag < 1000 ? mag : null,
  };
}

/** A plausible level-0 pixel size in µm: rejects 72/96/300 dpi defaults of office software. */
const MAX_PLAUSIBLE_MPP = 50;

async function resolutionScale(
  parser: TiffParser,
  im: ImageInfo,
): Promise<Pick<SlideMetadata, 'mpp' | 'objectivePower'>> {
  const unit = im.ifd.entries.has(TAG.ResolutionUnit)
    ? await parser.number(im.ifd, TAG.ResolutionUnit, 0)
    : 0;
  const perUnit =
    unit === RESOLUTION_UNIT.Centimeter ? 1e4 : unit === RESOLUTION_UNIT.Inch ? 25400 : 0;
  const xres = await parser.rational(im.ifd, TAG.XResolution);
  const yres = await parser.rational(im.ifd, TAG.YResolution);
  if (!perUnit || !xres || !yres) return { mpp: null, objectivePower: null };
  const x = perUnit / xres;
  const y = perUnit / yres;
  const ok = (v: number) => Number.isFinite(v) && v > 0 && v <= MAX_PLAUSIBLE_MPP;
  return { mpp: ok(x) && ok(y) ? { x, y } : null, objectivePower: null };
}

/** sha256 over size, the first 64 KiB and level 0's tile table: cheap and path-independent. */
async function computeIdentity(source: ByteSource, level0: Chunks): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`size:${source.size};`);
  hash.update(await source.read(0, Math.min(IDENTITY_PREFIX, source.size)));
  hash.update(
    new Uint8Array(level0.offsets.buffer, level0.offsets.byteOffset, level0.offsets.byteLength),
  );
  hash.update(
    new Uint8Array(level0.counts.buffer, level0.counts.byteOffset, level0.counts.byteLength),
  );
  return `tiff:${hash.digest('hex')}`;
}
