/**
 * The hospital archive end to end: a real Orthanc (Debian's, DICOMweb plugin) on a free
 * loopback port, its own web host and data folder, and Chromium.
 *
 * Worklist prefetch is off in this host (lookahead 0), so that one case stays uncached
 * on purpose; the other is marked "available offline" through the UI.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import type { OrthancServer } from '../scripts/orthanc/index';
import { buildTestSeries, startOrthanc } from '../scripts/orthanc/index';
import { saveScreen } from './support/artifacts';
import type { TestHost } from './support/testHost';
import { startTestHost } from './support/testHost';
import { TileRecorder } from './support/tileRecorder';
import './support/viewerHook';

test.describe.configure({ mode: 'serial' });

const PINNED = 'ARCH-0001';
const UNCACHED = 'ARCH-0002';

let orthanc: OrthancServer;
let host: TestHost;
let work: string;

function startHost(): Promise<TestHost> {
  return startTestHost({
    dataDir: path.join(work, 'data'),
    systemLocale: 'en-GB',
    deps: {
      // No demo library: only archive cases in this worklist.
      prepareDemoLibrary: (dir) =>
        fs.promises.mkdir(dir, { recursive: true }).then(() => undefined),
      prefetch: { lookahead: 0 },
      archiveTimeoutMs: 3000,
    },
  });
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-archive-'));
  orthanc = await startOrthanc();
  for (const [i, accession] of [PINNED, UNCACHED].entries()) {
    const series = await buildTestSeries(path.join(work, `series-${i}`), {
      width: 3072,
      height: 2048,
      tileSize: 256,
      maxSizeMB: 10,
      thumbnail: { width: 384, height: 256 },
      label: { width: 300, height: 300 },
      dataset: {
        PatientName: `ARCHIVE^Patient${i + 1}`,
        PatientID: `IPP${i + 1}`,
        AccessionNumber: accession,
        StudyDescription: i === 0 ? 'Biopsie gastrique' : 'Examen extemporané: ganglion',
        ContainerIdentifier: 'A1',
      },
    });
    await orthanc.upload(series.files);
  }
  host = await startHost();
});

test.afterAll(async () => {
  await host?.stop();
  await orthanc?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

async function openApp(page: Page): Promise<void> {
  await page.goto(host.entryUrl);
  await expect(page.getByTestId('worklist-table')).toBeVisible();
}

const row = (page: Page, accession: string) =>
  page.getByTestId('worklist-row').filter({ hasText: accession });

async function openFirstSlide(page: Page, accession: string): Promise<string> {
  await row(page, accession).dblclick();
  await expect(page.getByTestId('case-accession')).toHaveText(accession);
  const card = page.getByTestId('slide-card').first();
  const slideId = (await card.getAttribute('data-slide-id'))!;
  await card.locator('button').click();
  await page.waitForFunction((id) => window.__viewer?.slideId === id, slideId);
  return slideId;
}

/** Waits until the view is still and every tile it needs is drawn. */
async function waitSharp(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const v = window.__viewer;
      return (
        !!v && v.isFullyLoaded() && !(v.osd.isAnimating?.() ?? false) && !v.osd.world.needsDraw()
      );
    },
    undefined,
    { timeout: 30_000 },
  );
}

/** The 40× preset, then a still, sharp view at 40× (not the view before the zoom). */
async function zoomTo40(page: Page): Promise<void> {
  await page.getByTestId('preset-40').click();
  await page.waitForFunction(
    () => Math.abs((window.__viewer?.getMagnification() ?? 0) - 40) < 0.5,
    undefined,
    {
      timeout: 30_000,
    },
  );
  await waitSharp(page);
}

