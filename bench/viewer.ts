/**
 * Time from a jump to a new 40× field of view until the viewport is fully sharp, in
 * Debian's Chromium at 1600×900 (PERFORMANCE.md's setting), for a cold cache (tiles come
 * from the slide file through the engine) and a warm one (every tile in cache.db). Each
 * mode gets a fresh browser context, so the browser's own HTTP cache never helps.
 */
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../e2e/support/chromium';
import type { TestHost } from '../e2e/support/testHost';
import type { BenchSlide } from './tiles';
import '../e2e/support/viewerHook';
import { percentile, table } from './stats';

export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions);
}

/** Opens the app, then the case and the slide, and waits for the viewer's first sharp view. */
export async function openSlide(
  page: Page,
  host: TestHost,
  accession: string,
  slideId: string,
): Promise<void> {
  await page.goto(host.entryUrl);
  await page.getByTestId('worklist-row').filter({ hasText: accession }).first().dblclick();
  await page
    .locator(`[data-testid="slide-card"][data-slide-id="${slideId}"] button`)
    .first()
    .click();
  await page.waitForFunction(
    (id) => window.__viewer?.slideId === id && window.__viewer.isFullyLoaded(),
    slideId,
    {
      timeout: 30_000,
    },
  );
}

/** 8 fields of view spread over the middle of a slide, never twice the same place (level-0 pixels). */
export function fieldsOfView(info: { width: number; height: number }): { x: number; y: number }[] {
  return Array.from({ length: 8 }, (_, i) => ({
    x: info.width * (0.2 + 0.6 * ((i * 0.37) % 1)),
    y: info.height * (0.25 + 0.5 * ((i * 0.61) % 1)),
  }));
}

/** Jumps to each point (level-0 pixels) at 40× and returns the ms until fully sharp. */
export async function jumps(
  page: Page,
  points: { x: number; y: number }[],
  mpp: number,
): Promise<number[]> {
  return page.evaluate(
    async ({ points, mpp }) => {
      const v = window.__viewer!;
      const vp = v.osd.viewport;
      // No named function in here: tsx would wrap it in a helper the page does not have.
      const times: number[] = [];
      for (const p of points) {
        const t0 = performance.now();
        vp.zoomTo(vp.imageToViewportZoom((40 * mpp) / 10), undefined, true);
        vp.panTo(vp.imageToViewportCoordinates(p.x, p.y), true);
        await new Promise<void>((r) => requestAnimationFrame(() => r()));
        while (!v.isFullyLoaded()) await new Promise<void>((r) => requestAnimationFrame(() => r()));
        times.push(performance.now() - t0);
      }
      return times;
    },
    { points, mpp },
  );
}

export async function benchViewer(
  host: TestHost,
  slide: BenchSlide,
  accession: string,
): Promise<string> {
  const mpp = slide.info.mpp?.x ?? 0.25;
  const points = fieldsOfView(slide.info);
  const browser = await launchChromium();
  const rows: (string | number)[][] = [['cache', 'p50 ms', 'p95 ms', 'max ms']];
  try {
    for (const mode of ['cold', 'warm'] as const) {
      if (mode === 'cold') await host.workstation.cache.removeSlide(slide.identity);
      const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
      const page = await context.newPage();
      await openSlide(page, host, accession, slide.slideId);
      const times = (await jumps(page, points, mpp)).sort((a, b) => a - b);
      rows.push([mode, percentile(times, 50), percentile(times, 95), times[times.length - 1]!]);
      await context.close();
      await host.workstation.cache.flush();
    }
  } finally {
    await browser.close();
  }
  return [
    `Viewer: 8 jumps to a new 40× field, 1600×900, until fully sharp (Chromium, canvas drawer)`,
    table(rows),
  ].join('\n');
}
