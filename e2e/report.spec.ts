/**
 * The report editor (issue 8) in Chromium against a real web host: drafting with a template
 * and its checklist (a rule shows an item), autotext, a snapshot of the slide stored with the
 * report, browsing and restoring a version, sign-out blocked by a missing required item, then
 * signed with a PIN, an addendum, and the kill test: text typed into Microscopy, the host
 * killed with SIGKILL, started again on the same data folder, and every character typed more
 * than 0.5 s before the kill found again.
 *
 * These tests sign cases for good, so they run on hosts of their own (child processes on
 * fresh data folders), never on the run's shared host.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import type { ReportTemplate } from '../electron/common/reports/model';
import type { ChildHost } from './support/childHost';
import { startChildHost } from './support/childHost';
import { WorklistPage } from './pages/WorklistPage';
import { freshDataDir } from './support/demoDataDir';

const SIZES = {
  small: { width: 1366, height: 768 },
  large: { width: 1920, height: 1080 },
};
/** The breast core biopsies of the demo library. */
const CASE = '-013102';
const PIN = '4321';
/** Screens for a person to look at (not committed). */
const SCREENS = path.resolve(import.meta.dirname, '../build/screens/report-ui');

async function saveScreen(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), caret: 'hide' });
}

test.describe.configure({ mode: 'serial' });

let host: ChildHost;
let dataDir: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dataDir = freshDataDir('e2e-report-');
  host = await startChildHost(dataDir);
});

test.afterAll(async () => {
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function openCase(page: Page, h: ChildHost, suffix = CASE): Promise<string> {
  await page.goto(h.entryUrl);
  const worklist = new WorklistPage(page);
  await expect(worklist.rows.first()).toBeVisible();
  await worklist.open(suffix);
  await expect(page.getByTestId('report-panel')).toBeVisible();
  const cases = await h.call('listCases', {});
  const found = cases.find((c) => c.accession.endsWith(suffix));
  if (!found) throw new Error(`no case ${suffix}`);
  return found.id;
}

/** The template with a `show` rule, and the answer that fires it. */
async function templateWithShowRule(h: ChildHost) {
  const templates = await h.call('listReportTemplates', {});
  for (const template of templates) {
    const rule = template.rules.find((r) => r.then === 'show');
    if (rule) return { template, rule };
  }
  throw new Error('no template has a show rule');
}

function itemLabel(template: ReportTemplate, id: string): string {
  const item = template.items.find((i) => i.id === id);
  if (!item) throw new Error(`no item ${id}`);
  return item.label.en;
}

async function waitSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('report-save-state')).toHaveAttribute('data-state', 'saved');
}

