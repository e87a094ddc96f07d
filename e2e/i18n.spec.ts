/**
 * Language: switching in Settings changes the whole UI at once, is remembered (reload, and
 * in the engine's settings), and every button keeps an accessible name in both languages.
 * The host is shared: the language is put back to the system default after each test.
 */
import { en } from '../renderer/src/i18n/en';
import { fr } from '../renderer/src/i18n/fr';
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
  fr: ['Priorité', 'N° d’examen', 'Patient', 'Prélèvement', 'Lames', 'Statut', 'Reçu le'],
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
  // Signed cases are hidden by default: the total may be larger than the rows shown.
  await expect(worklist.count).toHaveText(new RegExp(`^${total} dossiers sur \\d+$`));
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

/**
 * English strings of en.ts that must never show in the French interface: each as a
 * matcher for a whole text node (placeholders match anything), and the longer ones also
 * inside a text node.
 */
function englishMatchers(): { key: string; whole: RegExp; inside: string | null }[] {
  const flat = (o: object, p = ''): [string, string][] =>
    Object.entries(o).flatMap(([k, v]): [string, string][] =>
      typeof v === 'object' && v !== null
        ? flat(v as object, `${p}${k}.`)
        : [[`${p}${k}`, String(v)]],
    );
  const french = new Map(flat(fr));
  return (
    flat(en)
      // Words of their own, not only placeholders and punctuation ("{{name}}: {{state}}").
      .filter(
        ([key, text]) =>
          french.get(key) !== text && /[A-Za-z]{3}/.test(text.replace(/\{\{[^}]*\}\}/g, '')),
      )
      .map(([key, text]) => {
        const parts = text
          .split(/\{\{[^}]*\}\}/)
          .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        const literal = text.includes('{{') ? null : text;
        return {
          key,
          whole: new RegExp(`^${parts.join('.*')}$`, 's'),
          inside: literal !== null && literal.length >= 12 ? literal : null,
        };
      })
  );
}

/** Visible text nodes of the page that read as an English string of the interface. */
async function englishOnScreen(app: AppPage): Promise<string[]> {
  const texts = await app.page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').replace(/\s+/g, ' ').trim();
      const parent = n.parentElement;
      if (!text || !parent || !parent.checkVisibility({ visibilityProperty: true })) continue;
      if (parent.closest('[lang="en"]')) continue; // the engine's own words, behind "Details"
      out.push(text);
    }
    return out;
  });
  const matchers = englishMatchers();
  const found = new Set<string>();
  for (const text of texts) {
    for (const m of matchers) {
      if (m.whole.test(text) || (m.inside !== null && text.includes(m.inside)))
        found.add(`${m.key}: "${text}"`);
    }
  }
  return [...found];
}

test.describe('a French browser', () => {
  test.use({ locale: 'fr-FR', extraHTTPHeaders: { 'Accept-Language': 'fr-FR,fr;q=0.9' } });

  test('gets the interface in French with no English on any screen, at 1366 and 1920 px', async ({
    app,
  }, testInfo) => {
    test.setTimeout(240_000);
    const { page, worklist, viewer, settings } = app;
    const checked: string[] = [];
    const screen = async (name: string) => {
      expect(await englishOnScreen(app), `${name}: English on screen`).toEqual([]);
      checked.push(name);
      for (const [width, height] of [
        [1366, 768],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width, height });
        await saveScreen(page, testInfo, `fr-${name}-${width}`);
      }
    };
    // Nothing chosen in Settings: the browser's language wins.
    expect((await callApi(page.request, 'getSettings', {})).language).toBeNull();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr-FR');
    await expect(worklist.title).toHaveText('Liste de travail');
    await expectColumns(app, COLUMNS.fr);
    await screen('worklist');

    await worklist.open('-013477');
    await expect(app.case.cards.first()).toBeVisible();
    await screen('case');

    // The case's dialogs: the macro enlarged with its scanned area, the stain request.
    await page.locator('.slide-card-item').first().getByTestId('enlarge-macro').click();
    const enlarged = page.getByTestId('enlarge-dialog');
    await expect(enlarged.getByRole('heading')).toContainText('Macro de la lame 1');
    await expect(enlarged.getByTestId('scan-area-legend')).toHaveText('Zone numérisée');
    await expect
      .poll(() =>
        enlarged
          .locator('img.enlarge-image')
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
      )
      .toBeGreaterThan(0);
    await screen('macro');
    await page.keyboard.press('Escape');
    await expect(enlarged).toHaveCount(0);
    await page.getByRole('button', { name: 'Demander des techniques…' }).click();
    const request = page.getByTestId('stain-request-dialog');
    await expect(request).toBeVisible();
    await screen('stain-request');
    await page.keyboard.press('Escape');
    await expect(request).toHaveCount(0);
    await page.getByTestId('downloads-button').click();
    await expect(page.getByTestId('downloads-panel')).toBeVisible();
    await screen('downloads');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('downloads-panel')).toHaveCount(0);
    // The sign dialog and what it checks, signing nothing (the host is shared).
    await page.getByTestId('report-sign').first().click();
    const sign = page.getByTestId('sign-dialog');
    await expect(sign).toBeVisible();
    await expect(sign.getByText('Vérification du compte rendu…')).toHaveCount(0);
    await screen('sign');
    await page.keyboard.press('Escape');
    await expect(sign).toHaveCount(0);
    // Esc closed the dialog only: the case is still on screen.
    await expect(page.getByTestId('case-accession')).toBeVisible();

    const slideId = await app.case.slideId(app.case.card('HE'));
    await page.keyboard.press('1');
    await viewer.waitForSlide(slideId);
    await screen('viewer');
    const toggle = page.getByTestId('report-toggle');
    if ((await toggle.count()) > 0) await toggle.first().click();
    await expect(page.getByTestId('report-panel')).toBeVisible();
    await screen('report');

    await app.openSettings();
    await expect(settings.title).toHaveText('Réglages');
    await screen('settings');

    // Error states: a folder that does not exist, an address naming no case.
    await settings.addFolder('/e2e/nowhere/at/all');
    await expect(settings.folderError).toContainText('Ce dossier n’existe pas sur cet ordinateur.');
    await screen('settings-error');
    await page.goto(`${new URL(page.url()).origin}/#/case/NO-SUCH-CASE`);
    await expect(page.getByText(/Aucun examen NO-SUCH-CASE/)).toBeVisible();
    await screen('missing-case');
    expect(checked).toHaveLength(11);
  });
});
