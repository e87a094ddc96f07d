/**
 * OpenSeadragon's canvas drawer, gathering the tiles that arrive in a still view into fewer
 * redraws (drawHold.ts says when and why), drawing each tile on whole pixels at its own
 * size (pixelSnap.ts), drawing decoded tiles as they come, and never letting one frame's
 * failure stop the viewer. Written here because OSD has no such options; it overrides a
 * few methods of OSD's drawer (draw, _drawTile, minimumOverlapRequired,
 * getSupportedDataFormats, getDataToDraw) and otherwise is OSD's CanvasDrawer.
 *
 * What it draws (getSupportedDataFormats), as the tile worker (tileWorker.ts) decodes:
 * - VideoFrames (WebCodecs' ImageDecoder, where the browser has it) are drawn as they
 *   are while a field comes in, then turned into ImageBitmaps once the view is complete
 *   (frameSettler.ts says why and what it gained).
 * - ImageBitmaps (createImageBitmap, elsewhere) are drawn as they are: a canvas copy of
 *   each cost jumps 145 against 116 ms p50 in alternating builds, on the busiest thread.
 *
 * Why the guard (frameGuard.ts): OSD draws inside its animation loop, and an exception
 * there ends the loop for good (updateMulti schedules the next frame only after a frame
 * returns): the viewer froze mid-zoom. That happened twice in fresh-clone CI runs with
 * bitmaps drawn as they are, never locally (16 runs of archive.spec, 12 under load); a
 * resize during a zoom is the likelier cause (osdOptions.ts, preserveImageSizeOnResize). A
 * decoded image that can no longer be drawn (closed: 0 wide) is now never handed to the
 * canvas, its tile is loaded again, and a frame that throws all the same is reported once,
 * dropped, and the next one drawn.
 */
import OpenSeadragon from 'openseadragon';
import { DrawHold } from './drawHold';
import { FrameGuard } from './frameGuard';
import { reloadTile } from './lookAgain';
import { snapToPixels } from './pixelSnap';
import type { SettleTile } from './frameSettler';
import { FrameSettler } from './frameSettler';
import { VIDEO_FRAME_TYPE, isVideoFrame, learnVideoFrames } from './videoFrameTiles';

learnVideoFrames();

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

const osdDataToDraw = (
  OpenSeadragon.CanvasDrawer.prototype as unknown as {
    getDataToDraw: (this: OpenSeadragon.CanvasDrawer, t: OpenSeadragon.Tile) => unknown;
  }
).getDataToDraw;

/** The canvases OSD's canvas drawer draws on (its typings leave them out). */
interface DrawerCanvases {
  context?: CanvasRenderingContext2D | null;
  sketchContext?: CanvasRenderingContext2D | null;
  /** Sets the context's image smoothing as the viewer's options say. */
  _updateImageSmoothingEnabled(context: CanvasRenderingContext2D): void;
}

/** The tiles drawn at the last frame (TiledImage's own list; its typings leave it out). */
function* onScreen(tiledImages: OpenSeadragon.TiledImage[]): Iterable<SettleTile> {
  for (const image of tiledImages) {
    const drawn = (image as unknown as { _lastDrawn?: { tile: SettleTile }[] })._lastDrawn;
    for (const { tile } of drawn ?? []) yield tile;
  }
}

/** What a drawn frame shows: position and size of the view, rotation, flip. */
function viewKey(viewport: OpenSeadragon.Viewport): string {
  const b = viewport.getBoundsNoRotate(true);
  const size = viewport.getContainerSize();
  return `${b.x},${b.y},${b.width},${b.height},${viewport.getRotation(true)},${viewport.getFlip()},${size.x},${size.y}`;
}

export class GatheringCanvasDrawer extends OpenSeadragon.CanvasDrawer {
  private readonly hold = new DrawHold();
  private wake: ReturnType<typeof setTimeout> | null = null;
  private readonly guard = new FrameGuard();
  private readonly settler = new FrameSettler(VIDEO_FRAME_TYPE, 'imageBitmap');

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
    if (complete) this.settler.settle(() => onScreen(tiledImages));
    this.guard.run(
      () => canvasDraw(this, tiledImages),
      () => {
        // The frame stopped half-way: the canvases' saved states are dropped with it, and
        // the one setting OSD keeps on them is put back.
        const canvases = this as unknown as DrawerCanvases;
        for (const context of [canvases.context, canvases.sketchContext]) {
          if (!context) continue;
          context.reset();
          canvases._updateImageSmoothingEnabled(context);
        }
        this.viewer.forceRedraw();
      },
    );
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

  /**
   * Decoded tiles are drawn as they come from the tile worker: VideoFrames (until the view
   * has settled: frameSettler.ts) or ImageBitmaps; tiles of other kinds (a placeholder, a
   * tile processed by the brightness and contrast pipeline) are canvases (context2d).
   */
  override getSupportedDataFormats(): string[] {
    return [VIDEO_FRAME_TYPE, 'imageBitmap', 'context2d'];
  }

  /**
   * OSD's drawer reads `.canvas` of what it draws: a decoded image (an ImageBitmap, or a
   * VideoFrame should a drawer be told to draw those as they are) is given as that. A
   * closed one (0 wide) would throw in drawImage: the tile is skipped and loaded again.
   */
  override getDataToDraw(tile: OpenSeadragon.Tile): unknown {
    const data = osdDataToDraw.call(this, tile);
    const decoded =
      (typeof ImageBitmap !== 'undefined' && data instanceof ImageBitmap) || isVideoFrame(data);
    if (!decoded) return data;
    // Both are 0 wide once closed.
    if ((isVideoFrame(data) ? data.displayWidth : data.width) === 0) {
      this.guard.report(new Error('closed tile image'));
      queueMicrotask(() => reloadTile(tile));
      return undefined;
    }
    return { canvas: data };
  }

  private rotated(): boolean {
    return this.viewport.getRotation(true) % 360 !== 0;
  }

  override destroy(): void {
    this.settler.cancel();
    if (this.wake !== null) clearTimeout(this.wake);
    this.wake = null;
    super.destroy();
  }
}
