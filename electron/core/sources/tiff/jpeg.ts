/**
 * JPEG marker surgery used by TIFF files: splitting a JPEG into shared tables plus an
 * "abbreviated" stream (how Aperio and libtiff store tiles with a JPEGTables tag), and
 * the reverse, merging the tables back so that a tile is a standalone JPEG a browser can
 * show. Only marker segments before the scan are touched; entropy-coded data is copied
 * byte for byte.
 */

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const DQT = 0xdb;
const DHT = 0xc4;
const APP0 = 0xe0;
const APP14 = 0xee;

export interface JpegSegment {
  marker: number;
  /** Offset of the 0xFF that starts the marker. */
  start: number;
  /** Offset just past the segment (for SOS: just past its header). */
  end: number;
}

/**
 * Marker segments from SOI up to and including SOS (or EOI for a tables-only stream).
 * Returns null when the bytes are not a well-formed JPEG header.
 */
export function jpegHeaderSegments(bytes: Uint8Array): JpegSegment[] | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) return null;
  const segments: JpegSegment[] = [{ marker: SOI, start: 0, end: 2 }];
  let p = 2;
  while (p + 1 < bytes.length) {
    if (bytes[p] !== 0xff) return null;
    let q = p + 1;
    while (q < bytes.length && bytes[q] === 0xff) q++; // fill bytes
    const marker = bytes[q];
    if (marker === undefined) return null;
    const start = q - 1;
    if (marker === EOI) {
      segments.push({ marker, start, end: q + 1 });
      return segments;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      segments.push({ marker, start, end: q + 1 });
      p = q + 1;
      continue;
    }
    if (q + 2 >= bytes.length) return null;
    const len = ((bytes[q + 1] ?? 0) << 8) | (bytes[q + 2] ?? 0);
    if (len < 2 || q + 1 + len > bytes.length) return null;
    const end = q + 1 + len;
    segments.push({ marker, start, end });
    if (marker === SOS) return segments;
    p = end;
  }
  return null;
}

export interface SplitJpeg {
  /** SOI, the DQT and DHT segments, EOI: the content of a TIFF JPEGTables tag. */
  tables: Uint8Array;
  /** The JPEG without its DQT and DHT segments. */
  abbreviated: Uint8Array;
}

/** Splits a baseline JPEG into its tables and an abbreviated stream. */
export function splitJpegTables(jpeg: Uint8Array): SplitJpeg {
  const segments = jpegHeaderSegments(jpeg);
  const sos = segments?.at(-1);
  if (!segments || sos?.marker !== SOS) throw new Error('not a baseline JPEG stream');
  const tableParts: Uint8Array[] = [Uint8Array.of(0xff, SOI)];
  const keepParts: Uint8Array[] = [Uint8Array.of(0xff, SOI)];
  for (const s of segments.slice(1)) {
    const part = jpeg.subarray(s.start, s.end);
    if (s.marker === DQT || s.marker === DHT) tableParts.push(part);
    else if (s.marker !== SOS) keepParts.push(part);
  }
  tableParts.push(Uint8Array.of(0xff, EOI));
  keepParts.push(jpeg.subarray(sos.start));
  return { tables: concatBytes(tableParts), abbreviated: concatBytes(keepParts) };
}

/**
 * Adobe APP14 with transform 0: tells decoders that the three components are R, G, B and
 * not Y, Cb, Cr. TIFF JPEG tiles with Photometric RGB carry no colour marker at all, so a
 * browser would otherwise decode them as YCbCr (OpenSlide and libtiff do the same fix).
 */
const ADOBE_APP14_RGB = Uint8Array.of(
  0xff,
  APP14,
  0x00,
  0x0e,
  0x41, // "Adobe"
  0x64,
  0x6f,
  0x62,
  0x65,
  0x00,
  0x64, // version 100
  0x00,
  0x00, // flags0
  0x00,
  0x00, // flags1
  0x00, // transform 0: no colour transform (RGB)
);

export interface MergeOptions {
  /** The content of the TIFF JPEGTables tag, if any. */
  tables?: Uint8Array | undefined;
  /** The components are RGB (TIFF Photometric RGB): add an Adobe APP14 marker. */
  rgb?: boolean;
}

/**
 * Turns a TIFF JPEG tile into a standalone JPEG: the tables go right after SOI (without
 * their own SOI/EOI), and for RGB tiles an Adobe marker is added. The tile's own bytes,
 * including any tables it carries (which take precedence), are kept unchanged.
 * Returns null when the tile or the tables are not JPEG.
 */
export function mergeJpegTables(tile: Uint8Array, options: MergeOptions): Uint8Array | null {
  const segments = jpegHeaderSegments(tile);
  if (!segments) return null;
  const parts: Uint8Array[] = [tile.subarray(0, 2)];
  const hasColourMarker = segments.some(
    (s) => s.marker === APP14 || (s.marker === APP0 && isJfif(tile, s)),
  );
  if (options.rgb && !hasColourMarker) parts.push(ADOBE_APP14_RGB);
  if (options.tables && options.tables.length > 0) {
    const tableSegments = jpegHeaderSegments(options.tables);
    if (!tableSegments) return null;
    for (const s of tableSegments) {
      if (s.marker === DQT || s.marker === DHT) parts.push(options.tables.subarray(s.start, s.end));
    }
  }
  if (parts.length === 1) return tile;
  parts.push(tile.subarray(2));
  return concatBytes(parts);
}

function isJfif(bytes: Uint8Array, s: JpegSegment): boolean {
  return (
    s.end - s.start >= 9 &&
    bytes[s.start + 4] === 0x4a &&
    bytes[s.start + 5] === 0x46 &&
    bytes[s.start + 6] === 0x49 &&
    bytes[s.start + 7] === 0x46
  );
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
