/**
 * Screenshots of the main screens, kept as artifacts for a human to look at
 * (e2e/artifacts/, gitignored): one fixed name per screen, overwritten on each run.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';

export const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '../artifacts');

export async function saveScreen(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  // Waiting for fonts avoids a shot with fallback glyphs; animations are frozen by Playwright.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  return file;
}
