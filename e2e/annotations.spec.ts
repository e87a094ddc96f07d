/**
 * Annotations on a real demo slide, through the web host: every tool drawn with the mouse
 * at known slide positions (placed through the viewer's own transform), the stored
 * geometry and the panel's measurement checked against the engine; undo and redo of every
 * change; GeoJSON out and back in, and a bad file refused whole; mitoses counted in an
 * area; shapes staying on the tissue under rotation and flip (the image's outline on
 * OSD's canvas against the annotation's on ours); panning, right-click and Shift-drag.
 * Screens of each tool in use are saved at 1366×768 and 1920×1080, in English and French.
 *
 * The host is shared by the run: each test starts its slide with no annotation, and puts
 * the language back.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Page, TestInfo } from '@playwright/test';
import { hpfAreaMm2 } from '../electron/common/annotations/counting';
import { formatArea, formatCount, formatLength } from '../electron/common/annotations/format';
import type { Geometry } from '../electron/common/annotations/geometry';
import { measure } from '../electron/common/annotations/measure';
import type { Annotation, SlideInfo } from '../electron/common/contract';
import type { AppPage } from './pages/AppPage';
import type { Pt } from './pages/AnnotationsPage';
import { callApi } from './support/api';
import { saveScreen } from './support/artifacts';
import { expect, test } from './support/fixtures';

const SIZES = {
  small: { width: 1366, height: 768 },
  large: { width: 1920, height: 1080 },
};

test.afterEach(async ({ request }) => {
  await callApi(request, 'updateSettings', { language: null });
});

interface Slide {
  id: string;
  info: SlideInfo;
  /** Slide point at a fraction of the viewer's width and height (0–1). */
  at: (fx: number, fy: number) => Promise<Pt>;
  /** Slide pixels per CSS pixel now. */
  pxPerScreenPx: () => Promise<number>;
}

/** Opens the H&E slide of the lymph node case, with no annotation, in `language`. */
async function openHeSlide(
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

function close(actual: number, expected: number, tolerance: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    tolerance,
  );
}

/** The last annotation the engine holds once it holds `n`. */
async function lastStored(
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
function expectedMain(g: Geometry, info: SlideInfo, language: 'en' | 'fr' = 'en'): string {
  const m = measure(g, info.mpp);
  if (m.length !== null) return formatLength(m.length, m.spacingKnown, language).text;
  if (m.area !== null) return formatArea(m.area, m.spacingKnown, language).text;
  return '';
}

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await saveScreen(page, testInfo, name);
}

