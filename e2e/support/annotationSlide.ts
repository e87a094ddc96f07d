/**
 * The annotation e2e specs' shared steps (annotations.spec.ts, annotationsView.spec.ts):
 * the demo H&E opened with no annotation, where a fraction of the viewer is on the slide,
 * what the engine stored last, the measurement the panel should show, and the box of what
 * a canvas has drawn.
 */
import type { APIRequestContext, Page, TestInfo } from '@playwright/test';
import { formatArea, formatLength } from '../../electron/common/annotations/format';
import type { Geometry } from '../../electron/common/annotations/geometry';
import { measure } from '../../electron/common/annotations/measure';
import type { Annotation, SlideInfo } from '../../electron/common/contract';
import type { AppPage } from '../pages/AppPage';
import type { Pt } from '../pages/AnnotationsPage';
import { callApi } from './api';
import { saveScreen } from './artifacts';
import { expect } from './fixtures';

const SIZES = {
  small: { width: 1366, height: 768 },
  large: { width: 1920, height: 1080 },
};

export interface Slide {
  id: string;
  info: SlideInfo;
  /** Slide point at a fraction of the viewer's width and height (0–1). */
  at: (fx: number, fy: number) => Promise<Pt>;
  /** Slide pixels per CSS pixel now. */
  pxPerScreenPx: () => Promise<number>;
}

/** Opens the H&E slide of the lymph node case, with no annotation, in `language`. */
export async function openHeSlide(
  app: AppPage,
  request: APIRequestContext,
  options: { language?: 'fr' | 'en'; size?: keyof typeof SIZES } = {},
): Promise<Slide> {
  if (options.size) await app.page.setViewportSize(SIZES[options.size]);
  if (options.language) {
    await callApi(request, 'updateSettings', { language: options.language });
    await app.reload();
  }
  await app.worklist.open('-013477');
  const card = app.case.card('HE');
  const id = await app.case.slideId(card);
  await app.annotations.clear(request, id);
  await app.page.keyboard.press('1');
  await app.viewer.waitForSlide(id);
  await expect(app.annotations.toolbar).toBeVisible();
  await expect(app.annotations.panel).toBeVisible();
  const info = await callApi(request, 'getSlideInfo', { slideId: id });
  const at = async (fx: number, fy: number) => {
    const box = await app.viewer.viewer.boundingBox();
    if (!box) throw new Error('no viewer');
    return app.annotations.slideAt({ x: box.x + fx * box.width, y: box.y + fy * box.height });
  };
  const pxPerScreenPx = async () => {
    const a = await app.annotations.client({ x: 0, y: 0 });
    const b = await app.annotations.client({ x: 1000, y: 0 });
    return 1000 / Math.hypot(b.x - a.x, b.y - a.y);
  };
  return { id, info, at, pxPerScreenPx };
}

export function close(actual: number, expected: number, tolerance: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    tolerance,
  );
}

/** The last annotation the engine holds once it holds `n`. */
export async function lastStored(
  app: AppPage,
  request: APIRequestContext,
  slide: Slide,
  n: number,
): Promise<Annotation> {
  const list = await app.annotations.stored(request, slide.id, n);
  const last = list[list.length - 1];
  if (!last) throw new Error('nothing stored');
  return last;
}

/** What the panel shows as the main measurement of `g` on this slide. */
export function expectedMain(g: Geometry, info: SlideInfo, language: 'en' | 'fr' = 'en'): string {
  const m = measure(g, info.mpp);
  if (m.length !== null) return formatLength(m.length, m.spacingKnown, language).text;
  if (m.area !== null) return formatArea(m.area, m.spacingKnown, language).text;
  return '';
}

export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await saveScreen(page, testInfo, name);
}

/** The bounding box of the pixels drawn on a canvas (alpha above `minAlpha`). */
export async function drawnBox(page: Page, which: 'image' | 'overlay', minAlpha: number) {
  return page.evaluate(
    ({ which, minAlpha }) => {
      const canvas =
        which === 'image'
          ? (window.__viewer?.osd.drawer.canvas as HTMLCanvasElement)
          : document.querySelector<HTMLCanvasElement>('[data-testid=annotation-overlay]');
      if (!canvas) throw new Error(`no ${which} canvas`);
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      const { width, height } = canvas;
      const data = ctx.getImageData(0, 0, width, height).data;
      let minX = width;
      let minY = height;
      let maxX = -1;
      let maxY = -1;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          if ((data[(y * width + x) * 4 + 3] ?? 0) > minAlpha) {
            if (x < minX) minX = x;
            if (x > maxX) maxX = x;
            if (y < minY) minY = y;
            if (y > maxY) maxY = y;
          }
        }
      }
      const dpr = canvas.width / canvas.getBoundingClientRect().width;
      return { minX: minX / dpr, minY: minY / dpr, maxX: maxX / dpr, maxY: maxY / dpr };
    },
    { which, minAlpha },
  );
}