test('drafting with a template: sections by name, checklist, a rule shows an item, autosave', async ({
  page,
}) => {
  await page.setViewportSize(SIZES.large);
  const caseId = await openCase(page, host);
  for (const name of [
    'Clinical information',
    'Macroscopy',
    'Microscopy',
    'Conclusion',
    'Comment',
  ]) {
    await expect(page.getByRole('textbox', { name, exact: true })).toBeVisible();
  }
  // Tab moves from one section to the next in the natural order.
  await page.getByRole('textbox', { name: 'Macroscopy' }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Microscopy' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('textbox', { name: 'Macroscopy' })).toBeFocused();

  const { template, rule } = await templateWithShowRule(host);
  await page.getByTestId('report-template').selectOption(template.id);
  const checklist = page.getByTestId('synoptic');
  await expect(checklist).toBeVisible();
  const shown = rule.items[0]!;
  await expect(checklist.locator(`[data-item="${shown}"]`)).toHaveCount(0);
  // Answer the item the rule depends on with an answer that fires it.
  const when = template.items.find((i) => i.id === rule.when)!;
  const answer = when.options!.find((o) => rule.equals.includes(o.id))!;
  const field = checklist.locator(`[data-item="${when.id}"]`);
  if (when.kind === 'choice' && (when.options?.length ?? 0) <= 6)
    await field.getByLabel(answer.label.en, { exact: true }).check();
  else if (when.kind === 'choice') await field.locator('select').selectOption(answer.id);
  else await field.getByLabel(answer.label.en, { exact: true }).check();
  await expect(checklist.locator(`[data-item="${shown}"]`)).toBeVisible();
  await expect(checklist.locator(`[data-item="${shown}"]`)).toContainText(
    itemLabel(template, shown),
  );

  await page.getByRole('textbox', { name: 'Microscopy' }).fill('Invasive carcinoma.');
  await waitSaved(page);
  const stored = await host.call('getReport', { caseId });
  expect(stored.content.templateId).toBe(template.id);
  expect(stored.content.sections.microscopy).toBe('Invasive carcinoma.');
  expect(stored.content.synoptic[when.id]).toEqual(when.kind === 'multi' ? [answer.id] : answer.id);
  await saveScreen(page, 'report-template-1920');
  await page.setViewportSize(SIZES.small);
  await saveScreen(page, 'report-template-1366');
});

test('autotext expands as it is typed, and Ctrl+Z brings the abbreviation back', async ({
  page,
}) => {
  await host.call('setAutotext', {
    entries: [{ abbreviation: '.neg', text: 'No evidence of malignancy.' }],
  });
  const caseId = await openCase(page, host);
  const conclusion = page.getByRole('textbox', { name: 'Conclusion' });
  await conclusion.click();
  await page.keyboard.type('Margins: .neg ');
  await expect(conclusion).toHaveValue('Margins: No evidence of malignancy. ');
  // One undo step brings the abbreviation back, one redo the text again.
  await page.keyboard.press('Control+z');
  await expect(conclusion).toHaveValue('Margins: .neg ');
  await page.keyboard.press('Control+Shift+z');
  await expect(conclusion).toHaveValue('Margins: No evidence of malignancy. ');
  await page.keyboard.type('Done.');
  await expect(conclusion).toHaveValue('Margins: No evidence of malignancy. Done.');
  // Not in the middle of a word.
  await page.keyboard.type(' fig.neg ');
  await expect(conclusion).toHaveValue('Margins: No evidence of malignancy. Done. fig.neg ');
  await waitSaved(page);
  expect((await host.call('getReport', { caseId })).content.sections.conclusion).toBe(
    'Margins: No evidence of malignancy. Done. fig.neg ',
  );
});

test('a snapshot of the slide is stored with the report', async ({ page }) => {
  await page.setViewportSize(SIZES.large);
  const caseId = await openCase(page, host);
  await page.keyboard.press('1');
  await expect(page.getByTestId('slide-viewer')).toHaveAttribute('data-fully-loaded', 'true', {
    timeout: 30_000,
  });
  await page.getByTestId('report-snapshot').click();
  const thumbnails = page.getByTestId('report-snapshots').locator('img');
  await expect(thumbnails).toHaveCount(1);
  await waitSaved(page);
  const report = await host.call('getReport', { caseId });
  expect(report.content.snapshotIds).toHaveLength(1);
  const id = report.content.snapshotIds[0]!;
  expect(report.snapshots.map((s) => s.id)).toContain(id);
  const image = await host.call('getReportSnapshot', { caseId, snapshotId: id });
  expect(image.mimeType).toBe('image/jpeg');
  expect(image.imageBase64.length).toBeGreaterThan(10_000);
  await saveScreen(page, 'report-viewer-1920');
  await page.setViewportSize(SIZES.small);
  await saveScreen(page, 'report-viewer-1366');
});

test('an earlier version is browsed and restored as a new version', async ({ page }) => {
  const caseId = await openCase(page, host);
  const comment = page.getByRole('textbox', { name: 'Comment' });
  await comment.fill('First opinion.');
  await waitSaved(page);
  const first = (await host.call('getReport', { caseId })).version;
  await comment.fill('Second opinion.');
  await waitSaved(page);
  expect((await host.call('getReport', { caseId })).version).toBeGreaterThan(first);

  await page.getByTestId('report-versions').click();
  const dialog = page.getByTestId('versions-dialog');
  await expect(dialog).toBeVisible();
  await dialog.locator(`[data-version="${first}"]`).click();
  await expect(dialog.getByTestId('versions-preview')).toContainText('First opinion.');
  await dialog.getByTestId('versions-restore').click();
  await expect(dialog).toBeHidden();
  await expect(comment).toHaveValue('First opinion.');
  const after = await host.call('getReport', { caseId });
  expect(after.content.sections.comment).toBe('First opinion.');
  expect(after.version).toBeGreaterThan(first + 1);
});

test('sign-out: blocked by a missing required item, then signed with a PIN, then an addendum', async ({
  page,
}) => {
  const user = await host.call('saveUser', { name: 'Claire Dupont', title: 'Dr', initials: 'CD' });
  await host.call('setUserPin', { userId: user.id, pin: PIN });
  await host.call('chooseUser', { userId: user.id, pin: PIN });
  await page.setViewportSize(SIZES.large);
  const caseId = await openCase(page, host);
  const { template } = await templateWithShowRule(host);
  // The drafting test chose it already when the whole file runs; alone, choose it here.
  if ((await host.call('getReport', { caseId })).content.templateId !== template.id) {
    await page.getByTestId('report-template').selectOption(template.id);
    await waitSaved(page);
  }
  const missing = template.items.find(
    (i) => i.required && !template.rules.some((r) => r.then === 'show' && r.items.includes(i.id)),
  )!;

  await page.getByTestId('report-sign').click();
  const dialog = page.getByTestId('sign-dialog');
  const blocking = dialog.getByTestId('sign-blocking');
  await expect(blocking).toContainText(missing.label.en);
  await expect(dialog.getByTestId('sign-submit')).toBeDisabled();
  await saveScreen(page, 'report-sign-blocked-1920');
  await page.setViewportSize(SIZES.small);
  await saveScreen(page, 'report-sign-blocked-1366');
  await page.setViewportSize(SIZES.large);
  // The problem is a link to the item.
  await blocking
    .locator('[data-code="required_item_missing"]', { hasText: missing.label.en })
    .click();
  await expect(dialog).toBeHidden();
  await expect(page.locator(`[data-item="${missing.id}"]`)).toBeInViewport();

  // Answer every required item shown, then sign.
  for (;;) {
    const checks = await host.call('checkSignOut', { caseId });
    const item = checks.find((c) => c.code === 'required_item_missing');
    if (!item) break;
    const it = template.items.find((i) => i.id === item.subject)!;
    const field = page.locator(`[data-item="${it.id}"]`);
    if (it.kind === 'number') await field.locator('input').fill(String(it.min ?? 1));
    else if (it.kind === 'text') await field.locator('input').fill('x');
    else if (it.kind === 'choice' && (it.options?.length ?? 0) > 6)
      await field.locator('select').selectOption(it.options![0]!.id);
    else await field.getByLabel(it.options![0]!.label.en, { exact: true }).check();
    await waitSaved(page);
  }
  await page
    .getByRole('textbox', { name: 'Conclusion' })
    .fill('Invasive carcinoma of no special type.');
  await waitSaved(page);
  await page.getByTestId('report-sign').click();
  await expect(dialog.getByTestId('sign-blocking')).toHaveCount(0);
  const warnings = dialog.getByTestId('sign-warnings').locator('input');
  for (const input of await warnings.all()) await input.fill('Reviewed on the glass slide.');
  await dialog.getByTestId('sign-pin').fill(PIN);
  await saveScreen(page, 'report-sign-ready-1920');
  await dialog.getByTestId('sign-submit').click();
  await expect(dialog).toBeHidden();

  await expect(page.getByTestId('report-signature')).toContainText('Dr Claire Dupont');
  await expect(page.getByRole('textbox', { name: 'Conclusion' })).toHaveJSProperty(
    'readOnly',
    true,
  );
  const signed = await host.call('getReport', { caseId });
  expect(signed.status).toBe('signed');
  await expect(page.getByTestId('report-signature')).toContainText(
    signed.signature!.sha256.slice(0, 16),
  );
  await expect(page.getByTestId('case-status')).toBeDisabled();
  await expect(page.getByTestId('case-status')).toHaveValue('signed_out');

  await page.getByTestId('addendum-open').click();
  await page.getByLabel('Addendum', { exact: true }).fill('HER2 by ISH: not amplified.');
  await page.getByTestId('addendum-pin').fill(PIN);
  await page.getByTestId('addendum-submit').click();
  await expect(page.getByTestId('report-addendum')).toContainText('HER2 by ISH: not amplified.');
  expect((await host.call('getReport', { caseId })).addenda).toHaveLength(1);
  await saveScreen(page, 'report-signed-1920');
});

test('the status drop-down no longer offers "Signed out"', async ({ page }) => {
  await openCase(page, host, '-012847');
  const options = await page.getByTestId('case-status').locator('option').allTextContents();
  expect(options).not.toContain('Signed out');
  expect(options.length).toBeGreaterThanOrEqual(3);
});

test('kill test: what was typed more than 0.5 s before a SIGKILL is there after a restart', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const killDir = freshDataDir('e2e-report-kill-');
  let victim = await startChildHost(killDir);
  try {
    const caseId = await openCase(page, victim, '-012847');
    const microscopy = page.getByRole('textbox', { name: 'Microscopy' });
    await microscopy.click();
    const text =
      'Fragments of antral mucosa with moderate chronic gastritis, lymphoid follicles and ' +
      'no intestinal metaplasia. Helicobacter pylori-like organisms are seen on the surface. ';
    const typedAt: number[] = [];
    let killAt = 0;
    for (let i = 0; i < text.length; i++) {
      await page.keyboard.type(text[i]!);
      typedAt.push(Date.now());
      // A typist's pace, about 25 characters a second.
      await page.waitForTimeout(30);
      if (killAt === 0 && i === 110) {
        killAt = Date.now();
        await victim.kill();
      }
    }
    // The window says the draft is not saved, and keeps the text.
    await expect(page.getByTestId('report-save-error')).toBeVisible();
    await expect(microscopy).toHaveValue(text);

    const mustHave = typedAt.filter((t) => t <= killAt - 500).length;
    expect(mustHave).toBeGreaterThan(60);
    victim = await startChildHost(killDir);
    const stored = (await victim.call('getReport', { caseId })).content.sections.microscopy;
    expect(text.startsWith(stored), `stored "${stored}" is what was typed`).toBe(true);
    expect(
      stored.length,
      `${stored.length} characters stored, ${mustHave} typed more than 0.5 s before the kill`,
    ).toBeGreaterThanOrEqual(mustHave);
    // And the window shows it after a reload on the restarted host.
    await openCase(page, victim, '-012847');
    await expect(page.getByRole('textbox', { name: 'Microscopy' })).toHaveValue(stored);
    console.log(
      `kill test: ${stored.length} of ${typedAt.filter((t) => t <= killAt).length} characters typed before the kill stored (${mustHave} required)`,
    );
  } finally {
    await victim.stop();
    fs.rmSync(killDir, { recursive: true, force: true });
  }
});
