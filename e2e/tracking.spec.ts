/**
 * Slide tracking (issue 6) in Chromium against a real web host: a demo slide opened, zoomed to
 * 10×, panned across; the fractions of tissue seen rise in the viewer and in the engine, are
 * still there after a reload, show on the slide card; the coverage threshold set in Settings;
 * the sign-out dialog warns of the slide seen below it. Screens of the navigator overlay and
 * of the overlay on the slide at 1366 × 768 and 1920 × 1080.
 *
 * Coverage is kept in workstation.db for good, so these tests run on a host of their own
 * (a child process on a fresh data folder), never on the run's shared host.
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { CasePage } from './pages/CasePage';
import { ViewerPage } from './pages/ViewerPage';
import { WorklistPage } from './pages/WorklistPage';
import { saveScreen } from './support/artifacts';
import type { ChildHost } from './support/childHost';
import { startChildHost } from './support/childHost';
import { freshDataDir } from './support/demoDataDir';
import './support/viewerHook';

const SIZES = {
  small: { width: 1366, height: 768 },
  large: { width: 1920, height: 1080 },
};
/** The breast core biopsies of the demo library. */
const CASE = '-013102';
const PIN = '4321';

test.describe.configure({ mode: 'serial' });

let host: ChildHost;
let dataDir: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dataDir = freshDataDir('e2e-tracking-');
  host = await startChildHost(dataDir);
});

