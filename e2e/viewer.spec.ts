/**
 * The slide viewer on a real demo slide: tissue on screen (read from the canvas pixels), the
 * 40× preset fetching full-resolution tiles, magnification and scale bar, rotation and flip,
 * the shortcut sheet, and home.
 */
import type { AppPage } from './pages/AppPage';
import { saveScreen } from './support/artifacts';
import { expect, test } from './support/fixtures';
import { TileRecorder } from './support/tileRecorder';

/** Opens the H&E slide of the lymph node case (slide 1 of B..-013477) and waits for it. */
async function openHeSlide(app: AppPage): Promise<string> {
  await app.worklist.open('-013477');
  const card = app.case.card('HE');
  const slideId = await app.case.slideId(card);
  await app.page.keyboard.press('1');
  await app.viewer.waitForSlide(slideId);
  return slideId;
}

test('an H&E slide opens showing tissue, from low-resolution tiles only', async ({
  app,
}, testInfo) => {
  const tiles = new TileRecorder(app.page);
  const slideId = await openHeSlide(app);

  const stats = await app.viewer.canvasStats();
  const detail = JSON.stringify(stats);
  expect(stats.drawn / stats.sampled, `slide drawn over the view ${detail}`).toBeGreaterThan(0.2);
  expect(stats.tissue / stats.sampled, `tissue on screen ${detail}`).toBeGreaterThan(0.1);
  expect(stats.heLike / stats.tissue, `H&E colours (pink/purple) ${detail}`).toBeGreaterThan(0.6);
  const [r, g, b] = stats.meanTissue;
  expect(r).toBeGreaterThan(g);
  expect(b).toBeGreaterThan(g);

  // At whole-slide view the viewer must not fetch full-resolution tiles.
  const fetched = tiles.of(slideId);
  expect(fetched.length).toBeGreaterThan(0);
  expect(tiles.of(slideId, 0), 'no level-0 tile at low power').toHaveLength(0);
  expect(fetched.every((t) => t.status === 200)).toBe(true);

  const m = await app.viewer.getMagnification();
  expect(m).not.toBeNull();
  expect(m ?? 0).toBeLessThan(20);
  await expect(app.viewer.magnification).toHaveText(/^[\d.]+×$/);
  await expect(app.viewer.scaleBar).toBeVisible();
  tiles.stop();
  await saveScreen(app.page, testInfo, 'viewer-low-power');
});

test('the 40× preset loads full-resolution tiles and shows 40× with a µm scale bar', async ({
  app,
}, testInfo) => {
  const tiles = new TileRecorder(app.page);
  const slideId = await openHeSlide(app);
  const low = await app.viewer.getMagnification();
  tiles.clear();

  await app.viewer.preset(40).click();
  await expect.poll(() => app.viewer.getMagnification()).toBeCloseTo(40, 0);
  await app.viewer.waitFullyLoaded(slideId);

  const level0 = tiles.of(slideId, 0);
  expect(level0.length, 'level-0 (full resolution) tiles requested').toBeGreaterThan(0);
  await expect
    .poll(() => level0.filter((t) => t.status === 200 && t.contentType === 'image/jpeg').length, {
      message: 'every level-0 tile answered 200 image/jpeg',
    })
    .toBe(level0.length);
  expect(level0.some((t) => t.failed)).toBe(false);
  // The view at 40× is drawn from level 0: its tiles cover the screen (1600×900 CSS px).
  const distinct = new Set(level0.map((t) => `${t.col},${t.row}`));
  expect(distinct.size).toBeGreaterThanOrEqual(4);

  expect(await app.viewer.getMagnification()).toBeCloseTo(40, 1);
  await expect(app.viewer.magnification).toHaveText('40×');
  expect(Number(await app.viewer.magnification.getAttribute('data-value'))).toBeCloseTo(40, 1);
  await expect(app.viewer.preset(40)).toHaveAttribute('aria-pressed', 'true');
  await expect(app.viewer.preset(1.25)).toHaveAttribute('aria-pressed', 'false');
  await expect(app.viewer.scaleBar).toHaveText(/^\d+ µm$/);
  const microns = Number(await app.viewer.scaleBar.getAttribute('data-microns'));
  expect(microns).toBeGreaterThan(0);
  expect(microns).toBeLessThan(1000);
  await expect(app.viewer.tileErrors).toHaveCount(0);

  // Still tissue at full resolution (cells, not an empty or broken canvas).
  const stats = await app.viewer.canvasStats();
  expect(stats.tissue / stats.sampled, JSON.stringify(stats)).toBeGreaterThan(0.1);
  await saveScreen(app.page, testInfo, 'viewer-40x');

  // Home brings back the whole slide; the key "6" is the same 40× preset.
  await app.page.getByTestId('home').click();
  await expect.poll(() => app.viewer.getMagnification()).toBeCloseTo(low ?? 0, 1);
  await app.viewer.waitFullyLoaded(slideId);
  await app.page.keyboard.press('6');
  await expect.poll(() => app.viewer.getMagnification()).toBeCloseTo(40, 0);
  await expect(app.viewer.magnification).toHaveText('40×');
  await app.page.keyboard.press('0');
  await expect.poll(() => app.viewer.getMagnification()).toBeCloseTo(low ?? 0, 1);
  tiles.stop();
});

