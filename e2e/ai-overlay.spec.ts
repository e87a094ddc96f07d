/**
 * The AI overlay on a real demo slide, through the web host: a GeoJSON of 3,000 detections
 * (points and polygons, two classes) imported through the annotation panel's Import button;
 * what the overlay draws is read back from its canvas's pixels (a marker where a detection
 * is, nothing where none is), the per-class eye and the opacity slider change those pixels;
 * a click shows a detection's properties; accepting (button, Shift+A) makes it an
 * annotation in the engine, rejecting (button, X) hides it; the keys are in the cheat
 * sheet in English and French. A heatmap (JSON grid) imported from the AI panel is drawn
 * where its probabilities are, and a bad one is refused with the engine's message.
 *
 * The slide (P…-004512, HE) is used by no other spec; its objects are removed at the end.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import type { Annotation, SlideInfo } from '../electron/common/contract';
import type { AppPage } from './pages/AppPage';
import type { Pt } from './pages/AnnotationsPage';
import { callApi } from './support/api';
import { expect, test } from './support/fixtures';

/** Screens for a human to look at (not committed). */
const SCREENS = path.resolve(import.meta.dirname, '../build/screens/annotations');
const SIZES = {
  small: { width: 1366, height: 768 },
  large: { width: 1920, height: 1080 },
};
const POINTS = 2_000;
const POLYGONS = 1_000;

test.afterEach(async ({ request }) => {
  await callApi(request, 'updateSettings', { language: null });
});

/** Removes every annotation, detection and heatmap of the slide (a few at a time). */
async function clearSlide(request: APIRequestContext, slideId: string): Promise<void> {
  const all = await callApi(request, 'listAnnotations', { slideId });
  for (let i = 0; i < all.length; i += 16) {
    await Promise.all(
      all.slice(i, i + 16).map((a) => callApi(request, 'deleteAnnotation', { id: a.id })),
    );
  }
  for (const h of await callApi(request, 'listHeatmaps', { slideId }))
    await callApi(request, 'deleteHeatmap', { id: h.id });
}

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where the test looks: known detections in the top half, the crowd in the bottom third. */
interface Probes {
  /** Mitosis points, alone in the top half. */
  mitoses: Pt[];
  /** A tumour-cell polygon (a square) alone in the top half: its centre and half side. */
  square: { centre: Pt; half: number };
  /** Nothing within a wide radius. */
  empty: Pt;
}

function probesOf(info: SlideInfo): Probes {
  const { width: w, height: h } = info;
  return {
    mitoses: [
      { x: 0.25 * w, y: 0.3 * h },
      { x: 0.35 * w, y: 0.3 * h },
      { x: 0.45 * w, y: 0.3 * h },
    ],
    square: { centre: { x: 0.7 * w, y: 0.3 * h }, half: 0.04 * Math.min(w, h) },
    empty: { x: 0.55 * w, y: 0.15 * h },
  };
}

/** QuPath GeoJSON: the probes, then POINTS mitoses and POLYGONS tumour cells in the bottom third. */
function detectionsGeoJson(info: SlideInfo, probes: Probes): string {
  const r = random(7);
  const { width: w, height: h } = info;
  const detection = (geometry: unknown, cls: string, i: number) => ({
    type: 'Feature',
    geometry,
    properties: {
      objectType: 'detection',
      classification: { name: cls },
      measurements: { Probability: Math.round(500 + (i % 500)) / 1000 },
    },
  });
  const square = (cx: number, cy: number, half: number) => ({
    type: 'Polygon',
    coordinates: [
      [
        [cx - half, cy - half],
        [cx + half, cy - half],
        [cx + half, cy + half],
        [cx - half, cy + half],
        [cx - half, cy - half],
      ],
    ],
  });
  const features = [
    ...probes.mitoses.map((p, i) =>
      detection({ type: 'Point', coordinates: [p.x, p.y] }, 'Mitosis', i),
    ),
    detection(
      square(probes.square.centre.x, probes.square.centre.y, probes.square.half),
      'Tumor',
      0,
    ),
  ];
  const below = () => 0.7 * h + r() * 0.28 * h;
  for (let i = 0; i < POINTS; i++)
    features.push(
      detection({ type: 'Point', coordinates: [0.02 * w + r() * 0.96 * w, below()] }, 'Mitosis', i),
    );
  for (let i = 0; i < POLYGONS; i++)
    features.push(detection(square(0.02 * w + r() * 0.96 * w, below(), 40), 'Tumor', i));
  return JSON.stringify({ type: 'FeatureCollection', features });
}

