/**
 * The report in a window of its own (issues 6 and 8), two windows of one browser: the
 * report is sent to its own window, typed there and stored by the engine while the main
 * window says where it is; the main window opens another patient's case and the report
 * window follows (its header and its report both that case's); the report comes back with
 * the text typed last, read again from the engine; closing the report window brings it
 * back too. On a host of its own (drafts written), on a copy of the run's demo library.
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { WorklistPage } from './pages/WorklistPage';
import { saveScreen } from './support/artifacts';
import type { TestHost } from './support/testHost';
import { startTestHost } from './support/testHost';
import { freshDataDir } from './support/demoDataDir';

test.describe.configure({ mode: 'serial' });

const SIZES = {
  small: { width: 1366, height: 768 },
  large: { width: 1920, height: 1080 },
};
/** The breast core biopsies of the demo library (patient LEFEBVRE Martine). */
const CASE = '-013102';

let host: TestHost;
let dataDir: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dataDir = freshDataDir('e2e-report-window-');
  host = await startTestHost({ dataDir });
});

test.afterAll(async () => {
  await host?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function caseId(suffix: string): Promise<string> {
  const cases = await host.workstation.handlers.listCases({});
  const found = cases.find((c) => c.accession.endsWith(suffix));
  if (!found) throw new Error(`no case ${suffix}`);
  return found.id;
}

async function microscopyInEngine(suffix: string): Promise<string> {
  const report = await host.workstation.handlers.getReport({ caseId: await caseId(suffix) });
  return report.content.sections.microscopy;
}

const microscopy = (page: Page) => page.getByRole('textbox', { name: 'Microscopy', exact: true });

async function openMain(page: Page): Promise<WorklistPage> {
  await page.goto(host.entryUrl);
  const worklist = new WorklistPage(page);
  await expect(worklist.rows.first()).toBeVisible();
  await worklist.open(CASE);
  await expect(microscopy(page)).toBeVisible();
  return worklist;
}

async function detach(page: Page): Promise<Page> {
  const [report] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByTestId('report-detach').click(),
  ]);
  await expect(report.getByTestId('report-screen')).toBeVisible();
  return report;
}

async function shots(main: Page, report: Page, name: string): Promise<void> {
  const info = test.info();
  for (const viewport of Object.values(SIZES)) {
    await main.setViewportSize(viewport);
    await report.setViewportSize(viewport);
    await saveScreen(main, info, `${name}-main-${viewport.width}`);
    await saveScreen(report, info, `${name}-report-${viewport.width}`);
  }
}

test('the report goes to its own window, is typed there, follows the case, and comes back', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize(SIZES.large);
  const worklist = await openMain(page);
  await microscopy(page).fill('Typed beside the slides.');
  await expect(page.getByTestId('report-save-state')).toHaveAttribute('data-state', 'saved');
  await expect(page.getByTestId('report-detach')).toHaveAccessibleName('Report in its own window');
  await saveScreen(page, test.info(), 'report-window-panel-1920');

  const report = await detach(page);
  // Its own address, its header with patient and accession, the draft read from the engine.
  expect(new URL(report.url()).hash).toMatch(new RegExp(`^#/case/[^/]+${CASE}/report$`));
  await expect(report.getByTestId('case-header')).toContainText('LEFEBVRE Martine');
  await expect(report.getByTestId('case-accession')).toHaveText(new RegExp(`${CASE}$`));
  await expect(microscopy(report)).toHaveValue('Typed beside the slides.');
  // One live editor: the main window says where the report is.
  await expect(page.getByTestId('report-elsewhere')).toContainText('Report open in another window');
  await expect(microscopy(page)).toHaveCount(0);

  await microscopy(report).press('End');
  await microscopy(report).pressSequentially(' Typed in its own window.');
  await expect(report.getByTestId('report-save-state')).toHaveAttribute('data-state', 'saved');
  expect(await microscopyInEngine(CASE)).toBe('Typed beside the slides. Typed in its own window.');
  await shots(page, report, 'report-window-detached');
  // Sign-out works there as beside the slides: its dialog, with the checks and the PIN field.
  await report.getByTestId('report-sign').click();
  const dialog = report.getByTestId('sign-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('sign-pin')).toBeVisible();
  await saveScreen(report, test.info(), 'report-window-sign-1920');
  await report.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // The main window opens another patient's case: the report window shows that case's report.
  await page.setViewportSize(SIZES.large);
  await page.getByTestId('back-button').click();
  const other = (await worklist.accessions()).find((a) => !a.endsWith(CASE))!;
  await worklist.open(other.slice(-7));
  const patient = (await page.locator('.case-header .patient-name').textContent())!.trim();
  await expect(report.getByTestId('case-accession')).toHaveText(other);
  await expect(report.getByTestId('case-header')).toContainText(patient);
  await expect(report.getByTestId('case-header')).not.toContainText('LEFEBVRE Martine');
  expect(new URL(report.url()).hash).toBe(`#/case/${encodeURIComponent(other)}/report`);
  await expect(microscopy(report)).toHaveValue('');
  await expect(page.getByTestId('report-elsewhere')).toBeVisible();

  // Typed there, then brought back at once: the main window shows it, read from the engine.
  await microscopy(report).fill('Second case, typed just before coming back.');
  await Promise.all([report.waitForEvent('close'), page.getByTestId('report-bring-back').click()]);
  await expect(microscopy(page)).toHaveValue('Second case, typed just before coming back.');
  expect(await microscopyInEngine(other.slice(-7))).toBe(
    'Second case, typed just before coming back.',
  );
  await expect(page.getByTestId('report-elsewhere')).toHaveCount(0);
});

test('closing the report window brings the report back beside the slides', async ({ page }) => {
  await page.setViewportSize(SIZES.small);
  await openMain(page);
  const report = await detach(page);
  await expect(page.getByTestId('report-elsewhere')).toBeVisible();
  await expect(microscopy(report)).toHaveValue('Typed beside the slides. Typed in its own window.');
  await microscopy(report).fill('Last words from the report window.');
  await expect(report.getByTestId('report-save-state')).toHaveAttribute('data-state', 'saved');
  await report.close();
  await expect(microscopy(page)).toHaveValue('Last words from the report window.');

  // Its own button takes it back as well.
  const again = await detach(page);
  await expect(page.getByTestId('report-elsewhere')).toBeVisible();
  await Promise.all([again.waitForEvent('close'), again.getByTestId('back-button').click()]);
  await expect(microscopy(page)).toHaveValue('Last words from the report window.');
});
