/**
 * The case in context (issue 9) in Chromium against a real web host: a case grouped by
 * parts and blocks with its clinical information, the patient's earlier case opened from
 * it, the label and macro enlarged, and a stain request (recorded, written as a FHIR
 * ServiceRequest into the LIS outbox, the case Awaiting IHC).
 *
 * A stain request changes the case for good: these tests run on a host of their own (a
 * child process on a fresh data folder holding a copy of the run's demo library).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { saveScreen } from './support/artifacts';
import type { ChildHost } from './support/childHost';
import { startChildHost } from './support/childHost';
import { freshDataDir } from './support/demoDataDir';

const SIZES = {
  1366: { width: 1366, height: 768 },
  1920: { width: 1920, height: 1080 },
} as const;
/** The demo mastectomy: parts A and B, blocks A1-A3 and B1, and an earlier biopsy. */
const MASTECTOMY = '-004512';
/** The earlier biopsy the mastectomy names, signed out with its conclusion. */
const PRIOR = '-011893';
const PIN = '4321';

test.describe.configure({ mode: 'serial' });

let host: ChildHost;
let dataDir: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dataDir = freshDataDir('e2e-case-context-');
  host = await startChildHost(dataDir);
});

test.afterAll(async () => {
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function accessionOf(suffix: string): Promise<string> {
  const found = (await host.call('listCases', {})).find((c) => c.accession.endsWith(suffix));
  if (!found) throw new Error(`no demo case ${suffix}`);
  return found.accession;
}

/** The case screen of `suffix`, through its address. */
async function openCase(page: Page, suffix: string): Promise<void> {
  const accession = await accessionOf(suffix);
  await page.goto(host.entryUrl);
  await page.evaluate((a) => (window.location.hash = `#/case/${a}`), accession);
  await expect(page.getByTestId('case-accession')).toHaveText(accession);
  await expect(page.getByTestId('clinical-info')).not.toContainText('…');
}

for (const width of [1920, 1366] as const) {
  test(`a case grouped by parts and blocks, with its clinical information (${width} px)`, async ({
    page,
  }, testInfo) => {
    await page.setViewportSize(SIZES[width]);
    await openCase(page, MASTECTOMY);
    await expect(page.getByTestId('clinical-info')).toContainText('chimiothérapie néoadjuvante');
    const parts = page.getByTestId('gallery-part');
    await expect(parts).toHaveCount(2);
    await expect(parts.nth(0)).toHaveAttribute('data-part', 'A');
    await expect(parts.nth(0).getByRole('heading', { level: 3 })).toContainText(
      'Mastectomie gauche',
    );
    await expect(parts.nth(1)).toHaveAttribute('data-part', 'B');
    // Blocks in the laboratory's order, each slide under its own block; A2 has none scanned.
    const blocks = page.getByTestId('gallery-block');
    await expect(blocks).toHaveCount(4);
    const expected: [string, number][] = [
      ['A1', 1],
      ['A2', 0],
      ['A3', 1],
      ['B1', 1],
    ];
    for (const [i, [id, slides]] of expected.entries()) {
      await expect(blocks.nth(i)).toHaveAttribute('data-block', id);
      await expect(blocks.nth(i).getByTestId('slide-card')).toHaveCount(slides);
    }
    await expect(blocks.nth(1)).toContainText('No slide scanned from this block yet.');
    await expect(blocks.nth(3).getByTestId('slide-card')).toContainText('B1 HE');
    await expect(page.getByTestId('gallery-unplaced')).toHaveCount(0);
    await saveScreen(page, testInfo, `case-context-${width}`);
  });
}

test('the patient’s earlier case is listed with its conclusion, and opens', async ({ page }) => {
  await page.setViewportSize(SIZES[1920]);
  await openCase(page, MASTECTOMY);
  const prior = page.getByTestId('prior-case');
  await expect(prior).toHaveCount(1);
  const accession = await accessionOf(PRIOR);
  await expect(prior).toContainText(accession);
  await expect(prior).toContainText('Macrobiopsies mammaires gauches');
  await expect(prior).toContainText('Carcinome infiltrant de type non spécifique, grade 2');
  // In a new window, beside this one: this window stays on the mastectomy (same patient).
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    prior.getByRole('button', { name: `Open case ${accession} in a new window` }).click(),
  ]);
  await expect(popup.getByTestId('case-accession')).toHaveText(accession);
  await expect(page.getByTestId('case-accession')).toHaveText(await accessionOf(MASTECTOMY));
  await popup.close();
  await prior.getByRole('button', { name: `Open case ${accession}`, exact: true }).click();
  await expect(page.getByTestId('case-accession')).toHaveText(accession);
  await expect(page).toHaveURL(new RegExp(`#/case/${accession}$`));
  await expect(page.getByTestId('slide-card')).toHaveCount(1);
  // And back: the mastectomy is the prior of the biopsy's patient too.
  await expect(page.getByTestId('prior-case')).toContainText(await accessionOf(MASTECTOMY));
});

