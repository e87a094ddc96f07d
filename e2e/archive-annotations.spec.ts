/**
 * "Save to archive" end to end: a real Orthanc (Debian's, DICOMweb plugin) on a free
 * loopback port with one slide study, its own web host and data folder, and Chromium. A
 * rectangle drawn with the mouse on the archive's slide is saved from the AI panel; the
 * window then lists the archive's annotation object and, once shown, draws it (pixels of
 * the AI overlay's canvas, not the annotation's own); QIDO-RS finds the ANN instance in the
 * slide's study, and dciodvfy (dicom3tools) finds no error in it as Orthanc returns it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import {
  dciodvfy,
  dciodvfyInstalled,
} from '../electron/core/annotations/dicomAnn/testing/dciodvfy';
import type { DicomJson } from '../electron/core/sources/dicom/dicomJson';
import { DicomwebClient } from '../electron/core/sources/dicomweb/client';
import type { OrthancServer } from '../scripts/orthanc/index';
import { buildTestSeries, startOrthanc } from '../scripts/orthanc/index';
import { AnnotationsPage } from './pages/AnnotationsPage';
import type { TestHost } from './support/testHost';
import { startTestHost } from './support/testHost';
import './support/viewerHook';

test.describe.configure({ mode: 'serial' });

const ACCESSION = 'ANN-0001';
/** Microscopy Bulk Simple Annotations Storage (PS3.4 B.5). */
const ANN_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.91.1';
const SCREENS = path.resolve(import.meta.dirname, '../build/screens/annotations');

let orthanc: OrthancServer;
let host: TestHost;
let work: string;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-archive-ann-'));
  orthanc = await startOrthanc();
  const series = await buildTestSeries(path.join(work, 'series'), {
    width: 3072,
    height: 2048,
    tileSize: 256,
    maxSizeMB: 10,
    thumbnail: { width: 384, height: 256 },
    label: { width: 300, height: 300 },
    dataset: {
      PatientName: 'ARCHIVE^Annotations',
      PatientID: 'IPP9',
      AccessionNumber: ACCESSION,
      StudyDescription: 'Biopsie colique',
      ContainerIdentifier: 'A1',
    },
  });
  await orthanc.upload(series.files);
  host = await startTestHost({
    dataDir: path.join(work, 'data'),
    systemLocale: 'en-GB',
    deps: {
      // No demo library: only the archive's case in this worklist.
      prepareDemoLibrary: (dir) =>
        fs.promises.mkdir(dir, { recursive: true }).then(() => undefined),
      prefetch: { lookahead: 0 },
      archiveTimeoutMs: 3000,
    },
  });
  const ws = host.workstation.handlers;
  await ws.saveArchive({ name: 'PACS', baseUrl: orthanc.dicomwebUrl, auth: { kind: 'none' } });
  await ws.syncArchives({});
  await ws.updateSettings({ authorName: 'Dr Test' });
});

test.afterAll(async () => {
  await host?.stop();
  await orthanc?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function value(ds: DicomJson | undefined, tag: string): string {
  const v = (ds?.[tag]?.Value as unknown[] | undefined)?.[0];
  return typeof v === 'string' ? v : '';
}

/** The strongest alpha of the AI canvas within 2 CSS px of a window point. */
function aiAlphaNear(page: Page, at: { x: number; y: number }): Promise<number> {
  return page.evaluate((at) => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=ai-overlay]');
    if (!canvas) return 0;
    const box = canvas.getBoundingClientRect();
    const dpr = canvas.width / box.width;
    const k = Math.ceil(2 * dpr);
    const x = Math.round((at.x - box.left) * dpr);
    const y = Math.round((at.y - box.top) * dpr);
    const data = canvas.getContext('2d')!.getImageData(x - k, y - k, 2 * k + 1, 2 * k + 1).data;
    let best = 0;
    for (let i = 3; i < data.length; i += 4) best = Math.max(best, data[i]!);
    return best;
  }, at);
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), animations: 'disabled' });
}

