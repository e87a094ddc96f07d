/**
 * At 40× on a 0.25 µm scan (1 image pixel per screen pixel), the screen shows the scanner's
 * pixels as they are, wherever the view stands (renderer/src/viewer/pixelSnap.ts,
 * gatheringDrawer.ts): a block of the drawn view equals the same block of the tile,
 * decoded apart by the same decoder. OpenSeadragon's own tile drawing, switched in for comparison in the same
 * view, resamples (a tile 257 pixels wide, at the view's fraction of a pixel) and does
 * not: that keeps this test able to fail.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';

/** Largest channel difference between the drawn view and the tile's own pixels (best placement). */
function drawnAgainstTile(page: Page): Promise<number> {
  return page.evaluate(async () => {
    interface Pt {
      x: number;
      y: number;
    }
    const osd = window.__viewer!.osd as unknown as {
      viewport: {
        getCenter(current: boolean): Pt;
        viewportToImageCoordinates(p: Pt): Pt;
        imageToViewportCoordinates(x: number, y: number): Pt;
        viewportToViewerElementCoordinates(p: Pt): Pt;
      };
      drawer: { canvas: HTMLCanvasElement };
      world: {
        getItemAt(i: number): {
          source: {
            maxLevel: number;
            getTileWidth(level: number): number;
            getTileUrl(level: number, x: number, y: number): string;
          };
        };
      };
    };
    const vp = osd.viewport;
    const source = osd.world.getItemAt(0).source;
    const level = source.maxLevel;
    const size = source.getTileWidth(level);
    // The tile under the centre of the view, and a block well inside it.
    const centre = vp.viewportToImageCoordinates(vp.getCenter(true));
    const col = Math.floor(centre.x / size);
    const row = Math.floor(centre.y / size);
    const block = 24;
    const [bx, by] = [8, 8];
    const response = await fetch(source.getTileUrl(level, col, row), {
      credentials: 'same-origin',
    });
    // Decoded as the tile worker decodes it (WebCodecs' ImageDecoder in Chromium): JPEG
    // decoders differ by a few levels where colours change (how they fill in the chroma
    // the JPEG keeps at half resolution), and this test is about where pixels land.
    const bytes = new Uint8Array(await response.arrayBuffer());
    const decoder = new ImageDecoder({ data: bytes, type: response.headers.get('content-type')! });
    const { image } = await decoder.decode();
    decoder.close();
    const scratch = document.createElement('canvas');
    scratch.width = image.displayWidth;
    scratch.height = image.displayHeight;
    const g = scratch.getContext('2d')!;
    g.drawImage(image, 0, 0);
    image.close();
    const tile = g.getImageData(bx, by, block, block).data;
    // Where the block's first image pixel is on screen; the drawn pixel there is the
    // nearest whole one, give or take one: the best of the 9 placements is compared.
    const at = vp.viewportToViewerElementCoordinates(
      vp.imageToViewportCoordinates(col * size + bx, row * size + by),
    );
    const ratio = osd.drawer.canvas.width / osd.drawer.canvas.clientWidth;
    const view = osd.drawer.canvas.getContext('2d')!;
    let worst = Number.POSITIVE_INFINITY;
    for (const dy of [-1, 0, 1])
      for (const dx of [-1, 0, 1]) {
        const drawn = view.getImageData(
          Math.round(at.x * ratio) + dx,
          Math.round(at.y * ratio) + dy,
          block,
          block,
        ).data;
        let here = 0;
        for (let i = 0; i < tile.length; i += 4)
          for (let c = 0; c < 3; c++) here = Math.max(here, Math.abs(tile[i + c]! - drawn[i + c]!));
        worst = Math.min(worst, here);
      }
    return worst;
  });
}

/** Rows of the view's canvas with a pixel no tile was drawn on (transparent). */
function undrawnRows(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const canvas = (window.__viewer!.osd.drawer as unknown as { canvas: HTMLCanvasElement }).canvas;
    const { width, height } = canvas;
    const data = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
    const rows: number[] = [];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (data[(y * width + x) * 4 + 3] === 0) {
          rows.push(y);
          break;
        }
      }
    }
    return rows;
  });
}

test("at 40×, the view shows the scanner's pixels as they are, off the pixel grid too", async ({
  app,
}) => {
  const { page } = app;
  await app.openDemoHe();
  await app.viewer.preset(40).click();
  // The zoom's animation ends at 1 image pixel per screen pixel.
  await expect
    .poll(() => page.evaluate(() => window.__viewer!.getMagnification()))
    .toBeCloseTo(40, 3);
  // No gap between tiles: every pixel of the view (inside the slide at 40×) is drawn. The
  // preset stood at half a pixel, where floating-point noise once rounded one tile's
  // edge down and its neighbour's up: a one-pixel line through the tissue.
  await expect(app.viewer.viewer).toHaveAttribute('data-fully-loaded', 'true');
  expect(await undrawnRows(page)).toEqual([]);
  // Half a screen pixel off the pixel grid, both ways.
  await page.evaluate(() => {
    const vp = window.__viewer!.osd.viewport as unknown as {
      panBy(d: { x: number; y: number }, immediately: boolean): void;
      getContainerSize(): { x: number };
      getZoom(current: boolean): number;
    };
    const unit = 1 / (vp.getContainerSize().x * vp.getZoom(true));
    vp.panBy({ x: 0.5 * unit, y: 0.5 * unit }, true);
  });
  await expect(app.viewer.viewer).toHaveAttribute('data-fully-loaded', 'true');
  expect(await drawnAgainstTile(page)).toBeLessThanOrEqual(2);

  // OpenSeadragon's own tile drawing in the same view: resampled, so the pixels differ.
  await page.evaluate(() => {
    const osd = window.__viewer!.osd as unknown as {
      drawer: { _drawTile?: unknown };
      forceRedraw(): void;
    };
    const own = Object.getPrototypeOf(Object.getPrototypeOf(osd.drawer)) as {
      _drawTile?: unknown;
    };
    osd.drawer._drawTile = own._drawTile;
    osd.forceRedraw();
  });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  expect(await drawnAgainstTile(page)).toBeGreaterThan(10);
});
