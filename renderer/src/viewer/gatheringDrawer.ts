/**
 * OpenSeadragon's canvas drawer, gathering the tiles that arrive in a still view into fewer
 * redraws (drawHold.ts says when and why). Written here because OSD has no such option; it
 * overrides one method of OSD's drawer API, draw(), and otherwise is OSD's CanvasDrawer.
 *
 * Tiles come decoded from the tile worker (tileDecoder.ts) as ImageBitmaps; OSD keeps each
 * as a canvas of its own when it loads (a copy of decoded pixels, not a decode). Keeping
 * the bitmaps themselves was tried: a viewer then froze mid-zoom in `archive.spec`'s
 * offline test, so the canvas copy stays until that is understood.
 */
import OpenSeadragon from 'openseadragon';
import { DrawHold } from './drawHold';

/** OSD's own CanvasDrawer.draw (its typings do not declare it). */
function canvasDraw(drawer: OpenSeadragon.CanvasDrawer, tiledImages: OpenSeadragon.TiledImage[]) {
  const proto = OpenSeadragon.CanvasDrawer.prototype as unknown as {
    draw: (this: OpenSeadragon.CanvasDrawer, t: OpenSeadragon.TiledImage[]) => void;
  };
  proto.draw.call(drawer, tiledImages);
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
}