/** The strongest pixel of the AI canvas within `radius` CSS px of a window point. */
async function pixelNear(page: Page, at: Pt, radius = 2) {
  return page.evaluate(
    ({ at, radius }) => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=ai-overlay]');
      if (!canvas) return { alpha: 0, rgb: [0, 0, 0] };
      const box = canvas.getBoundingClientRect();
      const dpr = canvas.width / box.width;
      const x = Math.round((at.x - box.left) * dpr);
      const y = Math.round((at.y - box.top) * dpr);
      const k = Math.ceil(radius * dpr);
      const data = canvas.getContext('2d')!.getImageData(x - k, y - k, 2 * k + 1, 2 * k + 1).data;
      let best = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > data[best + 3]!) best = i;
      return { alpha: data[best + 3]!, rgb: [data[best]!, data[best + 1]!, data[best + 2]!] };
    },
    { at, radius },
  );
}

/** Waits for the frames after a change of the store (the overlay redraws in the next one). */
async function frames(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
  );
}

async function openSlide(app: AppPage, request: APIRequestContext) {
  await app.worklist.open('-004512');
  // The mastectomy has an HE slide per block: slide 1 is the first (block A1).
  const id = await app.case.slideId(app.case.card('HE').first());
  await clearSlide(request, id);
  await app.page.keyboard.press('1');
  await app.viewer.waitForSlide(id);
  await expect(app.annotations.panel).toBeVisible();
  const info = await callApi(request, 'getSlideInfo', { slideId: id });
  return { id, info };
}

const sameLayerRow = (page: Page, name: string) =>
  page.getByTestId('ai-panel').locator('li.class-row', { hasText: name });

async function detectionAt(
  request: APIRequestContext,
  slideId: string,
  p: Pt,
): Promise<Annotation> {
  const all = await callApi(request, 'listAnnotations', { slideId });
  const found = all.find(
    (a) =>
      a.geometry.type === 'point' &&
      Math.abs(a.geometry.point.x - p.x) < 1 &&
      Math.abs(a.geometry.point.y - p.y) < 1,
  );
  if (!found) throw new Error(`no detection at ${p.x}, ${p.y}`);
  return found;
}