/**
 * Where the tissue lies on the enlarged macro (its coloured pixels right of the label end),
 * and where the outline is drawn, both in the macro image's own pixels.
 */
async function tissueAgainstOutline(page: Page) {
  return page.getByTestId('enlarge-dialog').evaluate((dialog) => {
    const img = dialog.querySelector<HTMLImageElement>('img.enlarge-image')!;
    const box = img.getBoundingClientRect();
    const o = dialog.querySelector('[data-testid="scan-area-outline"]')!.getBoundingClientRect();
    const W = img.naturalWidth;
    const H = img.naturalHeight;
    const toImage = (x: number, y: number) => ({
      x: ((x - box.left) / box.width) * W,
      y: ((y - box.top) / box.height) * H,
    });
    const a = toImage(o.left, o.top);
    const b = toImage(o.right, o.bottom);
    const canvas = document.createElement('canvas');
    canvas.width = W;
    canvas.height = H;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, W, H).data;
    // The label end (hospital name in blue) takes the left quarter of the glass: skip it.
    const glassFrom = Math.round(W * 0.28);
    let left = W;
    let top = H;
    let right = 0;
    let bottom = 0;
    let inside = 0;
    for (let y = 0; y < H; y++) {
      for (let x = glassFrom; x < W; x++) {
        const i = (y * W + x) * 4;
        const r = px[i]!;
        const g = px[i + 1]!;
        const bl = px[i + 2]!;
        // Stained tissue is coloured; glass, its edges and the coverslip line are grey.
        if (Math.max(r, g, bl) - Math.min(r, g, bl) < 40) continue;
        left = Math.min(left, x);
        right = Math.max(right, x + 1);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y + 1);
        if (x >= a.x && x < b.x && y >= a.y && y < b.y) inside++;
      }
    }
    return {
      outline: { left: a.x, top: a.y, right: b.x, bottom: b.y },
      tissue: { left, top, right, bottom },
      tissueShare: inside / ((b.x - a.x) * (b.y - a.y)),
    };
  });
}

