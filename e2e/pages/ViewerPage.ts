import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import '../support/viewerHook';

/** What the OSD canvas shows, from its pixels (every 4th pixel on both axes). */
export interface CanvasStats {
  width: number;
  height: number;
  sampled: number;
  /** Pixels the slide image covers (drawn, not transparent). */
  drawn: number;
  /** Drawn pixels that are not glass (not near-white). */
  tissue: number;
  /** Tissue pixels with H&E colours: red and blue above green (eosin pink, haematoxylin purple). */
  heLike: number;
  /** Mean colour of the tissue pixels. */
  meanTissue: [number, number, number];
}

export class ViewerPage {
  readonly viewer: Locator;
  readonly toolbar: Locator;
  readonly magnification: Locator;
  readonly scaleBar: Locator;
  readonly tileErrors: Locator;
  readonly backToCase: Locator;
  readonly stripSlides: Locator;

  constructor(readonly page: Page) {
    this.viewer = page.getByTestId('slide-viewer');
    this.toolbar = page.getByTestId('viewer-toolbar');
    this.magnification = page.getByTestId('magnification');
    this.scaleBar = page.getByTestId('scale-bar');
    this.tileErrors = page.getByTestId('tile-errors');
    this.backToCase = page.getByTestId('back-to-case');
    this.stripSlides = page.getByTestId('strip-slide');
  }

  preset(m: number): Locator {
    return this.page.getByTestId(`preset-${m}`);
  }

  /** Waits until `slideId` is open and every tile of the current view is drawn. */
  async waitForSlide(slideId: string): Promise<void> {
    await expect(this.viewer).toHaveAttribute('data-slide-id', slideId);
    await this.waitFullyLoaded(slideId);
  }

  /** Waits until the view is still (no animation) and all its tiles are drawn. */
  async waitFullyLoaded(slideId?: string): Promise<void> {
    await this.page.waitForFunction(
      (id) => {
        const v = window.__viewer;
        if (!v || (id !== undefined && v.slideId !== id)) return false;
        return v.isFullyLoaded() && !(v.osd.isAnimating?.() ?? false) && !v.osd.world.needsDraw();
      },
      slideId,
      { timeout: 30_000, polling: 100 },
    );
    await expect(this.viewer).toHaveAttribute('data-fully-loaded', 'true');
  }

  getMagnification(): Promise<number | null> {
    return this.page.evaluate(() => window.__viewer?.getMagnification() ?? null);
  }

  orientation(): Promise<{ rotation: number; flipped: boolean }> {
    return this.page.evaluate(() => {
      const viewport = window.__viewer?.osd.viewport;
      if (!viewport) throw new Error('no viewer');
      return { rotation: viewport.getRotation(), flipped: viewport.getFlip() };
    });
  }

  /** The viewport's centre and zoom, to tell that the view changed. */
  viewportState(): Promise<{ x: number; y: number; zoom: number }> {
    return this.page.evaluate(() => {
      const viewport = window.__viewer?.osd.viewport;
      if (!viewport) throw new Error('no viewer');
      const c = viewport.getCenter(true);
      return { x: c.x, y: c.y, zoom: viewport.getZoom(true) };
    });
  }

  /** Reads the main OSD canvas (not the navigator's) and classifies its pixels. */
  canvasStats(): Promise<CanvasStats> {
    return this.page.evaluate(() => {
      const canvas =
        window.__viewer?.osd.drawer.canvas ??
        document.querySelector('[data-testid=slide-viewer] canvas');
      if (!(canvas instanceof HTMLCanvasElement)) throw new Error('no OSD canvas');
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('OSD canvas has no 2d context');
      const { width, height } = canvas;
      const data = ctx.getImageData(0, 0, width, height).data;
      let sampled = 0;
      let drawn = 0;
      let tissue = 0;
      let heLike = 0;
      const sum = [0, 0, 0];
      const STEP = 4;
      for (let y = 0; y < height; y += STEP) {
        for (let x = 0; x < width; x += STEP) {
          const i = (y * width + x) * 4;
          const r = data[i] ?? 0;
          const g = data[i + 1] ?? 0;
          const b = data[i + 2] ?? 0;
          const a = data[i + 3] ?? 0;
          sampled++;
          if (a < 200) continue;
          drawn++;
          // Glass and background of a brightfield slide are near-white and grey.
          if (Math.min(r, g, b) > 215 || Math.max(r, g, b) - Math.min(r, g, b) < 12) continue;
          tissue++;
          sum[0] = (sum[0] ?? 0) + r;
          sum[1] = (sum[1] ?? 0) + g;
          sum[2] = (sum[2] ?? 0) + b;
          if (r > g + 15 && b > g + 5) heLike++;
        }
      }
      const mean = (k: number) => (tissue === 0 ? 0 : Math.round((sum[k] ?? 0) / tissue));
      return {
        width,
        height,
        sampled,
        drawn,
        tissue,
        heLike,
        meanTissue: [mean(0), mean(1), mean(2)],
      };
    });
  }
}