test('imported detections: drawn, toggled per class, opacity, properties, accepted and rejected with buttons and keys', async ({
  app,
  request,
}) => {
  test.setTimeout(300_000);
  const { page } = app;
  await page.setViewportSize(SIZES.large);
  const { id, info } = await openSlide(app, request);
  const probes = probesOf(info);
  const a = app.annotations;
  try {
    // Through the panel's Import button, as a pathologist would.
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('annotations-import').click();
    await (
      await chooser
    ).setFiles({
      name: 'detections.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(detectionsGeoJson(info, probes)),
    });
    const total = POINTS + POLYGONS + probes.mitoses.length + 1;
    await expect(page.getByTestId('ai-to-review')).toHaveText(
      `${total.toLocaleString('en')} to review`,
      {
        timeout: 60_000,
      },
    );
    await expect(sameLayerRow(page, 'Mitosis')).toContainText(
      (POINTS + probes.mitoses.length).toLocaleString('en'),
    );
    await expect(sameLayerRow(page, 'Tumour')).toContainText((POLYGONS + 1).toLocaleString('en'));
    // Never one DOM node per object.
    expect(await page.locator('[data-testid=viewer] *').count()).toBeLessThan(500);
    await frames(page);

    const mitosis = await a.client(probes.mitoses[0]!);
    const squareEdge = await a.client({
      x: probes.square.centre.x - probes.square.half,
      y: probes.square.centre.y,
    });
    const empty = await a.client(probes.empty);
    // A marker where the mitosis is, the tumour outline on the square's edge, nothing elsewhere.
    await expect.poll(async () => (await pixelNear(page, mitosis)).alpha).toBeGreaterThan(150);
    const shown = await pixelNear(page, mitosis);
    expect((await pixelNear(page, squareEdge)).alpha).toBeGreaterThan(100);
    expect((await pixelNear(page, empty, 20)).alpha).toBe(0);

    // The eye of a class hides that class only.
    const mitosisEye = sameLayerRow(page, 'Mitosis').getByTestId('ai-layer-visibility');
    await mitosisEye.click();
    await expect(mitosisEye).toHaveAttribute('aria-pressed', 'false');
    await expect.poll(async () => (await pixelNear(page, mitosis)).alpha).toBe(0);
    expect((await pixelNear(page, squareEdge)).alpha).toBeGreaterThan(100);
    await mitosisEye.click();
    await expect.poll(async () => (await pixelNear(page, mitosis)).alpha).toBe(shown.alpha);

    // Opacity: 80 % by default, 40 % halves the alpha of the same pixel.
    await page.getByTestId('ai-opacity').fill('40');
    await expect
      .poll(async () => (await pixelNear(page, mitosis)).alpha)
      .toBeLessThan(shown.alpha * 0.6);
    expect((await pixelNear(page, mitosis)).alpha).toBeGreaterThan(shown.alpha * 0.4);
    await page.getByTestId('ai-opacity').fill('80');
    await expect.poll(async () => (await pixelNear(page, mitosis)).alpha).toBe(shown.alpha);

    // A click shows the detection's properties.
    const selection = page.getByTestId('ai-selection');
    await page.mouse.click(mitosis.x, mitosis.y);
    await expect(selection).toBeVisible();
    await expect(selection).toContainText('Mitosis');
    await expect(selection).toContainText('To review');
    await expect(selection).toContainText('Probability');
    await expect(selection).toContainText('0.5');
    await shotAt(page, 'ai-detection-properties-1920-en');

    // Accept with the button: an annotation in the engine.
    const first = await detectionAt(request, id, probes.mitoses[0]!);
    await selection.getByTestId('ai-accept').click();
    await expect
      .poll(async () => (await detectionAt(request, id, probes.mitoses[0]!)).objectType)
      .toBe('annotation');
    expect(await detectionAt(request, id, probes.mitoses[0]!)).toMatchObject({
      id: first.id,
      objectType: 'annotation',
      detectionStatus: 'accepted',
    });
    await expect(a.row(first.id)).toBeVisible();

    // Accept with Shift+A.
    const second = await a.client(probes.mitoses[1]!);
    await page.mouse.click(second.x, second.y);
    await expect(selection).toContainText('To review');
    await page.keyboard.press('Shift+A');
    await expect
      .poll(async () => (await detectionAt(request, id, probes.mitoses[1]!)).detectionStatus)
      .toBe('accepted');
    expect((await detectionAt(request, id, probes.mitoses[1]!)).objectType).toBe('annotation');

    // Reject with the button: hidden from the overlay, rejected in the engine.
    const third = await a.client(probes.mitoses[2]!);
    await page.mouse.click(third.x, third.y);
    await expect(selection).toContainText('To review');
    await selection.getByTestId('ai-reject').click();
    await expect
      .poll(async () => (await detectionAt(request, id, probes.mitoses[2]!)).detectionStatus)
      .toBe('rejected');
    await page.getByTestId('ai-selection').getByRole('button', { name: 'Close' }).click();
    await expect.poll(async () => (await pixelNear(page, third)).alpha).toBe(0);

    // Reject the tumour square with X.
    const inside = await a.client(probes.square.centre);
    await page.mouse.click(inside.x, inside.y);
    await expect(selection).toContainText('Tumour');
    await page.keyboard.press('x');
    await expect(selection).toContainText('Rejected');
    await expect.poll(async () => (await pixelNear(page, squareEdge)).alpha).toBe(0);
    const all = await callApi(request, 'listAnnotations', { slideId: id });
    expect(all.filter((x) => x.detectionStatus === 'rejected')).toHaveLength(2);
    expect(all.filter((x) => x.detectionStatus === 'accepted')).toHaveLength(2);
    await expect(page.getByTestId('ai-to-review')).toHaveText(
      `${(total - 4).toLocaleString('en')} to review`,
    );
    // The annotation panel counts the same: rejected detections are no longer to review.
    await expect(a.panel).toContainText(`${(total - 4).toLocaleString('en')} detections to review`);
    await shotAt(page, 'ai-panel-detections-1920-en');
    await page.setViewportSize(SIZES.small);
    await frames(page);
    await shotAt(page, 'ai-panel-detections-1366-en');
  } finally {
    await clearSlide(request, id);
  }
});