test.afterAll(async () => {
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function openCase(page: Page): Promise<string> {
  await page.goto(host.entryUrl);
  const worklist = new WorklistPage(page);
  await expect(worklist.rows.first()).toBeVisible();
  await worklist.open(CASE);
  const cases = await host.call('listCases', {});
  const found = cases.find((c) => c.accession.endsWith(CASE));
  if (!found) throw new Error(`no case ${CASE}`);
  return found.id;
}

/** The percent seen at ≥ 10× the viewer shows, once known and every view so far recorded. */
async function shownSeen10(page: Page): Promise<number> {
  const badge = page.getByTestId('coverage');
  await expect(badge).not.toHaveAttribute('data-seen10', '');
  await expect(badge).toHaveAttribute('data-pending', 'false');
  return Number(await badge.getAttribute('data-seen10'));
}

let slideId = '';
let seenAfterPanning = 0;

test('coverage rises as the slide is panned at 10×, and is still there after a reload', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize(SIZES.small);
  await openCase(page);
  const gallery = new CasePage(page);
  const card = gallery.cards.first();
  slideId = await gallery.slideId(card);
  await expect(card.getByTestId('slide-seen')).toHaveAttribute('data-opened', 'false');
  await card.locator('.slide-card-button').click();
  const viewer = new ViewerPage(page);
  await viewer.waitForSlide(slideId);

  // The whole slide at ~7×: seen, but not at 10×.
  await expect(page.getByTestId('coverage')).toContainText('Seen: 0% at ≥10×');
  expect((await host.call('getSlideCoverage', { slideId })).seen10).toBe(0);

  // 10×, at the left end of the slide.
  await viewer.preset(10).click();
  await viewer.waitFullyLoaded(slideId);
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowLeft');
  await viewer.waitFullyLoaded(slideId);
  await expect.poll(() => shownSeen10(page), { timeout: 15_000 }).toBeGreaterThan(0);
  const first = await shownSeen10(page);
  expect(first).toBeLessThan(100);
  // Part seen: the coverage over the whole slide shows seen tissue and the rest outlined.
  await page.keyboard.press('h');
  await viewer.waitFullyLoaded(slideId);
  await page.keyboard.press('Shift+C');
  await expect(page.getByTestId('coverage-slide')).toBeVisible();
  await saveScreen(page, testInfo, 'tracking-slide-partial-1366');
  await page.keyboard.press('Shift+C');
  await expect(page.getByTestId('coverage-slide')).toBeHidden();
  await viewer.preset(10).click();
  await viewer.waitFullyLoaded(slideId);

  // Pan right across the slide to its right end, never seen at 10× (a 10× view is about a
  // quarter of the slide's width here, and the left pans saw its left two thirds at most).
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Shift+ArrowRight');
    await viewer.waitFullyLoaded(slideId);
  }
  await expect.poll(() => shownSeen10(page), { timeout: 15_000 }).toBeGreaterThan(first);
  seenAfterPanning = await shownSeen10(page);
  // The engine says the same (the viewer shows what the engine answered).
  const engine = await host.call('getSlideCoverage', { slideId });
  expect(Math.round(engine.seen10 * 100)).toBe(seenAfterPanning);
  expect(engine.tissue).not.toBeNull();
  expect(engine.updatedAt).not.toBeNull();

  // The navigator shows the coverage; Shift+C shows it on the slide too.
  await expect(page.getByTestId('coverage-navigator')).toBeVisible();
  // The whole slide, to see all of the coverage at once.
  await page.keyboard.press('h');
  await viewer.waitFullyLoaded(slideId);
  await saveScreen(page, testInfo, 'tracking-navigator-1366');
  await page.keyboard.press('Shift+C');
  await expect(page.getByTestId('coverage-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('coverage-slide')).toBeVisible();
  await saveScreen(page, testInfo, 'tracking-slide-1366');
  await page.setViewportSize(SIZES.large);
  await viewer.waitFullyLoaded(slideId);
  await saveScreen(page, testInfo, 'tracking-slide-1920');
  await page.getByTestId('coverage-toggle').click();
  await expect(page.getByTestId('coverage-slide')).toBeHidden();
  await saveScreen(page, testInfo, 'tracking-navigator-1920');

  // After a reload, the coverage comes back from workstation.db: on the card, then the viewer.
  await page.reload();
  await openCase(page);
  const seenCard = new CasePage(page).cards.first().getByTestId('slide-seen');
  await expect(seenCard).toHaveAttribute('data-seen10', String(seenAfterPanning));
  await expect(seenCard).toContainText(`Seen ${seenAfterPanning}% at ≥10×`);
  await new CasePage(page).cards.first().locator('.slide-card-button').click();
  await viewer.waitForSlide(slideId);
  await expect.poll(() => shownSeen10(page)).toBe(seenAfterPanning);
});

test('the threshold is set in Settings, and the sign-out dialog warns of a slide seen below it', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const user = await host.call('saveUser', { name: 'Claire Dupont', title: 'Dr', initials: 'CD' });
  await host.call('setUserPin', { userId: user.id, pin: PIN });
  await host.call('chooseUser', { userId: user.id, pin: PIN });
  await page.setViewportSize(SIZES.large);
  const caseId = await openCase(page);

  // Slide 2 opened at low power only: opened, nothing seen at 10×.
  const gallery = new CasePage(page);
  const second = gallery.cards.nth(1);
  const lowSlide = await gallery.slideId(second);
  await second.locator('.slide-card-button').click();
  const viewer = new ViewerPage(page);
  await viewer.waitForSlide(lowSlide);
  await expect.poll(() => shownSeen10(page)).toBe(0);
  await viewer.backToCase.click();
  await expect(gallery.cards.nth(1).getByTestId('slide-seen')).toHaveAttribute(
    'data-below',
    'true',
  );

  const threshold = 90;
  await page.keyboard.press('Control+,');
  const field = page.getByTestId('coverage-threshold');
  await expect(field).toHaveValue('80');
  await field.fill(String(threshold));
  await page.getByTestId('coverage-threshold-save').click();
  await expect
    .poll(async () => (await host.call('getSettings', {})).coverageThresholdPct)
    .toBe(threshold);
  await page.keyboard.press('Escape');

  const coverage = await host.call('getCaseCoverage', { caseId });
  expect(coverage.thresholdPct).toBe(threshold);
  const bySlide = new Map(coverage.slides.map((s) => [s.slideId, s]));
  expect(bySlide.get(lowSlide)).toMatchObject({ opened: true, seen10: 0, belowThreshold: true });
  expect(bySlide.get(slideId)).toMatchObject({
    opened: true,
    belowThreshold: seenAfterPanning < threshold,
  });
  const below = coverage.slides.filter((s) => s.belowThreshold).map((s) => s.slideId);
  const neverOpened = coverage.slides.filter((s) => !s.opened).length;
  expect(neverOpened).toBe(coverage.slides.length - 2);

  await page.getByTestId('report-sign').click();
  const warnings = page.getByTestId('sign-dialog').getByTestId('sign-warnings');
  await expect(warnings.locator('[data-code="slide_low_coverage"]')).toHaveCount(below.length);
  await expect(warnings.locator('[data-code="slide_low_coverage"]').first()).toContainText(
    'slide 2',
  );
  await expect(warnings.locator('[data-code="slide_never_opened"]')).toHaveCount(neverOpened);
  const checks = await host.call('checkSignOut', { caseId });
  expect(checks.filter((c) => c.code === 'slide_low_coverage').map((c) => c.subject)).toEqual(
    below,
  );
  await saveScreen(page, testInfo, 'tracking-sign-warning-1920');
});

/** Every viewer of the viewports is still and has drawn all its tiles. */
async function viewersLoaded(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const vs = window.__viewers ?? [];
      return (
        vs.length >= n && vs.every((v) => v.isFullyLoaded() && !(v.osd.isAnimating?.() ?? false))
      );
    },
    count,
    { timeout: 30_000, polling: 100 },
  );
}

