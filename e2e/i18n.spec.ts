/**
 * Language: switching in Settings changes the whole UI at once, is remembered (reload, and
 * in the engine's settings), and every button keeps an accessible name in both languages.
 * The host is shared: the language is put back to the system default after each test.
 */
import type { AppPage } from './pages/AppPage';
import { callApi } from './support/api';
import { saveScreen } from './support/artifacts';
import { expect, test } from './support/fixtures';

const SORTABLE = [
  'priority',
  'accession',
  'patient',
  'specimen',
  'slides',
  'status',
  'received',
] as const;
const COLUMNS = {
  en: ['Priority', 'Accession', 'Patient', 'Specimen', 'Slides', 'Status', 'Received'],
  fr: ['Priorité', 'Numéro', 'Patient', 'Prélèvement', 'Lames', 'Statut', 'Reçu le'],
};

/** The headers of the sortable columns read `names` (the sorted one ends with its arrow). */
async function expectColumns(app: AppPage, names: string[]): Promise<void> {
  for (const [i, column] of SORTABLE.entries()) {
    await expect(app.worklist.sortButton(column)).toHaveText(new RegExp(`^${names[i]}[▲▼]?$`));
  }
}

test.afterEach(async ({ request }) => {
  await callApi(request, 'updateSettings', { language: null });
});

async function expectAllButtonsNamed(app: AppPage, where: string): Promise<void> {
  expect(await app.buttonCount(), `${where}: buttons found`).toBeGreaterThan(3);
  expect(await app.unnamedButtons(), `${where}: buttons without an accessible name`).toEqual([]);
}

/** Opens slide 1 of the lymph node case and checks the viewer's buttons, then goes back to the worklist. */
async function checkViewerButtons(app: AppPage, where: string): Promise<void> {
  await app.worklist.open('-013477');
  await expectAllButtonsNamed(app, `${where} case`);
  const slideId = await app.case.slideId(app.case.card('HE'));
  await app.page.keyboard.press('1');
  await app.viewer.waitForSlide(slideId);
  await expectAllButtonsNamed(app, `${where} viewer`);
  await app.navWorklist().click();
  await expect(app.worklist.table).toBeVisible();
}

test('switching to French changes the UI, is remembered, and every button stays named', async ({
  app,
}, testInfo) => {
  const { page, worklist } = app;
  // Default: the system locale of the host (en-GB).
  await expect(worklist.title).toHaveText('Worklist');
  await expectColumns(app, COLUMNS.en);
  await expect(page.locator('html')).toHaveAttribute('lang', /^en/);
  await expectAllButtonsNamed(app, 'EN worklist');
  await checkViewerButtons(app, 'EN');

  await app.openSettings();
  await expect(app.settings.title).toHaveText('Settings');
  await expectAllButtonsNamed(app, 'EN settings');
  await app.settings.language.selectOption('fr');
  await expect(app.settings.title).toHaveText('Réglages');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr-FR');
  await expect(page.getByTestId('nav-worklist')).toHaveText('Liste de travail');
  await expectAllButtonsNamed(app, 'FR settings');
  await saveScreen(page, testInfo, 'settings-fr');
  // The engine has it.
  await expect
    .poll(async () => (await callApi(page.request, 'getSettings', {})).language)
    .toBe('fr');

  await app.navWorklist().click();
  await expect(worklist.title).toHaveText('Liste de travail');
  await expectColumns(app, COLUMNS.fr);
  await expect(page.getByRole('grid', { name: 'Dossiers à lire' })).toBeVisible();
  await expect(worklist.row('-013477').locator('.col-status')).toHaveText('En attente d’IHC');
  await expect(worklist.row('-000418').locator('.priority-badge')).toHaveText(/Extemporané/);
  // fr-FR dates: "28/11/2026 20:34", no comma.
  await expect(worklist.row('-013477').locator('.col-received')).toHaveText(
    /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/,
  );
  const total = await worklist.rows.count();
  await expect(worklist.count).toHaveText(`${total} dossiers sur ${total}`);
  await expectAllButtonsNamed(app, 'FR worklist');
  await saveScreen(page, testInfo, 'worklist-fr');

  // Remembered after a reload.
  await app.reload();
  await expect(worklist.title).toHaveText('Liste de travail');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr-FR');

  await checkViewerButtons(app, 'FR');
  // French number format in the viewer's presets.
  await app.worklist.open('-013477');
  await app.page.keyboard.press('1');
  await expect(app.viewer.preset(1.25)).toHaveText('1,25×');
  await expect(app.viewer.preset(40)).toHaveAccessibleName('Aller à 40×');
  await expect(page.getByTestId('home')).toHaveAccessibleName('Lame entière');
  await app.navWorklist().click();

  // And back to English through the UI.
  await app.openSettings();
  await app.settings.language.selectOption('en');
  await expect(app.settings.title).toHaveText('Settings');
  await app.navWorklist().click();
  await expect(worklist.title).toHaveText('Worklist');
  await expectColumns(app, COLUMNS.en);
  await expect
    .poll(async () => (await callApi(page.request, 'getSettings', {})).language)
    .toBe('en');
});
