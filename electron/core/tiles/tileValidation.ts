/**
 * Cheap structural checks on an image before it is stored or served from the cache: a
 * truncated or overwritten blob must become a miss, never a broken image in the viewer.
 */
import type { TileContentType } from '../sources/slideSource';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** True when `bytes` looks like a complete image of `contentType`. */
export function isWellFormedImage(bytes: Uint8Array, contentType: string): boolean {
  const n = bytes.length;
  switch (contentType as TileContentType) {
    case 'image/jpeg': {
      if (n < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return false;
      // EOI at the end; DICOM frames may carry one padding byte after it.
      for (let i = n - 2; i >= Math.max(2, n - 4); i--) {
        if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
      }
      return false;
    }
    case 'image/png':
      return n > 12 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
    case 'image/webp':
      return (
        n > 12 && bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[8] === 0x57 && bytes[9] === 0x45
      );
    default:
      return false;
  }
}