test('the archive is added in Settings, tested, and the worklist fills from it', async ({
  page,
}, testInfo) => {
  await openApp(page);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('archive-name').fill('PACS Lille');
  await page.getByTestId('archive-url').fill(orthanc.dicomwebUrl);
  // "Test connection" asks the archive for pathology studies without saving it; Save then
  // keeps what passed, without asking.
  await page.getByTestId('archive-test').click();
  await expect(page.getByTestId('archive-test-result')).toHaveAttribute('data-ok', 'true', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('archive-test-result')).toContainText('2 slide studies');
  await expect(page.getByTestId('archive-row')).toHaveCount(0);
  await page.getByTestId('archive-save').click();
  await expect(page.getByTestId('archive-save-anyway-confirm')).toHaveCount(0);
  const archive = page.getByTestId('archive-row').filter({ hasText: 'PACS Lille' });
  await expect(archive).toHaveAttribute('data-state', 'online');
  await saveScreen(page, testInfo, 'archive-settings');

  await page.getByTestId('nav-worklist').click();
  await expect(row(page, PINNED)).toBeVisible({ timeout: 30_000 });
  await expect(row(page, UNCACHED)).toBeVisible();
  // The frozen section is recognised from the study description.
  await expect(row(page, UNCACHED)).toHaveAttribute('data-priority', 'frozen');
  await expect(row(page, PINNED)).toContainText('ARCHIVE');
});

test('a case marked available offline reaches 100% and survives an app restart', async ({
  page,
}, testInfo) => {
  await openApp(page);
  await row(page, PINNED).dblclick();
  const toggle = page.getByTestId('offline-toggle');
  await expect(toggle).toBeEnabled();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const progress = page.getByTestId('offline-progress');
  await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const total = Number(await progress.getAttribute('data-total'));
  expect(total).toBeGreaterThan(100);
  await expect(progress).toHaveAttribute('data-done', String(total));
  await saveScreen(page, testInfo, 'archive-case-offline');

  // Restart the whole workstation on the same data folder (a new port, as after a reboot).
  await host.stop();
  host = await startHost();
  await openApp(page);
  const inWorklist = row(page, PINNED).getByTestId('case-progress');
  await expect(inWorklist).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(inWorklist).toHaveAttribute('data-pinned', 'true');
  await expect(inWorklist).toHaveAttribute('data-total', String(total));
  await saveScreen(page, testInfo, 'archive-worklist');
});

test('a prefetched case opens with every tile from the cache', async ({ page }) => {
  await openApp(page);
  const tiles = new TileRecorder(page);
  const slideId = await openFirstSlide(page, PINNED);
  await waitSharp(page);
  await zoomTo40(page);
  expect(tiles.of(slideId, 0).length).toBeGreaterThan(0);
  // Batch answers are read after they arrive: wait for the tiles served to carry an origin.
  const served = () => tiles.of(slideId).filter((t) => t.status === 200);
  await expect.poll(() => served().filter((t) => t.origin !== null).length).toBeGreaterThan(4);
  await expect.poll(() => served().every((t) => t.origin !== null)).toBe(true);
  expect(new Set(served().map((t) => t.origin))).toEqual(new Set(['cache']));
});

test('with Orthanc stopped, the prefetched case still views, an uncached one shows placeholders, and all resumes', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await openApp(page);
  // See the uncached slide once while online (its levels are remembered), at low power only.
  await openFirstSlide(page, UNCACHED);
  await waitSharp(page);
  await page.getByTestId('nav-worklist').click();

  await orthanc.halt();

  // The prefetched case views normally at 40×.
  const pinnedSlide = await openFirstSlide(page, PINNED);
  await waitSharp(page);
  await zoomTo40(page);
  await expect(page.getByTestId('offline-tiles')).toHaveCount(0);
  expect(await page.evaluate(() => window.__viewer?.slideId)).toBe(pinnedSlide);

  // The uncached case: full-resolution tiles are not here, and say so.
  await page.getByTestId('nav-worklist').click();
  await openFirstSlide(page, UNCACHED);
  await page.getByTestId('preset-40').click();
  const notice = page.getByTestId('offline-tiles');
  await expect(notice).toBeVisible({ timeout: 30_000 });
  expect(Number(await notice.getAttribute('data-count'))).toBeGreaterThan(0);
  await expect(page.getByTestId('offline-banner')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
  await saveScreen(page, testInfo, 'archive-offline-placeholders');

  // Orthanc comes back: the banner goes and the placeholders are replaced by the slide.
  await orthanc.restart();
  await expect(page.getByTestId('offline-banner')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online');
  await expect(notice).toHaveCount(0, { timeout: 30_000 });
  await waitSharp(page);
  await saveScreen(page, testInfo, 'archive-back-online');
});
