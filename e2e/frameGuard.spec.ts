/**
 * One frame that cannot be drawn does not stop the viewer (renderer/src/viewer/frameGuard.ts,
 * gatheringDrawer.ts). OpenSeadragon schedules its next frame only after a frame returns, so
 * before the guard an exception while drawing froze the view for good, mid-zoom. Here faults
 * are put into a live viewer: tile bitmaps closed under it (they can no longer be drawn),
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

/** Decoded tiles on screen whose bitmap is closed (width 0), and how many are bitmaps. */
function drawnBitmaps(page: Page): Promise<{ bitmaps: number; closed: number }> {
  return page.evaluate(() => {
    const item = window.__viewer!.osd.world.getItemAt(0) as unknown as {
      _lastDrawn: { tile: Tile }[];
    };
    let bitmaps = 0;
    let closed = 0;
    for (const { tile } of item._lastDrawn) {
      const data = tile.getCache(tile.cacheKey)?.data;
      if (!(data instanceof ImageBitmap)) continue;
      bitmaps++;
      if (data.width === 0) closed++;
    }
    return { bitmaps, closed };
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
  const before = await drawnBitmaps(page);
  // Decoded tiles are drawn as the bitmaps the tile worker made.
  expect(before.bitmaps).toBeGreaterThan(0);
  expect(before.closed).toBe(0);

  // Every bitmap on screen closed under the viewer: each is skipped and loaded again.
  await page.evaluate(() => {
    const item = window.__viewer!.osd.world.getItemAt(0) as unknown as {
      _lastDrawn: { tile: Tile }[];
    };
    for (const { tile } of item._lastDrawn) {
      const data = tile.getCache(tile.cacheKey)?.data;
      if (data instanceof ImageBitmap) data.close();
    }
    (window.__viewer!.osd as unknown as { forceRedraw(): void }).forceRedraw();
  });
  await expect.poll(() => failures(page)).toBeGreaterThan(0);
  // The tiles come back as bitmaps (read until they have: the viewer's "fully loaded" may
  // still be the one from before the reload).
  await expect
    .poll(async () => {
      const now = await drawnBitmaps(page);
      return now.bitmaps > 0 && now.closed === 0;
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
  expect((await drawnBitmaps(page)).closed).toBe(0);
});
