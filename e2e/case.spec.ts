/**
 * The case screen: who and what (header), every slide with its label, overview and stain,
 * opening slides by number key and by click, and a damaged slide that says why it cannot
 * be opened while the rest of its case still works.
 */
import type { Locator } from '@playwright/test';
import { saveScreen } from './support/artifacts';
import { expect, test } from './support/fixtures';

/** Waits for an <img> to have decoded a real image. */
async function expectImageLoaded(img: Locator): Promise<void> {
  await img.scrollIntoViewIfNeeded();
  await expect
    .poll(() => img.evaluate((i: HTMLImageElement) => (i.complete ? i.naturalWidth : 0)), {
      message: 'image decoded',
    })
    .toBeGreaterThan(0);
}

test('the case shows its header and every slide with label, overview and stain', async ({
  app,
}, testInfo) => {
  await app.worklist.open('-013102');
  const { header, cards } = app.case;
  await expect(header).toContainText('LEFEBVRE Martine');
  await expect(header).toContainText('Macrobiopsies mammaires gauches');
  await expect(app.case.accession).toHaveText(/^B\d{2}-013102$/);
  await expect(header.locator('.priority-badge')).toHaveText(/Urgent/);
  await expect(header.getByTestId('case-status')).toHaveValue('pending_ihc');

  await expect(cards).toHaveCount(4);
  await expect(cards.locator('.slide-stain')).toHaveText(['HE', 'RE', 'HER2', 'Ki-67']);
  await expect(cards.locator('.stain-kind')).toHaveText(['H&E', 'IHC', 'IHC', 'IHC']);
  for (let i = 0; i < 4; i++) {
    const card = cards.nth(i);
    await expect(card).not.toHaveAttribute('data-error', 'true');
    await expectImageLoaded(card.getByRole('img', { name: `Label of slide ${i + 1}` }));
    await expectImageLoaded(card.getByRole('img', { name: `Overview of slide ${i + 1}` }));
    await expect(
      card.getByRole('button', { name: new RegExp(`^Open slide ${i + 1}, `) }),
    ).toBeVisible();
  }
  // The overview is a picture of the slide, wider than tall like a glass slide's tissue area.
  const overview = cards.first().getByRole('img', { name: 'Overview of slide 1' });
  const size = await overview.evaluate((i: HTMLImageElement) => ({
    w: i.naturalWidth,
    h: i.naturalHeight,
  }));
  expect(size.w).toBeGreaterThan(32);
  expect(size.h).toBeGreaterThan(32);
  await saveScreen(app.page, testInfo, 'case');
});

test('number keys and clicks open slides of the case', async ({ app }) => {
  await app.worklist.open('-013102');
  const { cards } = app.case;
  await expect(cards).toHaveCount(4);
  const second = await app.case.slideId(cards.nth(1));
  const third = await app.case.slideId(cards.nth(2));

  await app.page.keyboard.press('2');
  await expect(app.viewer.viewer).toHaveAttribute('data-slide-id', second);
  await expect(app.page.locator('.viewer-title')).toContainText('RE');
  // The patient stays in sight while a slide is read.
  await expect(app.case.header).toContainText('LEFEBVRE Martine');
  await app.viewer.waitForSlide(second);

  await app.page.keyboard.press('Escape');
  await expect(app.case.gallery).toBeVisible();
  await cards.nth(2).getByRole('button').click();
  await expect(app.viewer.viewer).toHaveAttribute('data-slide-id', third);
  await expect(app.page.locator('.viewer-title')).toContainText('HER2');
  await app.viewer.waitForSlide(third);

  await app.viewer.backToCase.click();
  await expect(app.case.gallery).toBeVisible();
  await app.case.backButton.click();
  await expect(app.worklist.table).toBeVisible();
});

test('a damaged slide says why on its card and cannot be opened; the others still open with tissue', async ({
  app,
}, testInfo) => {
  await app.worklist.open('-013477');
  const { cards } = app.case;
  await expect(cards).toHaveCount(5);
  await expect(cards.locator('.slide-stain')).toHaveText(['HE', 'CD20', 'CD3', 'Ki-67', 'BCL2']);

  const broken = app.case.card('BCL2');
  await expect(broken).toHaveAttribute('data-error', 'true');
  const message = broken.getByRole('note');
  await expect(message).toBeVisible();
  // What is wrong, in words (the engine's reason for this file: truncated).
  await expect(message).toHaveText(/truncated|damaged/i);
  expect((await message.innerText()).length).toBeGreaterThan(20);
  await expect(broken.getByRole('group', { name: 'Slide 5 cannot be opened' })).toBeVisible();
  // Nothing on it opens the slide: its only button shows the engine's own words.
  await expect(broken.getByRole('button')).toHaveText(['Details']);
  // Only the damaged card is marked.
  await expect(app.page.locator('[data-testid="slide-card"][data-error="true"]')).toHaveCount(1);
  await saveScreen(app.page, testInfo, 'case-damaged-slide');

  // Clicking it, then pressing its number, does nothing: the next key ("1") still reaches the
  // case screen and opens slide 1, which it would not if the viewer had opened slide 5.
  const ids = await cards.evaluateAll((cs) => cs.map((c) => c.getAttribute('data-slide-id') ?? ''));
  const [first, brokenId] = [ids[0] ?? '', ids[4] ?? ''];
  await broken.click();
  await app.page.keyboard.press('5');
  await app.page.keyboard.press('1');
  await expect(app.viewer.viewer).toHaveAttribute('data-slide-id', first);

  // In the viewer's strip the damaged slide is there but disabled.
  await expect(
    app.page.locator(`[data-testid="strip-slide"][data-slide-id="${brokenId}"]`),
  ).toBeDisabled();

  // Each readable slide of the case opens and shows tissue.
  for (const [position, stain] of [
    [1, 'HE'],
    [2, 'CD20'],
    [3, 'CD3'],
    [4, 'Ki-67'],
  ] as const) {
    const id = ids[position - 1] ?? '';
    await app.page.locator(`[data-testid="strip-slide"][data-slide-id="${id}"]`).click();
    await app.viewer.waitForSlide(id);
    await expect(app.page.locator('.viewer-title')).toContainText(stain);
    await expect(app.viewer.tileErrors).toHaveCount(0);
    const stats = await app.viewer.canvasStats();
    expect(
      stats.tissue / stats.sampled,
      `${stain}: tissue on screen ${JSON.stringify(stats)}`,
    ).toBeGreaterThan(0.05);
  }
});
