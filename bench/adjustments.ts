/**
 * Brightness, contrast and gamma (features/adjustments) while panning, in the real viewer
 * (Debian Chromium, 1600×900, canvas drawer). The figure is the frame interval (one
 * requestAnimationFrame timestamp to the next) while the view is panned by 10 CSS px every
 * frame, so that work anywhere in the frame (script, drawing, compositing) shows. Rounds
 * with the adjustments off and on alternate, so both meet the same machine load; the median
 * of each is kept. Measured at 10× and with the whole slide in view.
 *
 * History: a CSS filter on the canvas doubled the frame interval here (16.7 → 33–67 ms p50,
 * software compositing); the tiles are now processed once each (viewer/tileAdjust.ts).
 */
import type { Page } from 'playwright-core';
import type { TestHost } from '../e2e/support/testHost';
import '../e2e/support/viewerHook';
import { percentile, table } from './stats';
import type { BenchSlide } from './tiles';
import { launchChromium, openSlide } from './viewer';

const FRAMES = 240;
const STEP_PX = 10;
const ROUNDS = Number(process.env.BENCH_ADJ_ROUNDS) || 4;
const ZOOMS = [
  { label: '10×', magnification: 10 },
  { label: 'whole slide', magnification: null },
] as const;
/** A strong setting using all three functions (gamma goes through the SVG filter). */
const ON = { adjust_brightness: '1.2', adjust_contrast: '1.4', adjust_gamma: '1.5' };
const OFF = { adjust_brightness: '1', adjust_contrast: '1', adjust_gamma: '1' };

async function setSliders(page: Page, values: Record<string, string>): Promise<void> {
  await page.evaluate((v) => {
    for (const [name, value] of Object.entries(v)) {
      const input = document.querySelector<HTMLInputElement>(
        `[data-testid="${name.replace('_', '-')}"]`,
      )!;
      // React listens to input events and reads the value through the native setter.
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }, values);
  await page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
  );
}

/** Frame intervals (ms) over one pan back and forth. */
async function panIntervals(page: Page): Promise<number[]> {
  return page.evaluate(
    async ({ frames, step }) => {
      const vp = window.__viewer!.osd.viewport as unknown as {
        panBy(delta: { x: number; y: number }, immediately: boolean): void;
        getContainerSize(): { x: number };
        getZoom(current: boolean): number;
      };
      const unit = 1 / (vp.getContainerSize().x * vp.getZoom(true));
      const stamps: number[] = [];
      for (let i = 0; i < frames; i++) {
        stamps.push(await new Promise<number>((r) => requestAnimationFrame(r)));
        const dir = i < frames / 2 ? 1 : -1;
        vp.panBy({ x: dir * step * unit, y: 0 }, true);
      }
      return stamps.slice(5).map((t, i) => t - stamps[i + 4]!);
    },
    { frames: FRAMES, step: STEP_PX },
  );
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

export async function benchAdjustments(
  host: TestHost,
  slide: BenchSlide,
  accession: string,
): Promise<string> {
  const browser = await launchChromium();
  const rows: (string | number)[][] = [
    ['adjustments', 'zoom', 'frame p50 ms', 'frame p95 ms', 'p95 / off'],
  ];
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    const page = await context.newPage();
    await openSlide(page, host, accession, slide.slideId);
    await page.getByTestId('adjustments-toggle').click();
    for (const z of ZOOMS) {
      await page.evaluate((m) => {
        const v = window.__viewer!;
        if (m === null) (v.osd.viewport as unknown as { goHome(now: boolean): void }).goHome(true);
        else v.goToMagnification(m);
      }, z.magnification);
      await page.waitForFunction(() => window.__viewer!.isFullyLoaded(), null, {
        timeout: 60_000,
      });
      await panIntervals(page); // loads the tiles of the strip
      const off: { p50: number; p95: number }[] = [];
      const on: { p50: number; p95: number }[] = [];
      for (let r = 0; r < 2 * ROUNDS; r++) {
        await setSliders(page, r % 2 === 0 ? OFF : ON);
        const sorted = (await panIntervals(page)).sort((a, b) => a - b);
        (r % 2 === 0 ? off : on).push({
          p50: percentile(sorted, 50),
          p95: percentile(sorted, 95),
        });
      }
      const o = { p50: median(off.map((x) => x.p50)), p95: median(off.map((x) => x.p95)) };
      const n = { p50: median(on.map((x) => x.p50)), p95: median(on.map((x) => x.p95)) };
      rows.push(['off', z.label, o.p50.toFixed(1), o.p95.toFixed(1), '1.00×']);
      rows.push([
        'brightness 1.2, contrast 1.4, gamma 1.5',
        z.label,
        n.p50.toFixed(1),
        n.p95.toFixed(1),
        `${(n.p95 / o.p95).toFixed(2)}×`,
      ]);
    }
    await context.close();
  } finally {
    await browser.close();
  }
  return [
    `Image adjustments: frame interval while panning ${STEP_PX} px per frame, 1600×900, median of ${ROUNDS} rounds off and ${ROUNDS} on, alternating (Chromium, canvas drawer)`,
    table(rows),
  ].join('\n');
}