for (const width of [1920, 1366] as const) {
  test(`label and macro enlarged, Esc closes (${width} px)`, async ({ page }, testInfo) => {
    await page.setViewportSize(SIZES[width]);
    await openCase(page, MASTECTOMY);
    const first = page.locator('.slide-card-item').first();
    await first.getByTestId('enlarge-label').click();
    const dialog = page.getByTestId('enlarge-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('heading')).toContainText('Label of slide 1');
    const image = dialog.locator('img.enlarge-image');
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    // Shown larger than on the card (92 px wide there).
    expect((await image.boundingBox())!.width).toBeGreaterThan(92 * 2);
    await saveScreen(page, testInfo, `case-context-label-${width}`);
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    // Esc closed the dialog only: the case is still on screen.
    await expect(page.getByTestId('case-accession')).toBeVisible();

    await first.getByTestId('enlarge-macro').click();
    await expect(dialog.getByRole('heading')).toContainText('Macro of slide 1');
    await expect
      .poll(() =>
        dialog
          .locator('img.enlarge-image')
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
      )
      .toBeGreaterThan(0);
    // The scanned area is outlined, with its legend, and sits on the tissue of the macro.
    const outline = dialog.getByTestId('scan-area-outline');
    await expect(outline).toBeVisible();
    await expect(dialog.getByTestId('scan-area-legend')).toHaveText('Scanned area');
    await expect(dialog.getByTestId('scan-area-unknown')).toHaveCount(0);
    const macro = await tissueAgainstOutline(page);
    // The outline covers the tissue drawn on the glass (two macro pixels of slack)...
    expect(macro.tissue.left).toBeGreaterThanOrEqual(macro.outline.left - 2);
    expect(macro.tissue.top).toBeGreaterThanOrEqual(macro.outline.top - 2);
    expect(macro.tissue.right).toBeLessThanOrEqual(macro.outline.right + 2);
    expect(macro.tissue.bottom).toBeLessThanOrEqual(macro.outline.bottom + 2);
    // ...and is not a frame around the whole glass: the tissue fills a good part of it.
    expect(macro.tissueShare).toBeGreaterThan(0.1);
    await saveScreen(page, testInfo, `case-context-macro-${width}`);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toHaveCount(0);
  });
}

test('a stain request: recorded with user and time, in the LIS outbox, the case Awaiting IHC', async ({
  page,
}, testInfo) => {
  const user = await host.call('saveUser', { name: 'Claire Dupont', title: 'Dr', initials: 'CD' });
  await host.call('setUserPin', { userId: user.id, pin: PIN });
  await host.call('chooseUser', { userId: user.id, pin: PIN });
  await page.setViewportSize(SIZES[1366]);
  await openCase(page, MASTECTOMY);
  const accession = await accessionOf(MASTECTOMY);
  const caseId = (await host.call('listCases', {})).find((c) => c.accession === accession)!.id;
  expect((await host.call('getCase', { caseId })).case.status).toBe('in_progress');

  await page.getByRole('button', { name: 'Request stains…' }).click();
  const dialog = page.getByTestId('stain-request-dialog');
  await expect(dialog).toBeVisible();
  const send = dialog.getByRole('button', { name: 'Send the request' });
  await expect(send).toBeDisabled();
  await dialog.getByRole('checkbox', { name: /^A1/ }).check();
  await dialog.getByRole('checkbox', { name: 'HER2', exact: true }).check();
  await dialog.getByRole('checkbox', { name: 'Ki-67', exact: true }).check();
  await dialog.getByRole('checkbox', { name: 'levels', exact: true }).check();
  await dialog.getByLabel('Note for the laboratory').fill('Bilan post-thérapeutique');
  await expect(dialog.getByRole('status')).toHaveText('3 items will be requested.');
  await saveScreen(page, testInfo, 'case-context-request-1366');
  await send.click();
  await expect(dialog).toHaveCount(0);

  const request = page.getByTestId('stain-request');
  await expect(request).toHaveCount(1);
  await expect(request).toContainText('A1: HER2 · A1: Ki-67 · A1: levels');
  await expect(request).toContainText('Dr Claire Dupont');
  await expect(request).toContainText('Bilan post-thérapeutique');
  await expect(request.getByTestId('request-outbox')).toHaveAttribute('data-state', 'written');
  await expect(page.getByTestId('case-status')).toHaveValue('pending_ihc');
  expect((await host.call('getCase', { caseId })).case.status).toBe('pending_ihc');

  // The file the hospital's interface engine picks up: a FHIR ServiceRequest for this case.
  const outbox = path.join(dataDir, 'outbox', 'lis');
  const files = fs.readdirSync(outbox).filter((f) => f.endsWith('.json'));
  expect(files).toHaveLength(1);
  const fhir = JSON.parse(fs.readFileSync(path.join(outbox, files[0]!), 'utf8')) as {
    resourceType: string;
    requisition: { value: string };
    orderDetail: { text: string }[];
    requester: { display: string };
  };
  expect(fhir.resourceType).toBe('ServiceRequest');
  expect(fhir.requisition.value).toBe(accession);
  expect(fhir.orderDetail.map((d) => d.text)).toEqual([
    'A1: Stain HER2',
    'A1: Stain Ki-67',
    'A1: Levels',
  ]);
  expect(fhir.requester.display).toBe('Dr Claire Dupont');
  await saveScreen(page, testInfo, 'case-context-requested-1366');
  await page.setViewportSize(SIZES[1920]);
  await saveScreen(page, testInfo, 'case-context-requested-1920');
});