test('a drawn rectangle saved to the archive: listed and drawn back in the window, an ANN instance in the study for QIDO-RS, valid for dciodvfy', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(host.entryUrl);
  await page.getByTestId('worklist-row').filter({ hasText: ACCESSION }).dblclick();
  await expect(page.getByTestId('case-accession')).toHaveText(ACCESSION);
  const card = page.getByTestId('slide-card').first();
  const slideId = (await card.getAttribute('data-slide-id'))!;
  await card.locator('button').click();
  await page.waitForFunction((id) => window.__viewer?.slideId === id, slideId);
  await page.waitForFunction(() => window.__viewer?.isFullyLoaded() ?? false, null, {
    timeout: 30_000,
  });

  // A rectangle, drawn with the mouse.
  const a = new AnnotationsPage(page);
  await a.choose('rectangle');
  const from = { x: 800, y: 600 };
  const to = { x: 1800, y: 1200 };
  await a.drag([from, to]);
  await expect
    .poll(async () => (await host.workstation.handlers.listAnnotations({ slideId })).length)
    .toBe(1);
  const [drawn] = await host.workstation.handlers.listAnnotations({ slideId });
  if (drawn?.geometry.type !== 'rectangle') throw new Error('not a rectangle');
  await a.choose('select');

  // Saved from the AI panel; the archive's object is then listed.
  const panel = page.getByTestId('ai-panel');
  await expect(panel).toContainText('The archive holds no annotation object for this slide.');
  await expect(panel.getByTestId('archive-object')).toHaveCount(0);
  await panel.getByTestId('save-to-archive').click();
  await expect(panel.getByTestId('save-to-archive-result')).toHaveText(
    'Stored in the archive: version 1, 1 annotation.',
  );
  const object = panel.getByTestId('archive-object');
  await expect(object).toHaveCount(1);
  await expect(object).toContainText('Version 1');
  await expect(object).toContainText('saved from this workstation');

  // Our own copy is not drawn at first (the annotation is); shown, the AI layer draws it.
  const edge = await a.client({
    x: drawn.geometry.x,
    y: drawn.geometry.y + drawn.geometry.height / 2,
  });
  const inside = await a.client({
    x: drawn.geometry.x + drawn.geometry.width / 2,
    y: drawn.geometry.y + drawn.geometry.height / 2,
  });
  expect(await aiAlphaNear(page, edge)).toBe(0);
  await object.getByRole('checkbox').check();
  await expect.poll(() => aiAlphaNear(page, edge)).toBeGreaterThan(100);
  expect(await aiAlphaNear(page, inside)).toBe(0);
  // With the annotation itself hidden (its class's eye), a click on the archive's copy shows
  // what the archive says of it.
  await page
    .getByTestId('class-filter')
    .locator('li', { hasText: 'No class' })
    .getByTestId('class-visibility')
    .click();
  await page.mouse.click(edge.x, edge.y);
  await expect(page.getByTestId('ai-selection')).toContainText('From the archive: read-only.');
  await expect(page.getByTestId('ai-selection')).toContainText('Dr Test');
  await shot(page, 'ai-archive-objects-1920-en');
  await page.setViewportSize({ width: 1366, height: 768 });
  await shot(page, 'ai-archive-objects-1366-en');

  // The archive holds an ANN instance in the slide's study.
  const client = new DicomwebClient({ baseUrl: orthanc.dicomwebUrl });
  const [study] = await client.searchStudies({ match: { AccessionNumber: ACCESSION } });
  const studyUID = value(study, '0020000D');
  expect(studyUID).not.toBe('');
  const annSeries = await client.searchSeries(studyUID, { match: { Modality: 'ANN' } });
  expect(annSeries).toHaveLength(1);
  const seriesUID = value(annSeries[0], '0020000E');
  const instances = await client.searchInstances(studyUID, seriesUID);
  expect(instances).toHaveLength(1);
  expect(value(instances[0], '00080016')).toBe(ANN_SOP_CLASS);

  test.skip(!dciodvfyInstalled(), 'dciodvfy (dicom3tools) is not installed');
  const bytes = await client.retrieveInstance(studyUID, seriesUID, value(instances[0], '00080018'));
  const report = await dciodvfy(bytes);
  expect(report.errors).toEqual([]);
});