test('every tool draws with the mouse; the engine stores it in slide pixels with its measurement', async ({
  app,
  request,
}, testInfo) => {
  const slide = await openHeSlide(app, request, { size: 'small' });
  const a = app.annotations;
  const tol = 2 * (await slide.pxPerScreenPx());
  let n = 0;

  // Point: where the button is released.
  await a.choose('point');
  const p = await slide.at(0.3, 0.3);
  await a.click(p);
  let stored = await lastStored(app, request, slide, ++n);
  expect(stored).toMatchObject({ kind: 'point', geometry: { type: 'point' } });
  if (stored.geometry.type !== 'point') throw new Error();
  close(stored.geometry.point.x, p.x, tol, 'point x');
  close(stored.geometry.point.y, p.y, tol, 'point y');
  await shot(app.page, testInfo, 'annotations-point-1366-en');

  // Ruler: its length shown while drawing and in the panel, in µm.
  await a.choose('line');
  const l0 = await slide.at(0.35, 0.55);
  const l1 = await slide.at(0.6, 0.7);
  await a.drag([l0, l1], { hold: true });
  await expect(a.liveMeasure).toHaveText(/\d\s(µm|mm)$/);
  await shot(app.page, testInfo, 'annotations-line-1366-en');
  await app.page.mouse.up();
  stored = await lastStored(app, request, slide, ++n);
  expect(stored).toMatchObject({ kind: 'line', geometry: { type: 'polyline' } });
  if (stored.geometry.type !== 'polyline') throw new Error();
  close(stored.geometry.points[0]!.x, l0.x, tol, 'line start x');
  close(stored.geometry.points[1]!.y, l1.y, tol, 'line end y');
  await expect(a.row(stored.id).getByTestId('annotation-measure')).toContainText(
    expectedMain(stored.geometry, slide.info),
  );

  // Arrow: two points, pointing at the second.
  await a.choose('arrow');
  const r0 = await slide.at(0.75, 0.3);
  const r1 = await slide.at(0.62, 0.42);
  await a.drag([r0, r1]);
  stored = await lastStored(app, request, slide, ++n);
  expect(stored).toMatchObject({ kind: 'arrow', geometry: { type: 'polyline' } });
  if (stored.geometry.type !== 'polyline') throw new Error();
  close(stored.geometry.points[1]!.x, r1.x, tol, 'arrow head x');
  await shot(app.page, testInfo, 'annotations-arrow-1366-en');

  // Rectangle: area and perimeter in the panel; the box's sides while drawing.
  await a.choose('rectangle');
  const b0 = await slide.at(0.4, 0.25);
  const b1 = await slide.at(0.55, 0.45);
  await a.drag([b0, b1], { hold: true });
  await expect(a.liveMeasure).toContainText('×');
  await shot(app.page, testInfo, 'annotations-rectangle-1366-en');
  await app.page.mouse.up();
  stored = await lastStored(app, request, slide, ++n);
  if (stored.geometry.type !== 'rectangle') throw new Error(stored.geometry.type);
  close(stored.geometry.x, Math.min(b0.x, b1.x), tol, 'rectangle x');
  close(stored.geometry.width, Math.abs(b1.x - b0.x), 2 * tol, 'rectangle width');
  close(stored.geometry.height, Math.abs(b1.y - b0.y), 2 * tol, 'rectangle height');
  const rectRow = a.row(stored.id).getByTestId('annotation-measure');
  await expect(rectRow).toContainText(expectedMain(stored.geometry, slide.info));
  await expect(rectRow).toContainText('perimeter');
  const mm = measure(stored.geometry, slide.info.mpp);
  expect(mm.area).toBeCloseTo(
    stored.geometry.width * stored.geometry.height * slide.info.mpp!.x * slide.info.mpp!.y,
    3,
  );

  // Ellipse.
  await a.choose('ellipse');
  const e0 = await slide.at(0.62, 0.5);
  const e1 = await slide.at(0.75, 0.65);
  await a.drag([e0, e1], { hold: true });
  await shot(app.page, testInfo, 'annotations-ellipse-1366-en');
  await app.page.mouse.up();
  stored = await lastStored(app, request, slide, ++n);
  expect(stored).toMatchObject({ kind: 'ellipse', geometry: { type: 'ellipse' } });

  // Polygon: one click per vertex, double-click on the last.
  await a.choose('polygon');
  const poly = [
    await slide.at(0.25, 0.5),
    await slide.at(0.32, 0.45),
    await slide.at(0.36, 0.52),
    await slide.at(0.3, 0.6),
  ];
  for (const v of poly.slice(0, 3)) await a.click(v);
  await a.moveTo(poly[3]!);
  await shot(app.page, testInfo, 'annotations-polygon-1366-en');
  await a.doubleClick(poly[3]!);
  stored = await lastStored(app, request, slide, ++n);
  expect(stored).toMatchObject({ kind: 'polygon', geometry: { type: 'polygon' } });
  if (stored.geometry.type !== 'polygon') throw new Error();
  const ring = stored.geometry.rings[0]!;
  expect(ring).toHaveLength(4);
  ring.forEach((v, i) => {
    close(v.x, poly[i]!.x, tol, `vertex ${i} x`);
    close(v.y, poly[i]!.y, tol, `vertex ${i} y`);
  });

  // Freehand: a lasso around a region, closed on release and simplified.
  await a.choose('freehand');
  const centre = await slide.at(0.47, 0.7);
  const radius = 40 * (await slide.pxPerScreenPx());
  const loop = Array.from({ length: 25 }, (_, i) => {
    const t = (2 * Math.PI * i) / 24;
    return { x: centre.x + radius * Math.cos(t), y: centre.y + radius * Math.sin(t) };
  });
  await a.drag(loop, { hold: true, steps: 2 });
  await shot(app.page, testInfo, 'annotations-freehand-1366-en');
  await app.page.mouse.up();
  stored = await lastStored(app, request, slide, ++n);
  expect(stored).toMatchObject({ kind: 'freehand', geometry: { type: 'polygon' } });
  if (stored.geometry.type !== 'polygon') throw new Error();
  const lasso = stored.geometry.rings[0]!;
  expect(lasso.length).toBeGreaterThanOrEqual(8);
  for (const v of lasso)
    close(Math.hypot(v.x - centre.x, v.y - centre.y), radius, 3 * tol, 'lasso');

  // Text note: the text is asked where it is placed.
  await a.choose('text');
  const note = await slide.at(0.8, 0.75);
  await a.click(note);
  await expect(a.textPrompt).toBeVisible();
  await app.page.keyboard.type('Capsule intact');
  await shot(app.page, testInfo, 'annotations-text-1366-en');
  await app.page.keyboard.press('Enter');
  stored = await lastStored(app, request, slide, ++n);
  expect(stored).toMatchObject({ kind: 'text', text: 'Capsule intact' });
  await expect(a.textPrompt).toBeHidden();

  // Every annotation is listed; the select tool shows the selected one's handles.
  await expect(a.rows).toHaveCount(n);
  await a.choose('select');
  await a.click(p);
  await shot(app.page, testInfo, 'annotations-select-1366-en');
});

