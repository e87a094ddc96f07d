/**
 * Brightness, contrast and gamma of the viewport (issue 6), judged on what is on the screen
 * (the page's own screenshot, decoded in the page): the tiles are processed in the viewer's
 * tile pipeline, so the change must reach the pixels drawn, and leave once reset.
 */
import type { Page } from '@playwright/test';
import type { AppPage } from './pages/AppPage';
import { saveScreen } from './support/artifacts';
import { expect, test } from './support/fixtures';

/** Mean luminance (0..255) of the slide viewer as shown on screen. */
async function screenLuminance(page: Page): Promise<number> {
  const box = await page.getByTestId('slide-viewer').boundingBox();
  if (!box) throw new Error('no viewer on screen');
  // Away from the navigator (top right) and the toolbars over the slide.
  const clip = {
    x: box.x + box.width * 0.1,
    y: box.y + box.height * 0.3,
    width: box.width * 0.5,
    height: box.height * 0.5,
  };
  const png = (await page.screenshot({ clip, animations: 'disabled' })).toString('base64');
  return page.evaluate(async (data) => {
    const img = new Image();
    img.src = `data:image/png;base64,${data}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const px = g.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    for (let i = 0; i < px.length; i += 4)
      sum += 0.2126 * px[i]! + 0.7152 * px[i + 1]! + 0.0722 * px[i + 2]!;
    return sum / (px.length / 4);
  }, png);
}

async function openSlide(app: AppPage): Promise<void> {
  await app.openDemoHe();
  await app.viewer.preset(10).click();
  await expect(app.viewer.viewer).toHaveAttribute('data-fully-loaded', 'true');
}

test('brightness, contrast and gamma change the slide on screen, live, and reset', async ({
  app,
}, testInfo) => {
  const { page } = app;
  await openSlide(app);
  const before = await screenLuminance(page);
  await expect(page.getByTestId('adjusted-badge')).toHaveCount(0);

  await page.getByTestId('adjustments-toggle').click();
  const panel = page.getByTestId('adjustments-panel');
  await expect(panel).toBeVisible();
  await panel.getByTestId('adjust-brightness').fill('0.6');
  await expect(page.getByTestId('adjusted-badge')).toBeVisible();
  await expect.poll(() => screenLuminance(page)).toBeLessThan(before * 0.8);

  await panel.getByTestId('adjust-brightness').fill('1');
  await panel.getByTestId('adjust-gamma').fill('2');
  // Gamma 2 lifts the mid-tones above the original.
  await expect.poll(() => screenLuminance(page)).toBeGreaterThan(before + 5);

  await panel.getByTestId('adjust-contrast').fill('2');
  await expect(panel.getByTestId('adjust-contrast')).toHaveValue('2');
  await page.setViewportSize({ width: 1366, height: 768 });
  await saveScreen(page, testInfo, 'viewer-adjustments-1366');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await saveScreen(page, testInfo, 'viewer-adjustments-1920');

  // Tiles loaded by a pan come adjusted too.
  const adjusted = await screenLuminance(page);
  await page.getByTestId('slide-viewer').click({ position: { x: 40, y: 200 } });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(app.viewer.viewer).toHaveAttribute('data-fully-loaded', 'true');
  expect(Math.abs((await screenLuminance(page)) - adjusted)).toBeLessThan(25);

  await page.getByTestId('adjustments-toggle').click();
  await page.getByTestId('adjust-reset').click();
  await expect(page.getByTestId('adjusted-badge')).toHaveCount(0);
  // Back to the tiles as they are: the pan moved the view, so compare with a fresh view.
  await app.viewer.preset(10).click();
  await expect.poll(async () => Math.abs((await screenLuminance(page)) - before)).toBeLessThan(25);
});

test('the setting stays with the viewport when the next slide opens', async ({ app }) => {
  const { page } = app;
  await openSlide(app);
  await page.getByTestId('adjustments-toggle').click();
  await page.getByTestId('adjust-contrast').fill('1.5');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('adjustments-panel')).toHaveCount(0);
  const first = await page.getByTestId('slide-viewer').getAttribute('data-slide-id');
  await page.getByTestId('slide-viewer').click({ position: { x: 40, y: 200 } });
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('slide-viewer')).not.toHaveAttribute('data-slide-id', first!);
  await expect(page.getByTestId('adjusted-badge')).toBeVisible();
  await page.getByTestId('adjustments-toggle').click();
  await expect(page.getByTestId('adjust-contrast')).toHaveValue('1.5');
});
