/**
 * Library folders in Settings: a folder that does not exist is refused clearly and the app
 * keeps working; a real folder holding a slide adds its case to the worklist, and the slide
 * opens. The shared host's folders are put back as they were after each test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { callApi } from './support/api';
import { saveScreen } from './support/artifacts';
import { expect, test } from './support/fixtures';
import { writeHeSlide } from './support/localSlide';

let foldersBefore: string[] = [];

test.beforeEach(async ({ request }) => {
  foldersBefore = (await callApi(request, 'getSettings', {})).libraryFolders;
});

test.afterEach(async ({ request }) => {
  await callApi(request, 'updateSettings', { libraryFolders: foldersBefore });
});

test('a folder that is missing or is a file is refused with its reason, and nothing is saved', async ({
  app,
}) => {
  const { settings, page } = app;
  const missing = path.join(os.tmpdir(), `e2e-missing-${process.pid}-${Date.now()}`);
  const file = path.join(os.tmpdir(), `e2e-file-${process.pid}-${Date.now()}.svs`);
  fs.writeFileSync(file, 'not a folder');
  try {
    const casesBefore = await app.worklist.rows.count();
    await app.openSettings();
    await expect(settings.folders).toBeVisible();
    const listedBefore = await settings.folderEntries.count();

    await settings.addFolder(missing);
    await expect(settings.folderError).toContainText(
      'This folder does not exist on this computer.',
    );
    // The engine's English is there for hospital IT, behind "Details".
    const details = settings.folderError.getByRole('button', { name: 'Details' });
    await expect(settings.folderError.getByText(`Folder not found: ${missing}`)).toBeHidden();
    await details.click();
    await expect(settings.folderError.getByText(`Folder not found: ${missing}`)).toBeVisible();
    await expect(settings.folderEntry(missing)).toHaveCount(0);

    await settings.addFolder(file);
    await expect(settings.folderError).toContainText('This path names a file, not a folder.');
    await expect(settings.folderEntries).toHaveCount(listedBefore);
    expect((await callApi(page.request, 'getSettings', {})).libraryFolders).toEqual(foldersBefore);
    await expect(app.errorToast).toHaveCount(0);

    // The rest of the app is unaffected.
    await app.navWorklist().click();
    await expect(app.worklist.rows).toHaveCount(casesBefore);
  } finally {
    fs.rmSync(file, { force: true });
  }
});

test('"Test connection" tests without saving and leaves the app online; saving asks for a passed test', async ({
  app,
}, testInfo) => {
  const { page } = app;
  const archivesBefore = await callApi(page.request, 'listArchives', {});
  await app.openSettings();
  await page.getByTestId('archive-name').fill('PACS e2e down');
  // Port 9 (discard) has nothing listening on loopback.
  await page.getByTestId('archive-url').fill('http://127.0.0.1:9/dicom-web');
  await page.getByTestId('archive-test').click();
  const result = page.getByTestId('archive-test-result');
  await expect(result).toHaveAttribute('data-ok', 'false', { timeout: 30_000 });
  await expect(result).toHaveAttribute('data-code', 'unavailable');
  await expect(result).toContainText('The archive cannot be reached');
  await saveScreen(page, testInfo, 'settings-archive-test-failed');

  // Nothing saved, and the app did not go offline.
  expect(await callApi(page.request, 'listArchives', {})).toEqual(archivesBefore);
  expect((await callApi(page.request, 'getStatus', {})).online).toBe(true);
  await expect(page.getByTestId('offline-banner')).toHaveCount(0);

  // Save asks first; Cancel saves nothing.
  await page.getByTestId('archive-save').click();
  const confirm = page.getByTestId('archive-save-anyway-confirm');
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  expect(await callApi(page.request, 'listArchives', {})).toEqual(archivesBefore);
});

test('opening Settings from a slide and coming back keeps the view', async ({ app }) => {
  const { page, viewer } = app;
  await app.worklist.open('-013477');
  const slideId = await app.case.slideId(app.case.card('HE'));
  await page.keyboard.press('1');
  await viewer.waitForSlide(slideId);
  const whole = await viewer.viewportState();
  await viewer.preset(40).click();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await viewer.waitFullyLoaded(slideId);
  const before = await viewer.viewportState();
  expect(before.zoom).toBeGreaterThan(whole.zoom * 2);

  await app.openSettings();
  await app.settings.close.click();
  await viewer.waitForSlide(slideId);
  const after = await viewer.viewportState();
  expect(after.zoom).toBeCloseTo(before.zoom, 3);
  expect(after.x).toBeCloseTo(before.x, 4);
  expect(after.y).toBeCloseTo(before.y, 4);
});

test('a real folder with a slide adds its case to the worklist, and the slide opens', async ({
  app,
}, testInfo) => {
  const { settings, page, worklist } = app;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-library-'));
  try {
    await writeHeSlide(path.join(folder, 'E2E-LOCAL__A1 HE.svs'));
    await expect(worklist.row('E2E-LOCAL')).toHaveCount(0);
    const casesBefore = await worklist.rows.count();

    await app.openSettings();
    await settings.addFolder(folder);
    const entry = settings.folderEntry(folder);
    await expect(entry).toBeVisible();
    await expect(settings.rescanResult).toBeVisible();
    await expect(entry).not.toHaveAttribute('data-error', 'true');
    await expect(settings.folderError).toHaveText('');
    await expect
      .poll(async () => (await callApi(page.request, 'getSettings', {})).libraryFolders)
      .toContain(folder);
    await saveScreen(page, testInfo, 'settings');

    await app.navWorklist().click();
    await expect(worklist.rows).toHaveCount(casesBefore + 1);
    const row = worklist.row('E2E-LOCAL');
    await expect(row).toHaveCount(1);
    await expect(row.locator('.col-slides')).toHaveText('1');

    await worklist.open('E2E-LOCAL');
    await expect(app.case.cards).toHaveCount(1);
    const card = app.case.cards.first();
    await expect(card).not.toHaveAttribute('data-error', 'true');
    await expect(card.locator('.slide-stain')).toHaveText('HE');
    const slideId = await app.case.slideId(card);
    await page.keyboard.press('1');
    await app.viewer.waitForSlide(slideId);
    await saveScreen(page, testInfo, 'viewer-local-slide');
    const stats = await app.viewer.canvasStats();
    expect(stats.tissue / stats.sampled, JSON.stringify(stats)).toBeGreaterThan(0.1);
    expect(stats.heLike / stats.tissue, JSON.stringify(stats)).toBeGreaterThan(0.8);
    // Its pixel size came through: presets work.
    await app.viewer.preset(40).click();
    await expect(app.viewer.magnification).toHaveText('40×');

    // Removing the folder removes its case.
    await app.openSettings();
    await page.getByRole('button', { name: `Remove ${folder}` }).click();
    await expect(settings.folderEntry(folder)).toHaveCount(0);
    await app.navWorklist().click();
    await expect(worklist.rows).toHaveCount(casesBefore);
    await expect(worklist.row('E2E-LOCAL')).toHaveCount(0);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('the archive settings say truthfully that the web host keeps passwords in plain text', async ({
  app,
}) => {
  await app.openSettings();
  const note = app.page.getByTestId('archive-secret-storage');
  await expect(note).toHaveAttribute('data-storage', 'plain');
  await expect(note).toContainText('stored in plain text in the data folder');
});