test('undo and redo every change: create, move, vertex edit, class, delete', async ({
  app,
  request,
}) => {
  const slide = await openHeSlide(app, request);
  const a = app.annotations;
  const { page } = app;
  const tol = 2 * (await slide.pxPerScreenPx());
  const b0 = await slide.at(0.4, 0.4);
  const b1 = await slide.at(0.55, 0.6);
  await page.keyboard.press('b');
  await expect(a.tool('rectangle')).toHaveAttribute('aria-pressed', 'true');
  await a.drag([b0, b1]);
  const created = await lastStored(app, request, slide, 1);
  if (created.geometry.type !== 'rectangle') throw new Error();
  const g0 = created.geometry;

  // Move: the select tool drags the selected shape (it was selected on creation).
  await page.keyboard.press('v');
  const dx = 60 * (await slide.pxPerScreenPx());
  const inside = { x: g0.x + g0.width / 2, y: g0.y + g0.height / 2 };
  await a.drag([inside, { x: inside.x + dx, y: inside.y }]);
  await expect
    .poll(async () => {
      const [r] = await a.list(request, slide.id);
      return r?.geometry.type === 'rectangle' ? Math.round(r.geometry.x - g0.x) : null;
    })
    .toBeGreaterThan(dx - tol);

  // Vertex edit: the bottom-right handle.
  const corner = { x: g0.x + dx + g0.width, y: g0.y + g0.height };
  await a.drag([corner, { x: corner.x + dx, y: corner.y + dx }]);
  await expect
    .poll(async () => {
      const [r] = await a.list(request, slide.id);
      return r?.geometry.type === 'rectangle' ? Math.round(r.geometry.width - g0.width) : null;
    })
    .toBeGreaterThan(dx - tol);

  // Class, from the right-click menu.
  await a.click(inside, { button: 'right' });
  await expect(a.menu).toBeVisible();
  await a.menu.locator('[data-testid=menu-class][data-class-id=tumour]').click();
  await expect.poll(async () => (await a.list(request, slide.id))[0]?.classId).toBe('tumour');

  // Delete with the key.
  await page.keyboard.press('Delete');
  await a.stored(request, slide.id, 0);
  await expect(a.rows).toHaveCount(0);

  // Undo, step by step: the deleted record comes back with its id, then each change unwinds.
  await page.keyboard.press('Control+z');
  const back = await lastStored(app, request, slide, 1);
  expect(back.id).toBe(created.id);
  expect(back.classId).toBe('tumour');
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await a.list(request, slide.id))[0]?.classId).toBeNull();
  await page.keyboard.press('Control+z');
  await expect
    .poll(async () => {
      const [r] = await a.list(request, slide.id);
      return r?.geometry.type === 'rectangle' ? Math.round(r.geometry.width) : null;
    })
    .toBe(Math.round(g0.width));
  await page.keyboard.press('Control+z');
  await expect
    .poll(async () => (await a.list(request, slide.id))[0]?.geometry)
    .toEqual(created.geometry);
  await a.toolbar.getByTestId('annotation-undo').click();
  await a.stored(request, slide.id, 0);
  await expect(a.toolbar.getByTestId('annotation-undo')).toBeDisabled();

  // Redo with both keys.
  await page.keyboard.press('Control+Shift+z');
  expect((await lastStored(app, request, slide, 1)).id).toBe(created.id);
  await page.keyboard.press('Control+y');
  await page.keyboard.press('Control+y');
  await page.keyboard.press('Control+y');
  await expect.poll(async () => (await a.list(request, slide.id))[0]?.classId).toBe('tumour');
  await page.keyboard.press('Control+y');
  await a.stored(request, slide.id, 0);
  await expect(a.toolbar.getByTestId('annotation-redo')).toBeDisabled();
});

