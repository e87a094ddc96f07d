/**
 * Decoding of TIFF tiles and strips that are not JPEG (none, LZW, deflate), and of JPEG
 * pieces when a whole image must be assembled (associated images, thumbnails). Output
 * sizes are known in advance and capped, so hostile data cannot grow an allocation.
 */
import { inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { WorkstationError } from '../../../common/errors';
import { lzwDecode } from './lzw';
import { COMPRESSION } from './tiffTags';
import { MAX_DECODED_BYTES } from '../limits';

// Shared with the DICOM reader (../limits.ts); re-exported for the TIFF modules and tests.
export { MAX_ASSEMBLED_PIXELS, MAX_DECODED_BYTES } from '../limits';

/** Decodes `expected` bytes of 8-bit interleaved samples; 'corrupt' if the data is short. */
export function decodeSamples(
  data: Uint8Array,
  compression: number,
  expected: number,
  predictor: number,
  rowWidth: number,
  samples: number,
): Uint8Array {
  if (expected > MAX_DECODED_BYTES)
    throw new WorkstationError('corrupt', 'A tile or strip is implausibly large');
  let out: Uint8Array;
  switch (compression) {
    case COMPRESSION.None:
      out = data.subarray(0, expected);
      break;
    case COMPRESSION.LZW:
      out = lzwDecode(data, expected);
      break;
    case COMPRESSION.AdobeDeflate:
    case COMPRESSION.Deflate:
      try {
        out = inflateSync(data, { maxOutputLength: Math.max(expected, 1) });
      } catch {
        // zlib refuses truncated input and output beyond the cap alike.
        throw new WorkstationError('corrupt', 'A deflate-compressed tile cannot be decoded');
      }
      break;
    default:
      throw new WorkstationError('unsupported', `Compression ${compression} is not supported`);
  }
  if (out.length < expected) throw new WorkstationError('corrupt', 'A tile or strip is truncated');
  if (predictor === 2) {
    // Horizontal differencing: undo in place on a copy (never alter the caller's buffer).
    const copy = Buffer.from(out.subarray(0, expected));
    const rowBytes = rowWidth * samples;
    for (let row = 0; row + rowBytes <= copy.length; row += rowBytes) {
      for (let i = row + samples; i < row + rowBytes; i++)
        copy[i] = ((copy[i] ?? 0) + (copy[i - samples] ?? 0)) & 0xff;
    }
    return copy;
  }
  return out.subarray(0, expected);
}

/** Converts 8-bit samples (1 grey, 3 RGB, 4 RGBA; MinIsWhite inverted) to RGB. */
export function toRgb(
  samples: Uint8Array,
  pixels: number,
  spp: number,
  minIsWhite: boolean,
): Uint8Array {
  if (spp === 3 && !minIsWhite) return samples;
  const out = Buffer.allocUnsafe(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    if (spp >= 3) {
      out[p * 3] = samples[p * spp] ?? 0;
      out[p * 3 + 1] = samples[p * spp + 1] ?? 0;
      out[p * 3 + 2] = samples[p * spp + 2] ?? 0;
    } else {
      const v = samples[p * spp] ?? 0;
      const g = minIsWhite ? 255 - v : v;
      out[p * 3] = g;
      out[p * 3 + 1] = g;
      out[p * 3 + 2] = g;
    }
  }
  return out;
}

/** Decodes a standalone JPEG to RGB with a pixel cap; 'corrupt' when it cannot be decoded. */
export async function decodeJpegRgb(
  jpeg: Uint8Array,
  maxPixels: number,
): Promise<{ data: Uint8Array; width: number; height: number }> {
  try {
    const { data, info } = await sharp(jpeg, { limitInputPixels: maxPixels, failOn: 'error' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error('unexpected channels');
    return { data, width: info.width, height: info.height };
  } catch {
    throw new WorkstationError('corrupt', 'A JPEG image in the file cannot be decoded');
  }
}

/** Encodes RGB pixels as a tile or associated image. */
export async function encodeRgb(
  data: Uint8Array,
  width: number,
  height: number,
  as: 'jpeg' | 'png',
): Promise<Uint8Array> {
  const img = sharp(data, { raw: { width, height, channels: 3 } });
  const buf =
    as === 'jpeg'
      ? await img.jpeg({ quality: 90 }).toBuffer()
      : await img.png({ compressionLevel: 6 }).toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

const blankCache = new Map<string, Promise<Uint8Array>>();

/** White tile for sparse tiles (byte count 0): the scanner skipped empty glass there. */
export function blankJpeg(width: number, height: number): Promise<Uint8Array> {
  const key = `${width}x${height}`;
  let p = blankCache.get(key);
  if (!p) {
    p = encodeRgb(Buffer.alloc(width * height * 3, 255), width, height, 'jpeg');
    blankCache.set(key, p);
  }
  return p;
}