test('with two viewports in sync, panning at 20× records and shows the coverage of both slides', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize(SIZES.large);
  await openCase(page);
  const gallery = new CasePage(page);
  const card = gallery.cards.first();
  const firstId = await gallery.slideId(card);
  await card.locator('.slide-card-button').click();
  const viewer = new ViewerPage(page);
  await viewer.waitForSlide(firstId);
  await page.getByTestId('layout-2').click();
  const panes = page.getByTestId('viewport');
  await expect(panes).toHaveCount(2);
  await expect(panes.nth(1)).not.toHaveAttribute('data-slide-id', '');
  const secondId = (await panes.nth(1).getAttribute('data-slide-id'))!;
  expect(secondId).not.toBe(firstId);
  await page.keyboard.press('s');
  await expect(page.getByTestId('viewport-sync')).toHaveAttribute('aria-pressed', 'true');
  await viewer.preset(20).click();
  await viewersLoaded(page, 2);
  await shownSeen10(page);
  const seen20 = async () =>
    Promise.all(
      [firstId, secondId].map(
        async (id) => (await host.call('getSlideCoverage', { slideId: id })).seen20,
      ),
    );
  // The second viewport is not the active one: what it shows at 20× is recorded too.
  const before = await seen20();
  expect(before[1]).toBeGreaterThan(0);

  // The active viewport panned; the other follows in micrometres: both slides seen further.
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Shift+ArrowRight');
    await viewersLoaded(page, 2);
  }
  await shownSeen10(page);
  await expect
    .poll(async () => {
      const after = await seen20();
      return after.map((s, i) => s > before[i]!);
    })
    .toEqual([true, true]);

  // The other viewport shows its own slide's coverage: on its navigator, and over the
  // slide with the active viewport's Shift+C, as the active one does.
  await expect(panes.nth(1).getByTestId('coverage-navigator')).toBeVisible();
  const paneSeen = panes.nth(1).getByTestId('pane-coverage');
  await expect(paneSeen).toContainText('Seen:');
  expect(Number(await paneSeen.getAttribute('data-seen20'))).toBeGreaterThan(0);
  await expect(panes.nth(1).getByTestId('coverage-slide')).toBeHidden();
  await page.keyboard.press('Shift+C');
  await expect(panes.nth(0).getByTestId('coverage-slide')).toBeVisible();
  await expect(panes.nth(1).getByTestId('coverage-slide')).toBeVisible();
  await saveScreen(page, testInfo, 'coverage-two-viewports');
  await page.keyboard.press('Shift+C');
  await expect(panes.nth(1).getByTestId('coverage-slide')).toBeHidden();
});