test('GeoJSON: exported, imported back identical; a bad file shows the engine’s message and imports nothing', async ({
  app,
  request,
}, testInfo) => {
  const slide = await openHeSlide(app, request);
  const a = app.annotations;
  await a.choose('line');
  await a.drag([await slide.at(0.3, 0.3), await slide.at(0.5, 0.35)]);
  await a.choose('rectangle');
  await a.drag([await slide.at(0.4, 0.5), await slide.at(0.5, 0.65)]);
  await a.choose('polygon');
  for (const [fx, fy] of [
    [0.6, 0.4],
    [0.7, 0.45],
  ] as const)
    await a.click(await slide.at(fx, fy));
  await a.doubleClick(await slide.at(0.65, 0.6));
  const before = await a.stored(request, slide.id, 3);

  const download = app.page.waitForEvent('download');
  await app.page.getByTestId('annotations-export').click();
  const file = testInfo.outputPath('slide.geojson');
  await (await download).saveAs(file);
  const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    type: string;
    features: unknown[];
  };
  expect(exported.type).toBe('FeatureCollection');
  expect(exported.features).toHaveLength(3);

  await app.page.getByTestId('annotations-import-file').setInputFiles(file);
  await expect(a.ioMessage).toHaveText('3 objects imported.');
  const after = await a.stored(request, slide.id, 6);
  await expect(a.rows).toHaveCount(6);
  const copies = after.filter((x) => !before.some((b) => b.id === x.id));
  for (const original of before) {
    const copy = copies.find((c) => c.kind === original.kind);
    expect(copy?.geometry, original.kind).toEqual(original.geometry);
  }

  // A file the engine refuses: its message is shown, nothing is added.
  const bad = testInfo.outputPath('bad.geojson');
  fs.writeFileSync(
    bad,
    JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [10, 10] }, properties: {} },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [-5e9, 10] }, properties: {} },
      ],
    }),
  );
  await app.page.getByTestId('annotations-import-file').setInputFiles(bad);
  await expect(a.ioMessage).toContainText('Nothing was imported.');
  const message = await a.ioMessage.textContent();
  expect(message?.length ?? 0, 'the engine says what is wrong').toBeGreaterThan(
    'Nothing was imported. '.length + 10,
  );
  await expect(a.ioMessage).toHaveAttribute('role', 'alert');
  expect(await a.list(request, slide.id)).toHaveLength(6);
  await saveScreen(app.page, testInfo, 'annotations-import-refused-1600-en');
  expect(path.basename(file)).toBe('slide.geojson');
});

