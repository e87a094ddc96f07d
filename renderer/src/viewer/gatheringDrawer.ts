/**
 * OpenSeadragon's canvas drawer, gathering the tiles that arrive in a still view into fewer
 * redraws (drawHold.ts says when and why), and drawing each tile on whole pixels at its
 * own size (pixelSnap.ts). Written here because OSD has no such options; it overrides three
 * methods of OSD's drawer, draw(), _drawTile() and minimumOverlapRequired(), and otherwise
 * is OSD's CanvasDrawer.
 *
 * Tiles come decoded from the tile worker (tileDecoder.ts) as ImageBitmaps; OSD keeps each
 * as a canvas of its own when it loads (a copy of decoded pixels, not a decode). Keeping
 * the bitmaps themselves was tried twice (the second time through getSupportedDataFormats
 * and getDataToDraw: the main thread half as busy, jumps faster): a viewer then froze
 * mid-zoom in `archive.spec`'s offline test, in a fresh-clone CI run, so the canvas copy
 * stays until that is understood.
 */
import OpenSeadragon from 'openseadragon';
import { DrawHold } from './drawHold';
import { snapToPixels } from './pixelSnap';

/** OSD's own CanvasDrawer.draw (its typings do not declare it). */
function canvasDraw(drawer: OpenSeadragon.CanvasDrawer, tiledImages: OpenSeadragon.TiledImage[]) {
  const proto = OpenSeadragon.CanvasDrawer.prototype as unknown as {
    draw: (this: OpenSeadragon.CanvasDrawer, t: OpenSeadragon.TiledImage[]) => void;
  };
  proto.draw.call(drawer, tiledImages);
}

const osdDrawTile = (
  OpenSeadragon.CanvasDrawer.prototype as unknown as {
    _drawTile: (this: OpenSeadragon.CanvasDrawer, t: OpenSeadragon.Tile, ...r: unknown[]) => void;
  }
)._drawTile;

/** What a drawn frame shows: position and size of the view, rotation, flip. */
function viewKey(viewport: OpenSeadragon.Viewport): string {
  const b = viewport.getBoundsNoRotate(true);
  const size = viewport.getContainerSize();
  return `${b.x},${b.y},${b.width},${b.height},${viewport.getRotation(true)},${viewport.getFlip()},${size.x},${size.y}`;
}

export class GatheringCanvasDrawer extends OpenSeadragon.CanvasDrawer {
  private readonly hold = new DrawHold();
  private wake: ReturnType<typeof setTimeout> | null = null;

  draw(tiledImages: OpenSeadragon.TiledImage[]): void {
    const complete = tiledImages.every((t) => t.getFullyLoaded());
    const wait = this.hold.decide(viewKey(this.viewport), complete, performance.now());
    if (wait > 0) {
      this.wake ??= setTimeout(() => {
        this.wake = null;
        this.viewer.forceRedraw();
      }, wait);
      return;
    }
    if (this.wake !== null) {
      clearTimeout(this.wake);
      this.wake = null;
    }
    canvasDraw(this, tiledImages);
  }

  /**
   * OSD's own tile drawing, with the tile's edges on whole device pixels (snapToPixels),
   * unless the view is rotated: its tiles are then drawn as OSD draws them. OSD's drawer
   * method; its typings leave it out.
   */
  _drawTile(tile: OpenSeadragon.Tile, ...rest: unknown[]): void {
    const { position, size } = tile;
    if (!position || !size || this.rotated()) {
      osdDrawTile.call(this, tile, ...rest);
      return;
    }
    const r = OpenSeadragon.pixelDensityRatio;
    const snapped = snapToPixels(position.x, position.y, size.x, size.y, r);
    tile.position = new OpenSeadragon.Point(snapped.x, snapped.y);
    tile.size = new OpenSeadragon.Point(snapped.width, snapped.height);
    try {
      osdDrawTile.call(this, tile, ...rest);
    } finally {
      tile.position = position;
      tile.size = size;
    }
  }

  /**
   * OSD's canvas drawer enlarges every tile by one pixel to hide seams between tiles drawn
   * at fractions of a pixel, so at 40× a 256-pixel tile was drawn 257 pixels wide: never
   * the scanner's pixels. Tiles on whole pixels (_drawTile) meet without a seam, so the
   * overlap is only kept in a rotated view, drawn as OSD draws it (snapped tiles in a
   * rotated view showed faint seams, seen on screenshots at 30°).
   */
  minimumOverlapRequired(): boolean {
    return this.rotated();
  }

  private rotated(): boolean {
    return this.viewport.getRotation(true) % 360 !== 0;
  }

  override destroy(): void {
    if (this.wake !== null) clearTimeout(this.wake);
    this.wake = null;
    super.destroy();
  }
}
