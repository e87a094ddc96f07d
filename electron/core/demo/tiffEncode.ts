/**
 * Low-level TIFF/BigTIFF writer (little-endian). An IFD is a list of fields plus an
 * optional run of payload chunks (tiles or strips) whose offsets and byte counts are
 * filled into two tags. Payloads are written before their IFD, so a file can be streamed
 * to disk one level at a time with bounded memory; IFD "next" links are patched in place.
 *
 * Used by the fixture generator, the demo library and tests (including the fuzz test,
 * which needs hand-made and broken files), so it writes whatever fields it is given.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { FIELD_TYPE, TAG } from '../sources/tiff/tiffTags';

export type TiffFieldType =
  'byte' | 'ascii' | 'short' | 'long' | 'rational' | 'undefined' | 'long8' | 'double';

export interface TiffField {
  tag: number;
  type: TiffFieldType;
  /** Numbers (rationals as [num, den, num, den...]), a string (ascii) or raw bytes. */
  value: readonly number[] | string | Uint8Array;
}

export type ChunkSource = Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

export interface TiffIfdSpec {
  fields: TiffField[];
  /** Tiles (row-major) or strips, written before the IFD. */
  data?: { offsetsTag: number; byteCountsTag: number; chunks: ChunkSource };
  /** Written as a SubIFDs (330) tag of this IFD, not in the main chain. */
  subIfds?: TiffIfdSpec[];
}

export interface EncodeOptions {
  bigtiff: boolean;
}

const TYPE_CODE: Record<TiffFieldType, number> = {
  byte: FIELD_TYPE.BYTE,
  ascii: FIELD_TYPE.ASCII,
  short: FIELD_TYPE.SHORT,
  long: FIELD_TYPE.LONG,
  rational: FIELD_TYPE.RATIONAL,
  undefined: FIELD_TYPE.UNDEFINED,
  long8: FIELD_TYPE.LONG8,
  double: FIELD_TYPE.DOUBLE,
};

/** A write target that can append and later patch bytes it already wrote. */
interface Sink {
  readonly position: number;
  write(bytes: Uint8Array): Promise<void>;
  patch(position: number, bytes: Uint8Array): Promise<void>;
}

class MemorySink implements Sink {
  private chunks: Uint8Array[] = [];
  private patches: { position: number; bytes: Uint8Array }[] = [];
  position = 0;
  write(bytes: Uint8Array): Promise<void> {
    this.chunks.push(bytes);
    this.position += bytes.length;
    return Promise.resolve();
  }
  patch(position: number, bytes: Uint8Array): Promise<void> {
    this.patches.push({ position, bytes });
    return Promise.resolve();
  }
  result(): Uint8Array {
    const out = new Uint8Array(this.position);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    for (const p of this.patches) out.set(p.bytes, p.position);
    return out;
  }
}

/** Buffers appends (4 MiB) and flushes them with one positional write. */
class FileSink implements Sink {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private flushed = 0;
  position = 0;
  constructor(private readonly fh: FileHandle) {}
  async write(bytes: Uint8Array): Promise<void> {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    this.position += bytes.length;
    if (this.pendingBytes >= 4 << 20) await this.flush();
  }
  async patch(position: number, bytes: Uint8Array): Promise<void> {
    if (position + bytes.length > this.flushed) await this.flush();
    await this.fh.write(bytes, 0, bytes.length, position);
  }
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunks = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    await this.fh.writev(chunks, this.flushed);
    for (const c of chunks) this.flushed += c.length;
  }
}

/** Encodes a whole TIFF in memory. */
export async function encodeTiff(
  ifds: readonly TiffIfdSpec[] | AsyncIterable<TiffIfdSpec>,
  options: EncodeOptions,
): Promise<Uint8Array> {
  const sink = new MemorySink();
  await writeAll(sink, ifds, options);
  return sink.result();
}

/** Streams a TIFF to `path` (overwriting it); returns the file size. */
export async function writeTiffFile(
  path: string,
  ifds: readonly TiffIfdSpec[] | AsyncIterable<TiffIfdSpec>,
  options: EncodeOptions,
): Promise<number> {
  const fh = await open(path, 'w');
  try {
    const sink = new FileSink(fh);
    await writeAll(sink, ifds, options);
    await sink.flush();
    return sink.position;
  } finally {
    await fh.close();
  }
}

async function writeAll(
  sink: Sink,
  ifds: readonly TiffIfdSpec[] | AsyncIterable<TiffIfdSpec>,
  { bigtiff }: EncodeOptions,
): Promise<void> {
  const header = new DataView(new ArrayBuffer(bigtiff ? 16 : 8));
  header.setUint16(0, 0x4949, true); // "II": little-endian
  header.setUint16(2, bigtiff ? 43 : 42, true);
  if (bigtiff) {
    header.setUint16(4, 8, true); // offset size
    header.setUint16(6, 0, true);
  }
  await sink.write(new Uint8Array(header.buffer));
  let linkPosition = bigtiff ? 8 : 4;
  for await (const spec of ifds) {
    const { offset, nextLinkPosition } = await writeIfd(sink, spec, bigtiff);
    await sink.patch(linkPosition, encodeOffset(offset, bigtiff));
    linkPosition = nextLinkPosition;
  }
}

function encodeOffset(offset: number, bigtiff: boolean): Uint8Array {
  const view = new DataView(new ArrayBuffer(bigtiff ? 8 : 4));
  if (bigtiff) view.setBigUint64(0, BigInt(offset), true);
  else {
    if (offset > 0xffffffff) throw new RangeError('classic TIFF cannot exceed 4 GiB: use BigTIFF');
    view.setUint32(0, offset, true);
  }
  return new Uint8Array(view.buffer);
}

