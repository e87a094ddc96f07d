/**
 * One tile's or strip's pixels encoded as the TIFF's compression asks (tiffWriter.ts):
 * JPEG by sharp, LZW with or without the horizontal predictor, Deflate, or raw.
 */
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { JpegOptions } from 'sharp';
import { lzwEncode } from '../sources/tiff/lzw';
import { COMPRESSION } from '../sources/tiff/tiffTags';
import type { Plan, TiffCompressionName } from './tiffPlan';

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

export async function encodeTile(plan: Plan, raw: Uint8Array, size: number): Promise<Uint8Array> {
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

export function compressionCode(c: TiffCompressionName): number {
  return {
    jpeg: COMPRESSION.JPEG,
    lzw: COMPRESSION.LZW,
    deflate: COMPRESSION.AdobeDeflate,
    none: COMPRESSION.None,
  }[c];
}
