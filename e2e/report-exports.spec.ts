/**
 * Exports of a signed report from the window (issue 8), in Chromium against a real web host:
 * the PDF and FHIR buttons of a signed report hand files to the browser's download; the PDF
 * is read back with poppler (pdftotext), the FHIR Bundle parsed. The case is signed for good,
 * so this runs on a host of its own (a child process on a fresh data folder).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { EMPTY_SECTIONS } from '../electron/common/reports/model';
import type { ChildHost } from './support/childHost';
import { startChildHost } from './support/childHost';
import { WorklistPage } from './pages/WorklistPage';
import { freshDataDir } from './support/demoDataDir';
import { DEFAULT_WORKLIST_PREFS } from '../electron/common/worklist/model';

const run = promisify(execFile);
const CASE = '-013102';
const PIN = '4321';
const SCREENS = path.resolve(import.meta.dirname, '../build/screens/exports');

let host: ChildHost;
let dataDir: string;
let caseId: string;
let accession: string;
let sha256: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dataDir = freshDataDir('e2e-exports-');
  host = await startChildHost(dataDir);
  const user = await host.call('saveUser', { name: 'Claire Dupont', title: 'Dr', initials: 'CD' });
  await host.call('setUserPin', { userId: user.id, pin: PIN });
  await host.call('chooseUser', { userId: user.id, pin: PIN });
  const found = (await host.call('listCases', {})).find((c) => c.accession.endsWith(CASE))!;
  caseId = found.id;
  accession = found.accession;
  await host.call('saveReportDraft', {
    caseId,
    content: {
      templateId: null,
      sections: {
        ...EMPTY_SECTIONS,
        microscopy: 'Prolifération carcinomateuse infiltrante.',
        conclusion: 'Carcinome infiltrant de type non spécifique.',
      },
      synoptic: {},
      snapshotIds: [],
    },
  });
  const overrides = (await host.call('checkSignOut', { caseId })).map((c) => ({
    code: c.code,
    subject: c.subject,
    reason: 'Relu sur lame en verre',
  }));
  const signed = await host.call('signReport', { caseId, pin: PIN, overrides });
  sha256 = signed.signature!.sha256;
  await host.call('setWorklistPrefs', { ...DEFAULT_WORKLIST_PREFS, view: 'signedToday' });
});

test.afterAll(async () => {
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function openSigned(page: Page): Promise<void> {
  await page.goto(host.entryUrl);
  const worklist = new WorklistPage(page);
  // Signed cases leave the open worklist; today's are under "Signed today" (remembered).
  await expect(page.getByTestId('status-chip-signedToday')).toHaveAttribute('aria-pressed', 'true');
  await expect(worklist.rows.first()).toBeVisible();
  await worklist.open(CASE);
  await expect(page.getByTestId('report-signature')).toBeVisible();
}

async function download(page: Page, button: string): Promise<{ name: string; file: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()]);
  const file = path.join(dataDir, dl.suggestedFilename());
  await dl.saveAs(file);
  return { name: dl.suggestedFilename(), file };
}

test('the PDF button downloads the signed report as a PDF', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openSigned(page);
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, 'signed-report-exports-1920.png') });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({ path: path.join(SCREENS, 'signed-report-exports-1366.png') });
  const { name, file } = await download(page, 'export-pdf');
  expect(name).toBe(`${accession}-report.pdf`);
  const text = (await run('pdftotext', [file, '-'])).stdout.replace(/\s+/g, ' ');
  expect(text).toContain(accession);
  expect(text).toContain('Carcinome infiltrant de type non spécifique.');
  expect(text).toContain(sha256);
  await run('pdftoppm', [
    '-png',
    '-r',
    '70',
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    file,
    path.join(SCREENS, 'e2e-download-page1'),
  ]);
});

test('the FHIR button downloads a FHIR R4 Bundle', async ({ page }) => {
  await openSigned(page);
  const { name, file } = await download(page, 'export-fhir');
  expect(name).toBe(`${accession}-report.fhir.json`);
  const bundle = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    resourceType: string;
    entry: { resource: { resourceType: string; status?: string; conclusion?: string } }[];
  };
  expect(bundle.resourceType).toBe('Bundle');
  expect(bundle.entry[0]?.resource).toMatchObject({
    resourceType: 'DiagnosticReport',
    status: 'final',
    conclusion: 'Carcinome infiltrant de type non spécifique.',
  });
});
