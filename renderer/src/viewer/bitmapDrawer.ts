/**
 * OpenSeadragon's canvas drawer, taught to draw decoded tiles (ImageBitmap) as they are.
 *
 * OSD 6's CanvasDrawer takes tiles only as a `context2d`: each tile image is copied into a
 * canvas of its own, and for an <img> that copy is where Chromium decodes the JPEG, on the
 * main thread, in the image's load event. Our tiles arrive decoded off the main thread
 * (tileDecoder.ts), and this drawer blits them straight onto the view. Tiles that are still
 * canvases (an offline placeholder, a tile after the image adjustments, a tile loaded as an
 * <img> where no worker can run) are drawn as before. It also gathers the tiles that arrive
 * in a still view into fewer redraws (drawHold.ts). Written here because OSD has no drawer
 * for this; it overrides two methods of OSD's public drawer API: getDataToDraw (whose
 * `.canvas` OSD's canvas drawing reads) and draw.
 */
import OpenSeadragon from 'openseadragon';
import { DrawHold } from './drawHold';

/** What OSD's canvas drawing reads from a tile's data: `.canvas` with its size. */
interface Drawable {
  canvas: CanvasImageSource & { width: number; height: number };
}

/** OSD's own CanvasDrawer.draw (its typings do not declare it). */
function canvasDraw(drawer: OpenSeadragon.CanvasDrawer, tiledImages: OpenSeadragon.TiledImage[]) {
  const proto = OpenSeadragon.CanvasDrawer.prototype as unknown as {
    draw: (this: OpenSeadragon.CanvasDrawer, t: OpenSeadragon.TiledImage[]) => void;
  };
  proto.draw.call(drawer, tiledImages);
}

const wrappers = new WeakMap<ImageBitmap, Drawable>();

function drawable(bitmap: ImageBitmap): Drawable {
  let wrapped = wrappers.get(bitmap);
  if (!wrapped) {
    wrapped = { canvas: bitmap };
    wrappers.set(bitmap, wrapped);
  }
  return wrapped;
}

/** The data types OSD may hand this drawer, and the one it converts anything else to. */
export const DRAWN_FORMATS = ['imageBitmap', 'context2d'];
export const REQUIRED_FORMAT = 'context2d';

/** What a drawn frame shows: position and size of the view, rotation, flip. */
function viewKey(viewport: OpenSeadragon.Viewport): string {
  const b = viewport.getBoundsNoRotate(true);
  const size = viewport.getContainerSize();
  return `${b.x},${b.y},${b.width},${b.height},${viewport.getRotation(true)},${viewport.getFlip()},${size.x},${size.y}`;
}

export class BitmapCanvasDrawer extends OpenSeadragon.CanvasDrawer {
  private readonly hold = new DrawHold();
  private wake: ReturnType<typeof setTimeout> | null = null;

  /** Gathers tiles arriving in a still view into fewer redraws (drawHold.ts). */
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

  override destroy(): void {
    if (this.wake !== null) clearTimeout(this.wake);
    this.wake = null;
    super.destroy();
  }

  override getSupportedDataFormats(): string[] {
    return DRAWN_FORMATS;
  }

  /** Anything not drawable as it is becomes a canvas, as with OSD's own canvas drawer. */
  override getRequiredDataFormats(): string[] {
    return [REQUIRED_FORMAT];
  }

  override getDataToDraw(tile: OpenSeadragon.Tile): unknown {
    const data: unknown = super.getDataToDraw(tile);
    return typeof ImageBitmap !== 'undefined' && data instanceof ImageBitmap
      ? drawable(data)
      : data;
  }
}
