/**
 * Annotations on a real demo slide, through the web host: every tool drawn with the mouse
 * at known slide positions (placed through the viewer's own transform), the stored
 * geometry and the panel's measurement checked against the engine; undo and redo of every
 * change; GeoJSON out and back in, and a bad file refused whole; mitoses counted in an
 * area. The view side (rotation and flip, panning, the panel, keys, screens) is in
 * annotationsView.spec.ts; shared steps in support/annotationSlide.ts.
 *
 * The host is shared by the run: each test starts its slide with no annotation, and puts
 * the language back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { hpfAreaMm2 } from '../electron/common/annotations/counting';
import { formatArea, formatCount } from '../electron/common/annotations/format';
import { measure } from '../electron/common/annotations/measure';
import { callApi } from './support/api';
import { close, expectedMain, lastStored, openHeSlide, shot } from './support/annotationSlide';
import { saveScreen } from './support/artifacts';
import { expect, test } from './support/fixtures';

test.afterEach(async ({ request }) => {
  await callApi(request, 'updateSettings', { language: null });
});

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