test('a heatmap imported from the AI panel (JSON grid, then its extent) is drawn; a bad one is refused whole', async ({
  app,
  request,
}) => {
  test.setTimeout(300_000);
  const { page } = app;
  await page.setViewportSize(SIZES.large);
  const { id, info } = await openSlide(app, request);
  try {
    // Nothing on the slide: the panel is one button, which leads to the import.
    await page.getByTestId('ai-panel-toggle').click();
    const panel = page.getByTestId('ai-panel');
    await expect(panel).toContainText('No detection or heatmap on this slide');
    const choose = async (name: string, body: unknown) => {
      const chooser = page.waitForEvent('filechooser');
      await panel.getByTestId('ai-heatmap-import').click();
      await (
        await chooser
      ).setFiles({
        name,
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(body)),
      });
    };
    // A bad grid: the engine's message, nothing imported.
    await choose('bad.json', { width: 2, height: 1, values: [0.5, 2] });
    await panel.getByTestId('ai-heatmap-submit').click();
    await expect(panel.getByTestId('ai-heatmap-message')).toContainText(
      'The heatmap was not imported.',
    );
    await expect(panel.getByTestId('ai-heatmap-message')).toContainText('probability from 0 to 1');
    expect(await callApi(request, 'listHeatmaps', { slideId: id })).toHaveLength(0);
    await panel.getByRole('button', { name: 'Cancel' }).click();

    // 4 × 2 cells over the whole slide (the form's default): certain on the left half,
    // 0 in the third column, no value in the last.
    await choose('tumour-probability.json', {
      width: 4,
      height: 2,
      values: [1, 1, 0, null, 1, 1, 0, null],
    });
    await expect(panel.getByTestId('ai-heatmap-width')).toHaveValue(String(info.width));
    await expect(panel.getByTestId('ai-heatmap-height')).toHaveValue(String(info.height));
    await panel.getByTestId('ai-heatmap-submit').click();
    await expect(panel.getByTestId('ai-heatmap-message')).toHaveText(
      'Heatmap tumour-probability imported.',
    );
    const stored = await callApi(request, 'listHeatmaps', { slideId: id });
    expect(stored).toMatchObject([
      { name: 'tumour-probability', gridWidth: 4, gridHeight: 2, extent: { x: 0, y: 0 } },
    ]);
    await expect(panel.getByText('tumour-probability', { exact: true })).toBeVisible();

    const a = app.annotations;
    const certain = await a.client({ x: info.width / 8, y: info.height / 4 });
    const none = await a.client({ x: (7 * info.width) / 8, y: info.height / 4 });
    await expect.poll(async () => (await pixelNear(page, certain)).alpha).toBeGreaterThan(100);
    const yellow = await pixelNear(page, certain);
    // viridis at 1 is yellow (#fde725), at half opacity by default.
    expect(yellow.rgb[0]).toBeGreaterThan(200);
    expect(yellow.rgb[1]).toBeGreaterThan(200);
    expect(yellow.rgb[2]).toBeLessThan(100);
    expect(yellow.alpha).toBeLessThan(160);
    expect((await pixelNear(page, none)).alpha).toBe(0);
    // Its eye hides it.
    await panel.getByRole('button', { name: 'Hide tumour-probability on the slide' }).click();
    await expect.poll(async () => (await pixelNear(page, certain)).alpha).toBe(0);
    await panel.getByRole('button', { name: 'Show tumour-probability on the slide' }).click();
    await expect.poll(async () => (await pixelNear(page, certain)).alpha).toBeGreaterThan(100);

    // Screens of the panel with detections and a heatmap.
    const probes = probesOf(info);
    await callApi(request, 'importAnnotations', {
      slideId: id,
      geojson: detectionsGeoJson(info, probes),
    });
    await page.reload();
    await app.viewer.waitForSlide(id);
    await expect(page.getByTestId('ai-to-review')).toHaveText(/to review/, { timeout: 60_000 });
    await shotAt(page, 'ai-panel-heatmap-detections-1920-en');
    await page.setViewportSize(SIZES.small);
    await frames(page);
    await shotAt(page, 'ai-panel-heatmap-detections-1366-en');
    await callApi(request, 'updateSettings', { language: 'fr' });
    await page.reload();
    await app.viewer.waitForSlide(id);
    await expect(page.getByTestId('ai-to-review')).toHaveText(/à revoir/, { timeout: 60_000 });
    await shotAt(page, 'ai-panel-heatmap-detections-1366-fr');
  } finally {
    await clearSlide(request, id);
  }
});

test('the cheat sheet lists the review keys, in English and in French', async ({
  app,
  request,
}) => {
  const { page, cheatSheet } = app;
  await openSlide(app, request);
  await page.keyboard.press('?');
  await expect(
    cheatSheet.getByText('Accept the selected AI detection (it becomes an annotation)', {
      exact: true,
    }),
  ).toBeVisible();
  await expect(
    cheatSheet.getByText('Reject the selected AI detection', { exact: true }),
  ).toBeVisible();
  await page.keyboard.press('Escape');
  await callApi(request, 'updateSettings', { language: 'fr' });
  await page.reload();
  await expect(app.annotations.toolbar).toBeVisible();
  await page.keyboard.press('?');
  await expect(
    cheatSheet.getByText('Accepter la détection IA sélectionnée (elle devient une annotation)', {
      exact: true,
    }),
  ).toBeVisible();
  await expect(
    cheatSheet.getByText('Rejeter la détection IA sélectionnée', { exact: true }),
  ).toBeVisible();
});

async function shotAt(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), animations: 'disabled' });
}
