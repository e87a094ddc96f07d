/**
 * Draws a slide's coverage (coverageImage.ts) as an OpenSeadragon overlay stretched over the
 * whole image: always on the navigator, on the slide when asked. OSD places, rotates and
 * flips overlays with the view; the canvases never take the pointer.
 */
import OpenSeadragon from 'openseadragon';
import type { CoverageCells } from './coverageImage';
import { coveragePixels } from './coverageImage';

/**
 * Canvas pixels per grid cell; the outline is one canvas pixel, so half a cell on the slide
 * (a whole slide on a 1366-pixel screen gives a cell about 2 screen pixels: a quarter-cell
 * line was too faint to see) and a whole cell on the navigator, where a cell is under a pixel.
 */
const SLIDE_SCALE = 2;
const NAVIGATOR_SCALE = 1;

interface Target {
  viewer: OpenSeadragon.Viewer;
  canvas: HTMLCanvasElement;
  scale: number;
  placedOn: OpenSeadragon.TiledImage | null;
}

export class CoverageLayer {
  private readonly targets: Target[] = [];
  private cells: CoverageCells | null = null;
  private slideVisible = false;

  constructor(readonly osd: OpenSeadragon.Viewer) {
    this.targets.push(this.target(osd, SLIDE_SCALE, 'coverage-slide'));
    if (osd.navigator)
      this.targets.push(this.target(osd.navigator, NAVIGATOR_SCALE, 'coverage-navigator'));
    for (const t of this.targets) t.viewer.world.addHandler('add-item', this.sync);
  }

  private target(viewer: OpenSeadragon.Viewer, scale: number, testId: string): Target {
    const canvas = document.createElement('canvas');
    canvas.className = `coverage-layer ${testId}`;
    canvas.dataset.testid = testId;
    return { viewer, canvas, scale, placedOn: null };
  }

  setCoverage(cells: CoverageCells | null): void {
    this.cells = cells;
    for (const t of this.targets) {
      if (!cells) continue;
      const { width, height, data } = coveragePixels(cells, t.scale);
      t.canvas.width = width;
      t.canvas.height = height;
      t.canvas.getContext('2d')?.putImageData(new ImageData(data, width, height), 0, 0);
    }
    this.sync();
  }

  setSlideVisible(visible: boolean): void {
    this.slideVisible = visible;
    this.sync();
  }

  /** Puts each canvas over the image its viewer shows now (a new slide is a new image). */
  private sync = (): void => {
    this.targets.forEach((t, i) => {
      const item = t.viewer.world.getItemCount() > 0 ? t.viewer.world.getItemAt(0) : null;
      const wanted = this.cells !== null && item !== null && (i > 0 || this.slideVisible);
      const placed = t.placedOn !== null && t.viewer.getOverlayById(t.canvas) !== null;
      if (placed && (!wanted || t.placedOn !== item)) {
        t.viewer.removeOverlay(t.canvas);
        t.placedOn = null;
      }
      if (wanted && item && t.placedOn !== item) {
        t.viewer.addOverlay({
          element: t.canvas,
          location: item.getBounds(),
          rotationMode: OpenSeadragon.OverlayRotationMode.EXACT,
        });
        t.placedOn = item;
      }
      t.canvas.hidden = !wanted;
    });
  };

  destroy(): void {
    for (const t of this.targets) {
      t.viewer.world.removeHandler('add-item', this.sync);
      if (t.placedOn) t.viewer.removeOverlay(t.canvas);
      t.canvas.remove();
    }
  }
}