test('the low-power presets reach the magnification they name, below the whole-slide fit', async ({
  app,
}) => {
  await openHeSlide(app);
  const fit = (await app.viewer.getMagnification())!;
  // The demo slide fits the screen at several × : 1.25× and 5× are below that fit.
  expect(fit).toBeGreaterThan(5);
  for (const preset of [1.25, 2.5, 5]) {
    await app.viewer.preset(preset).click();
    await expect.poll(() => app.viewer.getMagnification()).toBeCloseTo(preset, 1);
    await expect(app.viewer.preset(preset)).toHaveAttribute('aria-pressed', 'true');
  }
  // Zooming out by hand stops at the lowest preset, not beyond.
  await app.page.getByTestId('slide-viewer').hover();
  for (let i = 0; i < 6; i++) await app.page.mouse.wheel(0, 400);
  await expect.poll(() => app.viewer.getMagnification()).toBeGreaterThan(1.2);
  await app.page.getByTestId('home').click();
  await expect.poll(() => app.viewer.getMagnification()).toBeCloseTo(fit, 1);
});

test('a resize of the viewer keeps the magnification and the place, even during a zoom', async ({
  app,
}) => {
  const { page } = app;
  await openHeSlide(app);
  await app.viewer.preset(20).click();
  await expect.poll(() => app.viewer.getMagnification()).toBeCloseTo(20, 2);
  const centre = () =>
    page.evaluate(() => {
      const vp = window.__viewer!.osd.viewport;
      const c = vp.getCenter(true);
      return window.__viewer!.osd.world.getItemAt(0).viewportToImageCoordinates(c);
    });
  const before = await centre();
  // Shorter and narrower, as when the offline banner or a panel appears.
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: size.width - 120, height: size.height - 60 });
  await expect(app.viewer.viewer).toHaveAttribute('data-fully-loaded', 'true');
  expect(await app.viewer.getMagnification()).toBeCloseTo(20, 2);
  const after = await centre();
  expect(Math.abs(after.x - before.x)).toBeLessThan(2);
  expect(Math.abs(after.y - before.y)).toBeLessThan(2);
  // A resize in the middle of the zoom to 40× (OpenSeadragon's own rule scaled the zoom
  // with the viewer's diagonal and ended the animation where it was: 40× became 38.9×).
  await app.viewer.preset(40).click();
  await page.setViewportSize(size);
  await expect.poll(() => app.viewer.getMagnification()).toBeCloseTo(40, 2);
  await expect(app.viewer.magnification).toHaveText('40×');
});

