/**
 * Recognises the images a report takes (PNG and JPEG) by their magic bytes, not by what the
 * caller says, and reads their size from the header (no decoding).
 */
import { WorkstationError } from '../../common/errors';

export interface ImageInfo {
  mimeType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function bad(message: string): never {
  throw new WorkstationError('invalid_argument', message);
}

function png(bytes: Uint8Array): ImageInfo {
  // Signature, then the IHDR chunk: length (4), "IHDR", width (4), height (4).
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR')
    bad('The PNG image has no header (IHDR).');
  return { mimeType: 'image/png', width: view.getUint32(16), height: view.getUint32(20) };
}

/** Start-of-frame markers (baseline, progressive, lossless...), not DHT (C4), JPG (C8), DAC (CC). */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpeg(bytes: Uint8Array): ImageInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) bad('The JPEG image is malformed.');
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break;
    const length = view.getUint16(at + 2);
    if (SOF.has(marker)) {
      if (at + 9 > bytes.length) break;
      return {
        mimeType: 'image/jpeg',
        height: view.getUint16(at + 5),
        width: view.getUint16(at + 7),
      };
    }
    at += 2 + length;
  }
  return bad('The JPEG image has no frame header.');
}

export function sniffImage(bytes: Uint8Array): ImageInfo {
  let info: ImageInfo;
  if (bytes.length >= 8 && PNG_MAGIC.every((b, i) => bytes[i] === b)) info = png(bytes);
  else if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    info = jpeg(bytes);
  else return bad('A snapshot must be a PNG or JPEG image.');
  if (info.width < 1 || info.height < 1) bad('The image has no pixels.');
  return info;
}
