/**
 * Every screen has an address: a reload keeps the place, Back and Forward move between
 * screens inside the app, and an address that names nothing says so.
 */
import { saveScreen } from './support/artifacts';
import { hostEnv } from './support/env';
import { expect, test } from './support/fixtures';

test('the address follows the screens; reload, Back and Forward keep the place', async ({
  app,
}) => {
  const { page } = app;
  await expect(page).toHaveURL(/#\/worklist$/);
  await app.worklist.open('-013102');
  const accession = (await app.case.accession.textContent())!.trim();
  await expect(page).toHaveURL(new RegExp(`#/case/${accession}$`));

  const second = await app.case.slideId(app.case.cards.nth(1));
  await page.keyboard.press('2');
  await app.viewer.waitForSlide(second);
  await expect(page).toHaveURL(new RegExp(`#/case/${accession}/slide/2$`));

  await page.reload();
  await app.viewer.waitForSlide(second);
  await expect(page.locator('.viewer-title')).toContainText('RE');
  await expect(app.case.header).toContainText('LEFEBVRE Martine');

  await page.goBack();
  await expect(app.case.gallery).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#/case/${accession}$`));
  await page.goBack();
  await expect(app.worklist.table).toBeVisible();
  await page.goForward();
  await expect(app.case.gallery).toBeVisible();
  await expect(app.case.accession).toHaveText(accession);
});

test('an unknown case or slide in the address says so, with the way back', async ({
  app,
}, testInfo) => {
  const { page } = app;
  const [accession] = await app.worklist.accessions();
  await page.goto(`${hostEnv().baseUrl}/#/case/B99-000000`);
  const panel = page.getByTestId('error-panel');
  await expect(panel).toContainText('There is no case B99-000000 in the worklist.');
  await saveScreen(page, testInfo, 'address-missing-case');
  await page.goto(`${hostEnv().baseUrl}/#/case/${accession}/slide/42`);
  await expect(panel).toContainText('has no slide 42');
  await panel.getByRole('button', { name: 'Back to worklist' }).click();
  await expect(app.worklist.table).toBeVisible();
  await expect(page).toHaveURL(/#\/worklist$/);
});
