/**
 * Annotations and the view, on a real demo slide through the web host: shapes staying on
 * the tissue under rotation and flip (the image's outline on OSD's canvas against the
 * annotation's on ours); panning, right-click and Shift-drag; the panel flying to an
 * annotation, renaming, re-classing and hiding a class; the cheat sheet's keys. Screens of
 * each tool in use are saved at 1366×768 and 1920×1080, in English and French. Drawing,
 * undo, GeoJSON and counting are in annotations.spec.ts.
 *
 * The host is shared by the run: each test starts its slide with no annotation, and puts
 * the language back.
 */
import { callApi } from './support/api';
import { drawnBox, lastStored, openHeSlide } from './support/annotationSlide';
import { saveScreen } from './support/artifacts';
import { expect, test } from './support/fixtures';

test.afterEach(async ({ request }) => {
  await callApi(request, 'updateSettings', { language: null });
});

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
