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

test('a folder that does not exist is shown as unreadable and the app keeps working', async ({
  app,
}) => {
  const { settings, page } = app;
  const missing = path.join(os.tmpdir(), `e2e-missing-${process.pid}-${Date.now()}`);
  const casesBefore = await app.worklist.rows.count();

  await app.openSettings();
  await settings.addFolder(missing);
  const entry = settings.folderEntry(missing);
  await expect(entry).toBeVisible();
  await expect(entry).toHaveAttribute('data-error', 'true');
  await expect(entry.getByRole('note')).toHaveText(/Folder not found/);
  await expect(settings.rescanResult).toContainText('Could not be read:');
  await expect(settings.rescanResult).toContainText(missing);
  await expect(app.errorToast).toHaveCount(0);

  // The rest of the app is unaffected: the worklist and a case still open.
  await app.navWorklist().click();
  await expect(app.worklist.rows).toHaveCount(casesBefore);
  await app.worklist.open('-012847');
  await expect(app.case.cards).toHaveCount(1);

  // And the folder can be removed again.
  await app.openSettings();
  await page.getByRole('button', { name: `Remove ${missing}` }).click();
  await expect(settings.folderEntry(missing)).toHaveCount(0);
  await expect
    .poll(async () => (await callApi(page.request, 'getSettings', {})).libraryFolders)
    .not.toContain(missing);
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