test('counting mitoses in an area: count, mm², per mm² and per 10 HPF', async ({
  app,
  request,
}, testInfo) => {
  const slide = await openHeSlide(app, request, { size: 'large', language: 'fr' });
  const a = app.annotations;
  await app.page.keyboard.press('c');
  await expect(a.count).toBeVisible();
  await expect(a.count.getByTestId('count-class')).toHaveValue('mitosis');
  // The area: a drag with the count tool.
  const c0 = await slide.at(0.35, 0.3);
  const c1 = await slide.at(0.6, 0.7);
  await a.drag([c0, c1]);
  const area = await lastStored(app, request, slide, 1);
  // Five mitoses inside, one outside.
  for (const [fx, fy] of [
    [0.4, 0.35],
    [0.45, 0.5],
    [0.5, 0.4],
    [0.55, 0.6],
    [0.42, 0.65],
    [0.7, 0.5],
  ] as const) {
    await a.click(await slide.at(fx, fy));
  }
  const all = await a.stored(request, slide.id, 7);
  expect(all.filter((x) => x.classId === 'mitosis')).toHaveLength(6);
  await expect(a.count.getByTestId('count-value')).toHaveText('5');
  const areaMm2 = (measure(area.geometry, slide.info.mpp).area ?? 0) / 1e6;
  const density = 5 / areaMm2;
  await expect(a.count.getByTestId('count-area')).toHaveText(
    formatArea(areaMm2 * 1e6, true, 'fr').text,
  );
  await expect(a.count.getByTestId('count-density')).toHaveText(
    `${formatCount(density, 'fr')} par mm²`,
  );
  await expect(a.count.getByTestId('count-per10')).toHaveText(
    formatCount(density * 10 * hpfAreaMm2(0.55), 'fr'),
  );
  await saveScreen(app.page, testInfo, 'annotations-count-1920-fr');

  // Undo the last mitosis inside: the count follows.
  await app.page.keyboard.press('Control+z');
  await app.page.keyboard.press('Control+z');
  await expect(a.count.getByTestId('count-value')).toHaveText('4');
});