test('R rotates, F flips, O resets the view', async ({ app }) => {
  await openHeSlide(app);
  const { viewer, page } = app;
  expect(await viewer.orientation()).toEqual({ rotation: 0, flipped: false });

  await page.keyboard.press('r');
  await expect.poll(() => viewer.orientation()).toEqual({ rotation: 90, flipped: false });
  await expect(page.getByTestId('rotation-slider')).toHaveValue('90');
  await page.keyboard.press('Shift+R');
  await expect.poll(() => viewer.orientation()).toEqual({ rotation: 0, flipped: false });
  await page.keyboard.press(']');
  await expect.poll(() => viewer.orientation()).toEqual({ rotation: 5, flipped: false });

  await page.keyboard.press('f');
  await expect.poll(() => viewer.orientation()).toEqual({ rotation: 5, flipped: true });
  await expect(page.getByTestId('flip')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('reset-orientation')).toBeEnabled();

  await page.keyboard.press('o');
  await expect.poll(() => viewer.orientation()).toEqual({ rotation: 0, flipped: false });
  await expect(page.getByTestId('flip')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('reset-orientation')).toBeDisabled();

  // The buttons do the same.
  await page.getByTestId('rotate-right').click();
  await expect.poll(() => viewer.orientation()).toEqual({ rotation: 90, flipped: false });
  await page.getByTestId('flip').click();
  await expect.poll(() => viewer.orientation()).toEqual({ rotation: 90, flipped: true });
  await page.getByTestId('reset-orientation').click();
  await expect.poll(() => viewer.orientation()).toEqual({ rotation: 0, flipped: false });
});

test('"?" lists the shortcuts, Esc closes the list and stays on the slide', async ({
  app,
}, testInfo) => {
  const slideId = await openHeSlide(app);
  const { page, cheatSheet } = app;
  await expect(cheatSheet).toBeHidden();
  await page.keyboard.press('?');
  await expect(cheatSheet).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  for (const section of ['Slide viewer', 'Worklist', 'Case', 'Everywhere']) {
    await expect(cheatSheet.getByRole('heading', { name: section })).toBeVisible();
  }
  for (const line of [
    'Magnification 1.25×, 2.5×, 5×, 10×, 20×, 40× (on the case screen, digits open slides)',
    'Whole slide',
    'Rotate 90° clockwise',
    'Flip horizontally',
    'Open the selected case',
    'Filter the worklist',
    'Show or hide this list',
  ]) {
    await expect(cheatSheet.getByText(line, { exact: true })).toBeVisible();
  }
  expect(await cheatSheet.locator('.cheatsheet-line').count()).toBeGreaterThanOrEqual(20);
  await expect(
    cheatSheet.locator('.cheatsheet-line', { hasText: 'Flip horizontally' }).locator('kbd'),
  ).toHaveText(/^f$/i);
  await saveScreen(page, testInfo, 'cheat-sheet');

  await page.keyboard.press('Escape');
  await expect(cheatSheet).toBeHidden();
  // Esc closed only the list: the slide is still open.
  await expect(app.viewer.viewer).toHaveAttribute('data-slide-id', slideId);
  await page.keyboard.press('Escape');
  await expect(app.case.gallery).toBeVisible();
});

test('Tab and Shift+Tab move to the next and previous slide; on a button Tab moves the focus', async ({
  app,
}) => {
  const first = await openHeSlide(app);
  const second = (await app.viewer.stripSlides.nth(1).getAttribute('data-slide-id'))!;
  await app.page.getByTestId('slide-viewer').click({ position: { x: 300, y: 300 } });
  await app.page.keyboard.press('Tab');
  await app.viewer.waitForSlide(second);
  await app.page.keyboard.press('Shift+Tab');
  await app.viewer.waitForSlide(first);
  await app.viewer.preset(40).focus();
  await app.page.keyboard.press('Tab');
  await expect(app.viewer.viewer).toHaveAttribute('data-slide-id', first);
});
