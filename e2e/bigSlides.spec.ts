/**
 * Real-size demo slides (a 20 × 15 mm breast resection, needle cores of 15 × 1 mm) in the
 * viewer: the whole section at low power, then 40× on the tumour with nuclei sharp, every
 * tile rendered on demand by the engine (none written when the library was made).
 */
import type { AppPage } from './pages/AppPage';
import { callApi } from './support/api';
import { saveScreen } from './support/artifacts';
import { hostEnv } from './support/env';
import { expect, test } from './support/fixtures';
import { TileRecorder } from './support/tileRecorder';

/** The demo lumpectomy: one 20 × 15 mm section, in H&E and ER. */
const RESECTION = '-004630';
/** The prostate needle biopsies: two slides of three cores. */
const CORES = '-013521';
const SIZES = {
  1366: { width: 1366, height: 768 },
  1920: { width: 1920, height: 1080 },
} as const;

async function openSlide(app: AppPage, suffix: string): Promise<string> {
  await app.worklist.open(suffix);
  const card = app.case.cards.first();
  const slideId = await app.case.slideId(card);
  await card.first().getByRole('button').first().click();
  await app.viewer.waitForSlide(slideId);
  return slideId;
}

for (const width of [1366, 1920] as const) {
  test(`the resection: whole section at low power, nuclei at 40× (${width} px)`, async ({
    app,
  }, testInfo) => {
    test.setTimeout(180_000);
    await app.page.setViewportSize(SIZES[width]);
    const tiles = new TileRecorder(app.page);
    const slideId = await openSlide(app, RESECTION);
    // Opened whole: the 20 × 15 mm section fits the viewer (its four sides in view).
    const inView = () =>
      app.page.evaluate(() => {
        const v = window.__viewer;
        const box = document.querySelector('[data-testid=slide-viewer]')?.getBoundingClientRect();
        if (!v || !box) return null;
        const a = v.slideToClient(80128 * 0.05, 59904 * 0.07);
        const b = v.slideToClient(80128 * 0.95, 59904 * 0.93);
        if (!a || !b) return null;
        return [a.x >= box.left, a.y >= box.top, b.x <= box.right, b.y <= box.bottom];
      });
    expect(await inView()).toEqual([true, true, true, true]);
    const whole = await app.viewer.canvasStats();
    expect(whole.tissue / whole.sampled, JSON.stringify(whole)).toBeGreaterThan(0.1);
    expect(whole.heLike / whole.tissue, JSON.stringify(whole)).toBeGreaterThan(0.5);
    expect(tiles.of(slideId, 0), 'no level-0 tile at low power').toHaveLength(0);
    await saveScreen(app.page, testInfo, `big-resection-whole-${width}`);

    // 1.25× (8 µm per screen pixel): a quarter of the section or so, from coarse levels.
    await app.viewer.preset(1.25).click();
    await expect.poll(() => app.viewer.getMagnification()).toBeCloseTo(1.25, 1);
    await app.viewer.waitFullyLoaded(slideId);
    const low = await app.viewer.canvasStats();
    expect(low.tissue / low.sampled, JSON.stringify(low)).toBeGreaterThan(0.1);
    expect(tiles.of(slideId, 0), 'no level-0 tile at 1.25×').toHaveLength(0);
    await saveScreen(app.page, testInfo, `big-resection-low-${width}`);

    // 40× on the tumour (left of centre), panned there through the viewer's handle.
    await app.page.evaluate(() => {
      const x = 80128 * 0.42;
      const y = 59904 * 0.52;
      window.__viewer?.flyTo({ minX: x - 600, minY: y - 400, maxX: x + 600, maxY: y + 400 }, 0);
    });
    await app.viewer.preset(40).click();
    await expect.poll(() => app.viewer.getMagnification()).toBeCloseTo(40, 0);
    await app.viewer.waitFullyLoaded(slideId);
    const hi = await app.viewer.canvasStats();
    expect(hi.tissue / hi.sampled, JSON.stringify(hi)).toBeGreaterThan(0.3);
    expect(hi.heLike / hi.tissue, JSON.stringify(hi)).toBeGreaterThan(0.5);
    // Sharp nuclei: hematoxylin-dark pixels, a few percent of the view (none when blurred).
    const dark = await app.page.evaluate(() => {
      const canvas = window.__viewer?.osd.drawer.canvas;
      if (!(canvas instanceof HTMLCanvasElement)) return -1;
      const d = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      if (!d) return -1;
      let n = 0;
      let all = 0;
      for (let i = 0; i < d.length; i += 16) {
        all++;
        if ((d[i] ?? 255) + (d[i + 1] ?? 255) + (d[i + 2] ?? 255) < 420) n++;
      }
      return n / all;
    });
    expect(dark).toBeGreaterThan(0.01);
    expect(dark).toBeLessThan(0.5);
    await expect(app.viewer.tileErrors).toHaveCount(0);
    // A level-0 tile nobody has looked at yet is rendered when asked, as JPEG.
    const { baseUrl, token } = hostEnv();
    const col = 60 + Math.floor(Math.random() * 180);
    const res = await app.page.request.get(`${baseUrl}/tiles/${slideId}/0/${col}/117`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await res.body();
    const fresh = {
      status: res.status(),
      type: res.headers()['content-type'],
      soi: [body[0], body[1]],
    };
    expect(fresh).toEqual({ status: 200, type: 'image/jpeg', soi: [0xff, 0xd8] });
    await saveScreen(app.page, testInfo, `big-resection-40x-${width}`);
    tiles.stop();
  });
}

test('needle cores: three long thin cores across the slide', async ({ app }, testInfo) => {
  test.setTimeout(120_000);
  await app.page.setViewportSize(SIZES[1920]);
  const slideId = await openSlide(app, CORES);
  await app.viewer.waitFullyLoaded(slideId);
  const stats = await app.viewer.canvasStats();
  expect(stats.tissue / stats.sampled, JSON.stringify(stats)).toBeGreaterThan(0.05);
  await saveScreen(app.page, testInfo, 'big-cores-low-1920');
});

test('in French: the resection and the cores, whole, at 1366 and 1920 px', async ({
  app,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  await callApi(request, 'updateSettings', { language: 'fr' });
  try {
    await app.page.setViewportSize(SIZES[1366]);
    await app.page.reload();
    const resection = await openSlide(app, RESECTION);
    await app.viewer.waitFullyLoaded(resection);
    await expect(app.page.getByRole('button', { name: /Retour au dossier/ })).toBeVisible();
    await expect(app.page.getByTestId('coverage')).toContainText('Vu');
    const whole = await app.viewer.canvasStats();
    expect(whole.tissue / whole.sampled, JSON.stringify(whole)).toBeGreaterThan(0.1);
    await saveScreen(app.page, testInfo, 'big-resection-whole-1366-fr');
    await app.page.setViewportSize(SIZES[1920]);
    await app.page.getByTestId('nav-worklist').click();
    const cores = await openSlide(app, CORES);
    await app.viewer.waitFullyLoaded(cores);
    await expect(app.page.getByRole('button', { name: /Retour au dossier/ })).toBeVisible();
    await saveScreen(app.page, testInfo, 'big-cores-low-1920-fr');
  } finally {
    await callApi(request, 'updateSettings', { language: null });
  }
});