/** The bounding box of the pixels drawn on a canvas (alpha above `minAlpha`). */
async function drawnBox(page: Page, which: 'image' | 'overlay', minAlpha: number) {
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

test('a shape stays on the tissue under rotation and flip', async ({ app, request }, testInfo) => {
  const slide = await openHeSlide(app, request);
  const a = app.annotations;
  const { page } = app;
  const { width, height } = slide.info;
  // A rectangle dragged from beyond one corner of the slide to beyond the other: it is
  // kept on the slide, so it is the slide's outline.
  // Zoomed out as far as it goes, the slide has glass-free margins all around.
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  await app.viewer.waitFullyLoaded(slide.id);
  await a.choose('rectangle');
  const box = await app.viewer.viewer.boundingBox();
  if (!box) throw new Error('no viewer');
  const tl = await a.client({ x: 0, y: 0 });
  const br = await a.client({ x: width, y: height });
  const inX = (x: number) => Math.min(box.x + box.width - 2, Math.max(box.x + 2, x));
  const inY = (y: number) => Math.min(box.y + box.height - 2, Math.max(box.y + 2, y));
  // From beyond the bottom-right corner (clear of the tools) to beyond the top-left one.
  await page.mouse.move(inX(br.x + 15), inY(br.y + 15));
  await page.mouse.down();
  await page.mouse.move(inX(tl.x - 15), inY(tl.y - 15), { steps: 8 });
  await page.mouse.up();
  const stored = await lastStored(app, request, slide, 1);
  expect(stored.geometry).toEqual({ type: 'rectangle', x: 0, y: 0, width, height });
  await page.keyboard.press('Escape'); // no handles: only the outline is drawn
  await page.keyboard.press('v');

  for (const [keys, name] of [
    [[], 'upright'],
    [['r'], 'rotated 90°'],
    [['f'], 'rotated 90° and flipped'],
    // Flipped, the keys turn the other way on the slide: 0°, then −30°.
    [['r', ']', ']', ']', ']', ']', ']'], 'rotated −30° and flipped'],
    [['f', 'Shift+R', '['], 'rotated −125°'],
  ] as const) {
    for (const k of keys) await page.keyboard.press(k);
    await page.keyboard.press('0');
    await app.viewer.waitFullyLoaded(slide.id);
    // The image drawn by OpenSeadragon and the outline drawn by us cover the same box (the
    // outline's halo is 2 px wide on each side). Polled: the last tiles of a corner may land
    // a frame after the view is still.
    const halo = 3;
    await expect
      .poll(
        async () => {
          const image = await drawnBox(page, 'image', 200);
          const outline = await drawnBox(page, 'overlay', 100);
          return Math.max(
            ...(['minX', 'minY', 'maxX', 'maxY'] as const).map((k) =>
              Math.abs(outline[k] - image[k]),
            ),
          );
        },
        {
          message: `${name}: largest gap between the image's box and the outline's`,
          timeout: 10_000,
        },
      )
      .toBeLessThanOrEqual(halo);
    if (name === 'rotated −30° and flipped') {
      await saveScreen(page, testInfo, 'annotations-rotated-flipped-1600-en');
    }
  }
});

test('the select tool pans on glass; right-click opens the menu; Shift-drag measures without saving; the wheel zooms while drawing', async ({
  app,
  request,
}, testInfo) => {
  const slide = await openHeSlide(app, request);
  const a = app.annotations;
  const { page, viewer } = app;
  await a.choose('rectangle');
  const b0 = await slide.at(0.45, 0.4);
  const b1 = await slide.at(0.6, 0.6);
  await a.drag([b0, b1]);
  const rect = await lastStored(app, request, slide, 1);
  await page.keyboard.press('Escape');
  await expect(a.rows.first()).not.toHaveAttribute('aria-current', 'true');

  // Select tool, nothing selected: a drag across the rectangle pans; nothing changes.
  await page.keyboard.press('v');
  const before = await viewer.viewportState();
  const mid = { x: (b0.x + b1.x) / 2, y: (b0.y + b1.y) / 2 };
  const start = await a.client(mid);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x - 150, start.y - 80, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await viewer.viewportState()).x).not.toBeCloseTo(before.x, 3);
  expect((await a.list(request, slide.id))[0]?.geometry).toEqual(rect.geometry);

  // A click selects it; right-click opens its menu, Esc closes it.
  await a.click(mid);
  await expect(a.row(rect.id)).toHaveAttribute('aria-current', 'true');
  await a.click(mid, { button: 'right' });
  await expect(a.menu).toBeVisible();
  await saveScreen(page, testInfo, 'annotations-menu-1600-en');
  await page.keyboard.press('Escape');
  await expect(a.menu).toBeHidden();

  // Shift-drag: a measure that is shown and not stored.
  await page.keyboard.press('Escape');
  await a.drag([await slide.at(0.2, 0.3), await slide.at(0.35, 0.5)], { shift: true, hold: true });
  await expect(a.liveMeasure).toContainText('Measure, not saved');
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect(a.liveMeasure).toContainText('mm²');
  await saveScreen(page, testInfo, 'annotations-measure-1600-en');
  expect(await a.list(request, slide.id)).toHaveLength(1);
  await page.keyboard.press('Escape');
  await expect(a.liveMeasure).toBeHidden();

  // A polygon closed with Enter, its tool chosen with the mouse (the button had the focus).
  await a.choose('polygon');
  for (const [fx, fy] of [
    [0.7, 0.3],
    [0.8, 0.35],
    [0.75, 0.45],
  ] as const)
    await a.click(await slide.at(fx, fy));
  await page.keyboard.press('Enter');
  expect((await lastStored(app, request, slide, 2)).kind).toBe('polygon');
  await expect(a.tool('polygon')).toHaveAttribute('aria-pressed', 'true');

  // With a drawing tool active, the wheel still zooms.
  await page.keyboard.press('g');
  const zoom = (await viewer.viewportState()).zoom;
  const c = await a.client(mid);
  await page.mouse.move(c.x, c.y);
  await page.mouse.wheel(0, -400);
  await expect.poll(async () => (await viewer.viewportState()).zoom).toBeGreaterThan(zoom * 1.1);
  expect(await a.list(request, slide.id)).toHaveLength(2);
});

