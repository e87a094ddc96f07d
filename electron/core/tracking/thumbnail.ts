/**
 * The small picture of a whole slide the tissue mask is computed from: its thumbnail, or
 * its coarsest level stitched when it has no thumbnail and that level has few tiles (as the
 * prefetcher plans, core/prefetch/casePlanner.ts). Read through the tile service, so the
 * cache serves it and an archive slide needs no second download.
 */
import sharp from 'sharp';
import type { SlideInfo } from '../../common/contract';
import { tileGrid } from '../../common/pyramid';
import type { PixelImage } from '../../common/tracking/tissueMask';
import type { GridTile, RgbImage } from '../prefetch/tissue';
import { stitchTiles } from '../prefetch/tissue';

/** Largest side of the decoded picture: 4 pixels per grid cell (grid.ts: 256 cells). */
const MAX_SIDE = 1024;
/** Without a thumbnail, the coarsest level is stitched when it has at most this many tiles. */
const MAX_STITCH_TILES = 64;

export interface ThumbnailReader {
  info(slideId: string): Promise<SlideInfo>;
  tile(slideId: string, level: number, col: number, row: number): Promise<{ bytes: Uint8Array }>;
  thumbnail(slideId: string): Promise<{ bytes: Uint8Array }>;
}

async function decode(bytes: Uint8Array, maxSide?: number): Promise<RgbImage> {
  let image = sharp(bytes).removeAlpha().toColourspace('srgb');
  if (maxSide)
    image = image.resize({
      width: maxSide,
      height: maxSide,
      fit: 'inside',
      withoutEnlargement: true,
    });
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    channels: info.channels,
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

export async function slideThumbnail(
  reader: ThumbnailReader,
  slideId: string,
): Promise<PixelImage | null> {
  const info = await reader.info(slideId);
  if (info.associated.includes('thumbnail'))
    return decode((await reader.thumbnail(slideId)).bytes, MAX_SIDE);
  const coarsest = info.levels.reduce(
    (best, l, i) => (l.downsample > (info.levels[best]?.downsample ?? 0) ? i : best),
    0,
  );
  const level = info.levels[coarsest];
  if (!level) return null;
  const { cols, rows } = tileGrid(level);
  if (cols * rows > MAX_STITCH_TILES) return null;
  const tiles: GridTile[] = [];
  for (let row = 0; row < rows; row++)
    for (let col = 0; col < cols; col++)
      tiles.push({
        col,
        row,
        image: await decode((await reader.tile(slideId, coarsest, col, row)).bytes),
      });
  const { width, height, tileWidth, tileHeight } = level;
  return stitchTiles(width, height, tileWidth, tileHeight, tiles);
}