async function align(sink: Sink): Promise<void> {
  if (sink.position % 2 !== 0) await sink.write(new Uint8Array(1));
}

async function writeIfd(
  sink: Sink,
  spec: TiffIfdSpec,
  bigtiff: boolean,
): Promise<{ offset: number; nextLinkPosition: number }> {
  const extra: TiffField[] = [];
  if (spec.subIfds && spec.subIfds.length > 0) {
    const offsets: number[] = [];
    for (const sub of spec.subIfds) offsets.push((await writeIfd(sink, sub, bigtiff)).offset);
    extra.push({ tag: TAG.SubIFDs, type: bigtiff ? 'long8' : 'long', value: offsets });
  }
  if (spec.data) {
    const offsets: number[] = [];
    const counts: number[] = [];
    for await (const chunk of spec.data.chunks) {
      offsets.push(sink.position);
      counts.push(chunk.length);
      await sink.write(chunk);
    }
    const type: TiffFieldType = bigtiff ? 'long8' : 'long';
    extra.push({ tag: spec.data.offsetsTag, type, value: offsets });
    extra.push({ tag: spec.data.byteCountsTag, type, value: counts });
  }
  // Read after the payload is written: a producer may add fields (JPEGTables) as it goes.
  const fields = [...spec.fields, ...extra];
  fields.sort((a, b) => a.tag - b.tag);

  const inlineSize = bigtiff ? 8 : 4;
  const entrySize = bigtiff ? 20 : 12;
  const encoded = fields.map((f) => ({ field: f, ...encodeValue(f) }));
  // Out-of-line values first, so the IFD can point back at them.
  const valueOffsets: number[] = [];
  for (const e of encoded) {
    if (e.bytes.length > inlineSize) {
      await align(sink);
      valueOffsets.push(sink.position);
      await sink.write(e.bytes);
    } else valueOffsets.push(-1);
  }
  await align(sink);
  const offset = sink.position;
  const countSize = bigtiff ? 8 : 2;
  const size = countSize + encoded.length * entrySize + inlineSize;
  const view = new DataView(new ArrayBuffer(size));
  const bytes = new Uint8Array(view.buffer);
  if (bigtiff) view.setBigUint64(0, BigInt(encoded.length), true);
  else view.setUint16(0, encoded.length, true);
  encoded.forEach((e, i) => {
    const p = countSize + i * entrySize;
    view.setUint16(p, e.field.tag, true);
    view.setUint16(p + 2, TYPE_CODE[e.field.type], true);
    if (bigtiff) view.setBigUint64(p + 4, BigInt(e.count), true);
    else view.setUint32(p + 4, e.count, true);
    const valuePos = p + (bigtiff ? 12 : 8);
    const outOfLine = valueOffsets[i] ?? -1;
    if (outOfLine >= 0) bytes.set(encodeOffset(outOfLine, bigtiff), valuePos);
    else bytes.set(e.bytes, valuePos);
  });
  await sink.write(bytes);
  return { offset, nextLinkPosition: offset + size - inlineSize };
}

function encodeValue(field: TiffField): { bytes: Uint8Array; count: number } {
  const { type, value } = field;
  if (type === 'ascii') {
    const text = typeof value === 'string' ? value : '';
    const bytes = new TextEncoder().encode(`${text}\0`);
    return { bytes, count: bytes.length };
  }
  if (value instanceof Uint8Array) return { bytes: value, count: value.length };
  if (typeof value === 'string')
    throw new TypeError(`tag ${field.tag}: string value for non-ascii type`);
  const n = value.length;
  switch (type) {
    case 'byte':
    case 'undefined':
      return { bytes: Uint8Array.from(value), count: n };
    case 'short': {
      const v = new DataView(new ArrayBuffer(n * 2));
      value.forEach((x, i) => v.setUint16(i * 2, x, true));
      return { bytes: new Uint8Array(v.buffer), count: n };
    }
    case 'long': {
      const v = new DataView(new ArrayBuffer(n * 4));
      value.forEach((x, i) => {
        if (x > 0xffffffff)
          throw new RangeError(`tag ${field.tag}: ${x} does not fit a LONG (use BigTIFF)`);
        v.setUint32(i * 4, x, true);
      });
      return { bytes: new Uint8Array(v.buffer), count: n };
    }
    case 'rational': {
      const v = new DataView(new ArrayBuffer(n * 4));
      value.forEach((x, i) => v.setUint32(i * 4, x, true));
      return { bytes: new Uint8Array(v.buffer), count: n / 2 };
    }
    case 'long8': {
      const v = new DataView(new ArrayBuffer(n * 8));
      value.forEach((x, i) => v.setBigUint64(i * 8, BigInt(x), true));
      return { bytes: new Uint8Array(v.buffer), count: n };
    }
    case 'double': {
      const v = new DataView(new ArrayBuffer(n * 8));
      value.forEach((x, i) => v.setFloat64(i * 8, x, true));
      return { bytes: new Uint8Array(v.buffer), count: n };
    }
  }
}

/** A rational close to `x` (denominator 1000 or less, numerator within 32 bits). */
export function rational(x: number): [number, number] {
  let den = 1000;
  while (den > 1 && x * den > 0xffffffff) den = Math.floor(den / 10);
  return [Math.round(x * den), den];
}
