/**
 * A compact, defensive TIFF/BigTIFF directory parser.
 *
 * Why not geotiff (v3, checked and not a dependency)? Its IFD parser allocates typed arrays straight from the
 * counts found in the file (`new Uint32Array(count)` for a count up to 2^32, or 2^64 in
 * BigTIFF), asks its source for `entries × 20` bytes before checking them against the file
 * size, and follows the IFD chain without cycle detection (a file whose last IFD points
 * back at the first never finishes `getImageCount`). A slide reader opens files from
 * anywhere, so every count here is checked against the file size and a hard cap before
 * anything is allocated, the chain is bounded and cycle-checked, and values are read
 * lazily, tag by tag, through a ByteSource (no whole-file reads). Tile bytes are located
 * here and read verbatim by the slide reader, so JPEG tiles pass through byte for byte.
 */
import { WorkstationError } from '../../../common/errors';
import type { ByteSource } from './byteSource';
import { MAX_TILES_PER_LEVEL } from '../limits';
import { FIELD_TYPE, FIELD_TYPE_SIZE } from './tiffTags';

/** More IFDs than any slide format uses (Aperio: ~6, OME-TIFF pyramids: tens). */
export const MAX_IFDS = 1024;
/** Entries per IFD; real files have fewer than 100. */
export const MAX_ENTRIES = 4096;
/** Values per array tag we accept: the tile table of the largest level (../limits.ts). */
export const MAX_ARRAY_COUNT = MAX_TILES_PER_LEVEL;

export interface TiffEntry {
  tag: number;
  type: number;
  count: number;
  /** Bytes of the value when it fits in the entry, else null. */
  inline: Uint8Array | null;
  /** File offset of the value when it does not fit in the entry, else -1. */
  valueOffset: number;
}

export interface Ifd {
  /** File offset of the directory (also its identity). */
  offset: number;
  entries: Map<number, TiffEntry>;
}

export function corrupt(message: string): WorkstationError {
  return new WorkstationError('corrupt', message);
}

export class TiffParser {
  private constructor(
    readonly source: ByteSource,
    readonly littleEndian: boolean,
    readonly bigtiff: boolean,
    readonly firstIfd: number,
  ) {}

  /** Reads the header. Throws 'corrupt' when the bytes are not TIFF at all. */
  static async open(source: ByteSource): Promise<TiffParser> {
    if (source.size < 8) throw corrupt('Not a TIFF file (too short)');
    const head = await source.read(0, Math.min(16, source.size));
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const order = view.getUint16(0, false);
    if (order !== 0x4949 && order !== 0x4d4d) throw corrupt('Not a TIFF file');
    const le = order === 0x4949;
    const version = view.getUint16(2, le);
    if (version === 42) return new TiffParser(source, le, false, view.getUint32(4, le));
    if (version === 43) {
      if (head.length < 16 || view.getUint16(4, le) !== 8 || view.getUint16(6, le) !== 0) {
        throw corrupt('Invalid BigTIFF header');
      }
      return new TiffParser(source, le, true, toSafe(view.getBigUint64(8, le)));
    }
    throw corrupt('Not a TIFF file');
  }

  /** The main IFD chain, bounded and cycle-checked. */
  async readChain(): Promise<Ifd[]> {
    const ifds: Ifd[] = [];
    const seen = new Set<number>();
    let offset = this.firstIfd;
    while (offset !== 0) {
      if (seen.has(offset)) break; // a loop back: the chain ends here
      if (ifds.length >= MAX_IFDS) throw corrupt('Too many image directories');
      seen.add(offset);
      const { ifd, next } = await this.readIfd(offset);
      ifds.push(ifd);
      offset = next;
    }
    if (ifds.length === 0) throw corrupt('The TIFF file has no image');
    return ifds;
  }

  async readIfd(offset: number): Promise<{ ifd: Ifd; next: number }> {
    const countSize = this.bigtiff ? 8 : 2;
    const entrySize = this.bigtiff ? 20 : 12;
    const valueSize = this.bigtiff ? 8 : 4;
    if (offset < (this.bigtiff ? 16 : 8) || offset + countSize > this.source.size) {
      throw corrupt('The file is truncated or damaged: an image directory lies outside it');
    }
    const countBytes = await this.source.read(offset, countSize);
    const countView = view(countBytes);
    const n = this.bigtiff
      ? toSafe(countView.getBigUint64(0, this.littleEndian))
      : countView.getUint16(0, this.littleEndian);
    if (n === 0 || n > MAX_ENTRIES)
      throw corrupt('An image directory has an invalid number of entries');
    const body = await this.source.read(offset + countSize, n * entrySize + valueSize);
    const v = view(body);
    const entries = new Map<number, TiffEntry>();
    for (let i = 0; i < n; i++) {
      const p = i * entrySize;
      const tag = v.getUint16(p, this.littleEndian);
      const type = v.getUint16(p + 2, this.littleEndian);
      const count = this.bigtiff
        ? toSafe(v.getBigUint64(p + 4, this.littleEndian))
        : v.getUint32(p + 4, this.littleEndian);
      const typeSize = FIELD_TYPE_SIZE[type];
      if (typeSize === undefined) continue; // unknown type: ignore the entry, as libtiff does
      const size = count * typeSize;
      const valuePos = p + (this.bigtiff ? 12 : 8);
      if (size <= valueSize) {
        entries.set(tag, {
          tag,
          type,
          count,
          inline: body.subarray(valuePos, valuePos + size),
          valueOffset: -1,
        });
      } else {
        const valueOffset = this.bigtiff
          ? toSafe(v.getBigUint64(valuePos, this.littleEndian))
          : v.getUint32(valuePos, this.littleEndian);
        entries.set(tag, { tag, type, count, inline: null, valueOffset });
      }
    }
    const nextPos = n * entrySize;
    const next = this.bigtiff
      ? toSafe(v.getBigUint64(nextPos, this.littleEndian))
      : v.getUint32(nextPos, this.littleEndian);
    return { ifd: { offset, entries }, next };
  }