test('the panel flies to an annotation, renames and re-classes it, and hides a class', async ({
  app,
  request,
}) => {
  const slide = await openHeSlide(app, request);
  const a = app.annotations;
  const { page } = app;
  await page.getByTestId('draw-class').selectOption('necrosis');
  await a.choose('ellipse');
  await a.drag([await slide.at(0.3, 0.3), await slide.at(0.36, 0.38)]);
  const ellipse = await lastStored(app, request, slide, 1);
  expect(ellipse.classId).toBe('necrosis');

  // Away from it, then back by its row.
  await page.getByTestId('preset-40').click();
  await app.viewer.waitFullyLoaded(slide.id);
  await a.row(ellipse.id).getByRole('button').first().click();
  await expect
    .poll(async () => {
      const g = ellipse.geometry;
      if (g.type !== 'ellipse') return false;
      const box = await app.viewer.viewer.boundingBox();
      const tl = await a.client({ x: g.x, y: g.y });
      const br = await a.client({ x: g.x + g.width, y: g.y + g.height });
      return (
        !!box &&
        tl.x >= box.x &&
        tl.y >= box.y &&
        br.x <= box.x + box.width &&
        br.y <= box.y + box.height &&
        br.x - tl.x > box.width / 4
      );
    })
    .toBe(true);

  // Rename and re-class in the row's editor.
  const row = a.row(ellipse.id);
  await row.getByTestId('annotation-name').fill('Focus of necrosis');
  await row.getByTestId('annotation-name').press('Enter');
  await expect
    .poll(async () => (await a.list(request, slide.id))[0]?.name)
    .toBe('Focus of necrosis');
  await row.getByTestId('annotation-class').selectOption('tumour');
  await expect.poll(async () => (await a.list(request, slide.id))[0]?.classId).toBe('tumour');
  await expect(row).toContainText('Focus of necrosis');

  // Hide the class: its rows leave the list, the overlay draws nothing.
  await page.keyboard.press('Escape');
  await page.locator('[data-testid=class-visibility][data-class-id=tumour]').click();
  await expect(a.rows).toHaveCount(0);
  // The overlay is redrawn at the next animation frame, after the list (once read before it
  // under load): wait for it.
  await expect
    .poll(async () => (await drawnBox(page, 'overlay', 10)).maxX, { message: 'nothing drawn' })
    .toBeLessThan(0);
  await page.locator('[data-testid=class-visibility][data-class-id=tumour]').click();
  await expect(a.rows).toHaveCount(1);
});

