/**
 * One frame that cannot be drawn does not stop the viewer (renderer/src/viewer/frameGuard.ts,
 * gatheringDrawer.ts). OpenSeadragon schedules its next frame only after a frame returns, so
 * before the guard an exception while drawing froze the view for good, mid-zoom. Here faults
 * are put into a live viewer: decoded tiles drawn as they are (ImageBitmaps) closed under it
 * (they can no longer be drawn),
 * then a tile drawing that throws for several frames; the viewer must still reach 40× and
 * draw a sharp view.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';

interface Tile {
  cacheKey: string;
  getCache(key: string): { data: unknown } | undefined;
}
interface Drawer {
  guard: { failures: number };
  _drawTile(...args: unknown[]): void;
}

/** Decoded tiles on screen (frames or bitmaps), how many are frames, how many closed (0 wide). */
function drawnImages(page: Page): Promise<{ images: number; frames: number; closed: number }> {
  return page.evaluate(() => {
    const item = window.__viewer!.osd.world.getItemAt(0) as unknown as {
      _lastDrawn: { tile: Tile }[];
    };
    let images = 0;
    let frames = 0;
    let closed = 0;
    for (const { tile } of item._lastDrawn) {
      const data = tile.getCache(tile.cacheKey)?.data;
      if (data instanceof VideoFrame) {
        images++;
        frames++;
        if (data.displayWidth === 0) closed++;
      } else if (data instanceof ImageBitmap) {
        images++;
        if (data.width === 0) closed++;
      }
    }
    return { images, frames, closed };
  });
}

const failures = (page: Page) =>
  page.evaluate(() => (window.__viewer!.osd.drawer as unknown as Drawer).guard.failures);

test('a tile that cannot be drawn, or a frame that throws, does not stop the viewer', async ({
  app,
}) => {
  const { page } = app;
  await app.openDemoHe();
  await expect(app.viewer.viewer).toHaveAttribute('data-fully-loaded', 'true');
  // Chromium has WebCodecs' ImageDecoder: the tile worker decodes VideoFrames, which the
  // drawer draws as they are, then turns into ImageBitmaps once the view is complete
  // (frameSettler.ts). Those bitmaps are drawn as they are: they are closed under it below.
  await expect
    .poll(async () => {
      const now = await drawnImages(page);
      return now.images > 0 && now.frames === 0;
    })
    .toBe(true);
  const before = await drawnImages(page);
  expect(before.closed).toBe(0);

  // Every decoded tile on screen closed under the viewer: each is skipped and loaded again.
  await page.evaluate(() => {
    const item = window.__viewer!.osd.world.getItemAt(0) as unknown as {
      _lastDrawn: { tile: Tile }[];
    };
    for (const { tile } of item._lastDrawn) {
      const data = tile.getCache(tile.cacheKey)?.data;
      if (data instanceof ImageBitmap || data instanceof VideoFrame) data.close();
    }
    (window.__viewer!.osd as unknown as { forceRedraw(): void }).forceRedraw();
  });
  await expect.poll(() => failures(page)).toBeGreaterThan(0);
  // The tiles come back decoded (read until they have: the viewer's "fully loaded" may
  // still be the one from before the reload).
  await expect
    .poll(async () => {
      const now = await drawnImages(page);
      return now.images > 0 && now.closed === 0;
    })
    .toBe(true);
  await expect(app.viewer.viewer).toHaveAttribute('data-fully-loaded', 'true');

  // Tile drawing throws for the next 40 tiles, over several frames, in the middle of a zoom.
  const afterClosing = await failures(page);
  await page.evaluate(() => {
    const drawer = window.__viewer!.osd.drawer as unknown as Drawer;
    const own = drawer._drawTile.bind(drawer);
    let faults = 40;
    drawer._drawTile = (...args: unknown[]) => {
      if (faults-- > 0) throw new Error('injected fault');
      own(...args);
    };
  });
  await app.viewer.preset(40).click();
  await expect
    .poll(() => page.evaluate(() => window.__viewer!.getMagnification()), { timeout: 30_000 })
    .toBeCloseTo(40, 1);
  await expect(app.viewer.viewer).toHaveAttribute('data-fully-loaded', 'true');
  expect(await failures(page)).toBeGreaterThan(afterClosing);
  expect((await drawnImages(page)).closed).toBe(0);
});
