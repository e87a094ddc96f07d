/**
 * Several windows on one case: "New window" opens the same screen in another window of
 * the browser (with this tab's session), and when the case changes in one window, the
 * other follows, so that no window keeps a slide of another patient.
 */
import { AppPage } from './pages/AppPage';
import { saveScreen } from './support/artifacts';
import { expect, test } from './support/fixtures';

test('a second window opens on the same case and follows the case of the first', async ({
  app,
}, testInfo) => {
  await app.worklist.open('-013102');
  await expect(app.case.header).toContainText('LEFEBVRE Martine');

  const [popup] = await Promise.all([
    app.page.waitForEvent('popup'),
    app.page.getByTestId('nav-new-window').click(),
  ]);
  const second = new AppPage(popup);
  await expect(second.case.header).toContainText('LEFEBVRE Martine');
  const slide = await second.case.slideId(second.case.cards.nth(1));
  await popup.keyboard.press('2');
  await second.viewer.waitForSlide(slide);

  // The first window moves to another patient's case: the second leaves its slide for it.
  await app.case.backButton.click();
  const other = (await app.worklist.accessions()).find((a) => !a.endsWith('-013102'))!;
  await app.worklist.open(other.slice(-7));
  const patient = (await app.case.header.locator('.patient-name').textContent())!.trim();
  await expect(second.case.accession).toHaveText(other);
  await expect(second.case.header).toContainText(patient);
  await expect(second.viewer.viewer).toHaveCount(0);
  await saveScreen(popup, testInfo, 'windows-second-follows');

  // And the other way round.
  await second.case.backButton.click();
  await second.worklist.open('-013102');
  await expect(app.case.accession).toHaveText(/-013102$/);
  await expect(app.case.header).toContainText('LEFEBVRE Martine');
});