test('the cheat sheet lists every annotation key, in English and in French', async ({
  app,
  request,
}, testInfo) => {
  await openHeSlide(app, request, { size: 'large' });
  const { page, cheatSheet } = app;
  await page.keyboard.press('?');
  await expect(cheatSheet.getByRole('heading', { name: 'Annotations' })).toBeVisible();
  for (const line of [
    'Select, move and edit annotations',
    'Ruler (length)',
    'Polygon (click the vertices)',
    'Undo the last annotation change',
    'Delete the selected annotation',
    'Measure a box without saving it',
  ]) {
    await expect(cheatSheet.getByText(line, { exact: true })).toBeVisible();
  }
  await saveScreen(page, testInfo, 'annotations-cheatsheet-1920-en');
  await page.keyboard.press('Escape');
  await callApi(request, 'updateSettings', { language: 'fr' });
  await page.reload();
  await expect(app.annotations.toolbar).toBeVisible();
  await page.keyboard.press('?');
  for (const line of ['Règle (longueur)', 'Annuler la dernière modification d’annotation']) {
    await expect(cheatSheet.getByText(line, { exact: true })).toBeVisible();
  }
  await saveScreen(page, testInfo, 'annotations-cheatsheet-1920-fr');
});

test('screens: every tool and the panel at 1366×768 in French and 1920×1080 in English', async ({
  app,
  request,
}, testInfo) => {
  // Two languages, two sizes, a dozen screens: over a minute on a shared, loaded machine.
  test.setTimeout(180_000);
  for (const [size, language] of [
    ['small', 'fr'],
    ['large', 'en'],
  ] as const) {
    const slide = await openHeSlide(app, request, { size, language });
    const a = app.annotations;
    const tag = `${size === 'small' ? '1366' : '1920'}-${language}`;
    await app.page.getByTestId('draw-class').selectOption('tumour');
    await a.choose('polygon');
    for (const [fx, fy] of [
      [0.3, 0.3],
      [0.45, 0.25],
      [0.5, 0.45],
    ] as const)
      await a.click(await slide.at(fx, fy));
    await a.doubleClick(await slide.at(0.32, 0.5));
    await app.page.getByTestId('draw-class').selectOption('stroma');
    await a.choose('freehand');
    const loop = [];
    for (let i = 0; i <= 16; i++) {
      const t = (2 * Math.PI * i) / 16;
      loop.push(await slide.at(0.65 + 0.06 * Math.cos(t), 0.35 + 0.08 * Math.sin(t)));
    }
    await a.drag(loop, { steps: 2 });
    await app.page.getByTestId('draw-class').selectOption('');
    await a.choose('line');
    await a.drag([await slide.at(0.3, 0.7), await slide.at(0.55, 0.78)]);
    await a.choose('arrow');
    await a.drag([await slide.at(0.75, 0.75), await slide.at(0.62, 0.6)]);
    await a.choose('count');
    await a.drag([await slide.at(0.4, 0.55), await slide.at(0.55, 0.68)]);
    for (const [fx, fy] of [
      [0.43, 0.58],
      [0.47, 0.62],
      [0.52, 0.6],
    ] as const)
      await a.click(await slide.at(fx, fy));
    await a.choose('text');
    await a.click(await slide.at(0.7, 0.55));
    await app.page.keyboard.type(language === 'fr' ? 'Capsule respectée' : 'Capsule intact');
    await app.page.keyboard.press('Enter');
    await a.stored(request, slide.id, 9);
    await saveScreen(app.page, testInfo, `annotations-all-${tag}`);
    await a.choose('rectangle');
    await a.drag([await slide.at(0.2, 0.2), await slide.at(0.28, 0.3)], { hold: true });
    await saveScreen(app.page, testInfo, `annotations-drawing-${tag}`);
    await app.page.mouse.up();
    await a.choose('select');
    await a.click(await slide.at(0.45, 0.25), { button: 'right' });
    await saveScreen(app.page, testInfo, `annotations-menu-${tag}`);
    await app.page.keyboard.press('Escape');
    await app.navWorklist().click();
    await callApi(request, 'updateSettings', { language: null });
  }
});