  /** Raw value bytes of a tag, at most `maxBytes` (more is 'corrupt'); null when absent. */
  async valueBytes(ifd: Ifd, tag: number, maxBytes: number): Promise<Uint8Array | null> {
    const e = ifd.entries.get(tag);
    if (!e) return null;
    if (e.inline) return e.inline;
    const size = e.count * (FIELD_TYPE_SIZE[e.type] ?? 1);
    if (size > maxBytes) throw corrupt(`Tag ${tag} is implausibly large`);
    if (e.valueOffset + size > this.source.size)
      throw corrupt(`Tag ${tag} points outside the file`);
    return this.source.read(e.valueOffset, size);
  }

  /** Text of an ASCII tag, truncated to `maxBytes` (descriptions may be long XML). */
  async ascii(ifd: Ifd, tag: number, maxBytes = 1 << 20): Promise<string | null> {
    const e = ifd.entries.get(tag);
    if (
      !e ||
      (e.type !== FIELD_TYPE.ASCII && e.type !== FIELD_TYPE.BYTE && e.type !== FIELD_TYPE.UNDEFINED)
    )
      return null;
    let bytes: Uint8Array;
    if (e.inline) bytes = e.inline;
    else {
      if (e.valueOffset + e.count > this.source.size)
        throw corrupt(`Tag ${tag} points outside the file`);
      bytes = await this.source.read(e.valueOffset, Math.min(e.count, maxBytes));
    }
    const nul = bytes.indexOf(0);
    return new TextDecoder('latin1').decode(nul >= 0 ? bytes.subarray(0, nul) : bytes);
  }

  /**
   * Unsigned integer values (BYTE, SHORT, LONG, LONG8, IFD, IFD8). At most `maxCount`
   * values are accepted; more is 'corrupt'. Null when the tag is absent.
   */
  async numbers(ifd: Ifd, tag: number, maxCount: number): Promise<Float64Array | null> {
    const e = ifd.entries.get(tag);
    if (!e) return null;
    if (e.count > maxCount) throw corrupt(`Tag ${tag} has too many values`);
    const size = FIELD_TYPE_SIZE[e.type] ?? 0;
    const bytes = await this.valueBytes(ifd, tag, maxCount * 8);
    if (!bytes) return null;
    const v = view(bytes);
    const le = this.littleEndian;
    const out = new Float64Array(e.count);
    for (let i = 0; i < e.count; i++) {
      const p = i * size;
      switch (e.type) {
        case FIELD_TYPE.BYTE:
        case FIELD_TYPE.UNDEFINED:
          out[i] = v.getUint8(p);
          break;
        case FIELD_TYPE.SHORT:
          out[i] = v.getUint16(p, le);
          break;
        case FIELD_TYPE.LONG:
        case FIELD_TYPE.IFD:
          out[i] = v.getUint32(p, le);
          break;
        case FIELD_TYPE.LONG8:
        case FIELD_TYPE.IFD8:
          out[i] = toSafe(v.getBigUint64(p, le));
          break;
        default:
          throw corrupt(`Tag ${tag} has an unexpected type ${e.type}`);
      }
    }
    return out;
  }

  /** First value of an integer tag, or `fallback` when absent. */
  async number(ifd: Ifd, tag: number, fallback: number): Promise<number> {
    const values = await this.numbers(ifd, tag, 64);
    return values?.[0] ?? fallback;
  }

  /** First value of a RATIONAL (or integer/float) tag as a number; null when absent or 0/0. */
  async rational(ifd: Ifd, tag: number): Promise<number | null> {
    const e = ifd.entries.get(tag);
    if (!e || e.count < 1) return null;
    const bytes = await this.valueBytes(ifd, tag, 64 * 8);
    if (!bytes) return null;
    const v = view(bytes);
    const le = this.littleEndian;
    switch (e.type) {
      case FIELD_TYPE.RATIONAL: {
        const den = v.getUint32(4, le);
        return den === 0 ? null : v.getUint32(0, le) / den;
      }
      case FIELD_TYPE.FLOAT:
        return v.getFloat32(0, le);
      case FIELD_TYPE.DOUBLE:
        return v.getFloat64(0, le);
      case FIELD_TYPE.SHORT:
        return v.getUint16(0, le);
      case FIELD_TYPE.LONG:
        return v.getUint32(0, le);
      default:
        return null;
    }
  }
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A 64-bit value as a number; values beyond 2^53 cannot be valid offsets or counts. */
function toSafe(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('A 64-bit value is out of range');
  return Number(v);
}
