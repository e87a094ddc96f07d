/**
 * The tile shown where a TILED_SPARSE level has no frame: the scanner skipped empty
 * glass there, so white is what was on the slide. Made once per size, with sharp.
 */
import sharp from 'sharp';
import { WorkstationError } from '../../../common/errors';
import type { TileData } from '../slideSource';

/** Sizes kept: a slide has one tile size per level; more would be hostile metadata. */
const CACHED_SIZES = 16;
const cache = new Map<string, Promise<Uint8Array>>();

export async function blankTile(width: number, height: number): Promise<TileData> {
  const key = `${width}x${height}`;
  let bytes = cache.get(key);
  if (bytes === undefined) {
    bytes = sharp({
      create: { width, height, channels: 3, background: { r: 255, g: 255, b: 255 } },
    })
      .jpeg({ quality: 90 })
      .toBuffer()
      .then((b) => new Uint8Array(b));
    if (cache.size >= CACHED_SIZES) cache.delete(cache.keys().next().value ?? '');
    cache.set(key, bytes);
  }
  try {
    return { bytes: await bytes, contentType: 'image/jpeg' };
  } catch {
    cache.delete(key);
    throw new WorkstationError('corrupt', 'The slide declares tiles of a size we cannot make.');
  }
}
