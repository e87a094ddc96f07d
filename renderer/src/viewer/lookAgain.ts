/**
 * Makes OpenSeadragon load tiles again. A tiled image that considers itself fully loaded
 * does not look at its tiles again by itself, even after some were unloaded: a no-op clip
 * change is the public way to make it. Used when the archive comes back (placeholders
 * and failed tiles, wsiTileSource.ts) and when a decoded tile can no longer be drawn
 * (gatheringDrawer.ts).
 */
import type OpenSeadragon from 'openseadragon';

/** The tiled image looks at its tiles again at its next update, and redraws. */
export function lookAgain(image: OpenSeadragon.TiledImage): void {
  image.setClip(image.getClip());
  image.redraw();
}

/** The tile's data is dropped and the tile loaded again. */
export function reloadTile(tile: OpenSeadragon.Tile): void {
  const image = tile.tiledImage;
  if (tile.loaded) tile.unload(true);
  if (image) lookAgain(image);
}
