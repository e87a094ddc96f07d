/**
 * The signed report in the archive, through the browser (issue 8): a real Orthanc (Debian's,
 * DICOMweb plugin) on a free loopback port with one slide study, a web host of its own on a
 * new data folder, and Chromium. The case is opened from the worklist, the report written
 * with its conclusion and signed with the PIN in the sign-out dialog; then, as the outbox
 * delivers it on its own, QIDO-RS finds an Encapsulated PDF instance in the case's study,
 * WADO-RS reads it back, dciodvfy (dicom3tools) finds no error in it, and its PDF renders
 * with pdftoppm and says the conclusion (pdftotext).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { readPart10 } from '../electron/core/annotations/dicomAnn/part10';
import {
  dciodvfy,
  dciodvfyInstalled,
} from '../electron/core/annotations/dicomAnn/testing/dciodvfy';
import type { DicomJson } from '../electron/core/sources/dicom/dicomJson';
import { DicomwebClient } from '../electron/core/sources/dicomweb/client';
import type { OrthancServer, TestSeries } from '../scripts/orthanc/index';
import { buildTestSeries, orthancInstalled, startOrthanc } from '../scripts/orthanc/index';
import { saveScreen } from './support/artifacts';
import type { TestHost } from './support/testHost';
import { startTestHost } from './support/testHost';

test.describe.configure({ mode: 'serial' });

const run = promisify(execFile);
const ACCESSION = 'B26-000951';
/** Encapsulated PDF Storage (PS3.4 B.5). */
const ENCAPSULATED_PDF = '1.2.840.10008.5.1.4.1.1.104.1';
const PIN = '2468';
const CONCLUSION = 'Carcinome infiltrant de type non spécifique, grade 2.';

let orthanc: OrthancServer;
let host: TestHost;
let work: string;
let series: TestSeries;

test.beforeAll(async () => {
  test.skip(!orthancInstalled(), 'Orthanc (orthanc, orthanc-dicomweb) is not installed');
  test.setTimeout(240_000);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-report-archive-'));
  orthanc = await startOrthanc();
  series = await buildTestSeries(path.join(work, 'series'), {
    width: 1024,
    height: 768,
    tileSize: 256,
    thumbnail: { width: 256, height: 192 },
    dataset: {
      PatientName: 'DUPONT^Hélène',
      PatientID: 'P-REP-2',
      PatientBirthDate: '19700131',
      PatientSex: 'F',
      AccessionNumber: ACCESSION,
      StudyDescription: 'Biopsie mammaire',
      StudyID: 'S951',
      ContainerIdentifier: `${ACCESSION}-A1`,
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
  const user = await ws.saveUser({ name: 'Claire Martin', title: 'Dr', initials: 'CM' });
  await ws.setUserPin({ userId: user.id, pin: PIN });
  await ws.chooseUser({ userId: user.id, pin: PIN });
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

/** The Encapsulated PDF instances of the study, as QIDO-RS lists them. */
async function pdfInstances(client: DicomwebClient): Promise<DicomJson[]> {
  const docs = await client.searchSeries(series.studyUID, { match: { Modality: 'DOC' } });
  const found: DicomJson[] = [];
  for (const s of docs) {
    for (const i of await client.searchInstances(series.studyUID, value(s, '0020000E')))
      if (value(i, '00080016') === ENCAPSULATED_PDF) found.push(i);
  }
  return found;
}

test('a report signed in the browser reaches the study as an Encapsulated PDF, valid for dciodvfy, whose PDF renders', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(host.entryUrl);
  await page.getByTestId('worklist-row').filter({ hasText: ACCESSION }).dblclick();
  await expect(page.getByTestId('case-accession')).toHaveText(ACCESSION);
  await expect(page.getByTestId('case-header')).toContainText('DUPONT Hélène');

  await page.getByRole('textbox', { name: 'Microscopy' }).fill('Invasive carcinoma, 3 cores.');
  await page.getByRole('textbox', { name: 'Conclusion' }).fill(CONCLUSION);
  await expect(page.getByTestId('report-save-state')).toHaveAttribute('data-state', 'saved');

  await page.getByTestId('report-sign').click();
  const dialog = page.getByTestId('sign-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('sign-blocking')).toHaveCount(0);
  // Warnings (the slide was never opened here) are overridden with a reason.
  for (const input of await dialog.getByTestId('sign-warnings').locator('input').all())
    await input.fill('Slide read on the glass.');
  await dialog.getByTestId('sign-pin').fill(PIN);
  await dialog.getByTestId('sign-submit').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('report-signature')).toContainText('Dr Claire Martin');
  await saveScreen(page, test.info(), 'report-archive-signed-1920');
  await page.setViewportSize({ width: 1366, height: 768 });
  await saveScreen(page, test.info(), 'report-archive-signed-1366');

  // The outbox delivers it on its own: poll the archive.
  const client = new DicomwebClient({ baseUrl: orthanc.dicomwebUrl });
  await expect
    .poll(async () => (await pdfInstances(client).catch(() => [])).length, {
      message: 'an Encapsulated PDF instance in the study',
      timeout: 60_000,
      intervals: [250, 500, 1000],
    })
    .toBe(1);
  const [instance] = await pdfInstances(client);
  const bytes = await client.retrieveInstance(
    series.studyUID,
    value(instance, '0020000E'),
    value(instance, '00080018'),
  );
  const ds = readPart10(bytes);
  expect(ds['00080016']?.Value?.[0]).toBe(ENCAPSULATED_PDF);
  expect(ds['00080050']?.Value?.[0]).toBe(ACCESSION);
  expect(ds['00100020']?.Value?.[0]).toBe('P-REP-2');
  expect(ds['0020000D']?.Value?.[0]).toBe(series.studyUID);

  // The PDF inside: its declared length, a PDF header, rendered by Poppler, the conclusion in it.
  const length = ds['00420015']?.Value?.[0] as number;
  const pdf = Buffer.from(ds['00420011']!.bytes!.subarray(0, length));
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const pdfFile = path.join(work, 'report.pdf');
  fs.writeFileSync(pdfFile, pdf);
  const pngBase = path.join(work, 'report-page1');
  await run('pdftoppm', [
    '-png',
    '-r',
    '60',
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    pdfFile,
    pngBase,
  ]);
  const png = fs.readFileSync(`${pngBase}.png`);
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  // A page at 60 dpi: A4 is 496 x 702 px; wider than a stub image.
  expect(png.readUInt32BE(16)).toBeGreaterThan(400);
  fs.copyFileSync(
    `${pngBase}.png`,
    path.resolve(import.meta.dirname, 'artifacts/report-archive-pdf-page1.png'),
  );
  const text = (await run('pdftotext', [pdfFile, '-'])).stdout.replace(/\s+/g, ' ');
  expect(text).toContain(CONCLUSION);
  expect(text).toContain(ACCESSION);

  test.skip(!dciodvfyInstalled(), 'dciodvfy (dicom3tools) is not installed');
  expect((await dciodvfy(bytes)).errors).toEqual([]);
});
