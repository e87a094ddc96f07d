/**
 * The shipped report templates as the pathologist sees them: each template's checklist
 * shows every item its rules leave visible, with its label, in English and in French, and
 * a rule (HER2 2+ → in situ hybridisation) shows its item. Screens at 1366×768 and
 * 1920×1080 for a person to look at (build/screens/reports-engine, not committed).
 *
 * A host of its own (child process, fresh data folder): it changes the language setting.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import type { Language } from '../electron/common/contract';
import { evaluateSynoptic } from '../electron/common/reports/synoptic';
import type { ChildHost } from './support/childHost';
import { startChildHost } from './support/childHost';
import { WorklistPage } from './pages/WorklistPage';

const SCREENS = path.resolve(import.meta.dirname, '../build/screens/reports-engine');
const SIZES = { 1366: { width: 1366, height: 768 }, 1920: { width: 1920, height: 1080 } };

test.describe.configure({ mode: 'serial' });

let host: ChildHost;
let dataDir: string;

test.beforeAll(async () => {
  // The first start on an empty folder generates the demo library.
  test.setTimeout(180_000);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-templates-'));
  host = await startChildHost(dataDir);
});

test.afterAll(async () => {
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function screen(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), caret: 'hide' });
}

/** Opens the worklist's row `row` (a case of its own per test: drafts are kept). */
async function openCase(page: Page, language: Language, row: number): Promise<void> {
  await host.call('updateSettings', { language });
  await page.goto(host.entryUrl);
  const worklist = new WorklistPage(page);
  await expect(worklist.rows.first()).toBeVisible();
  await worklist.rows.nth(row).dblclick();
  await expect(page.getByTestId('report-panel')).toBeVisible();
}

for (const language of ['en', 'fr'] as const) {
  test(`every template's checklist is complete in ${language}`, async ({ page }) => {
    await page.setViewportSize(SIZES[1920]);
    await openCase(page, language, language === 'en' ? 0 : 1);
    const templates = await host.call('listReportTemplates', {});
    expect(templates.map((t) => t.id).sort()).toEqual([
      'breast_core_biopsy',
      'colorectal_resection',
      'melanoma_excision',
      'prostate_biopsies',
    ]);
    for (const template of templates) {
      await page.getByTestId('report-template').selectOption(template.id);
      const checklist = page.getByTestId('synoptic');
      const visible = evaluateSynoptic(template, {}).visible;
      await expect(checklist.locator('[data-item]')).toHaveCount(visible.length);
      for (const id of visible) {
        const item = template.items.find((i) => i.id === id)!;
        await expect(checklist.locator(`[data-item="${id}"]`)).toContainText(item.label[language]);
      }
      await checklist.scrollIntoViewIfNeeded();
      await screen(page, `${template.id}-${language}-1920`);
      await checklist.screenshot({
        path: path.join(SCREENS, `${template.id}-${language}-checklist.png`),
      });
    }
  });
}

test('a rule of the breast template shows in situ hybridisation for HER2 2+', async ({ page }) => {
  await page.setViewportSize(SIZES[1366]);
  await openCase(page, 'fr', 2);
  await page.getByTestId('report-template').selectOption('breast_core_biopsy');
  const checklist = page.getByTestId('synoptic');
  await expect(checklist.locator('[data-item="her2_ish"]')).toHaveCount(0);
  const her2 = checklist.locator('[data-item="her2_ihc"]');
  const select = her2.locator('select');
  if ((await select.count()) > 0) await select.selectOption('score_2');
  else await her2.getByLabel('2+ (équivoque)', { exact: true }).check();
  await expect(checklist.locator('[data-item="her2_ish"]')).toContainText(
    'HER2 par hybridation in situ',
  );
  await checklist.locator('[data-item="her2_ish"]').scrollIntoViewIfNeeded();
  await screen(page, 'breast_core_biopsy-her2-rule-fr-1366');
});
