/**
 * The sign-out day's worklist (issue 9) in Chromium against a real web host: the filter
 * bar (status chips with counts, priority, "mine"), filters remembered per user, search
 * by patient identifier and by stain, the automatic In progress when a user opens a New
 * case, next and previous case from the case and viewer screens, and reassignment from
 * the case header. Screenshots at 1366×768 and 1920×1080 (e2e/artifacts/).
 *
 * Opening cases changes their status for good, so the tests run on a host of their own
 * (a child process on a fresh data folder), never on the run's shared host.
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import type { CaseSummary } from '../electron/common/contract';
import { DEFAULT_WORKLIST_PREFS } from '../electron/common/worklist/model';
import { saveScreen } from './support/artifacts';
import type { ChildHost } from './support/childHost';
import { startChildHost } from './support/childHost';
import { WorklistPage } from './pages/WorklistPage';
import { freshDataDir } from './support/demoDataDir';

const SIZES = {
  small: { width: 1366, height: 768 },
  large: { width: 1920, height: 1080 },
};
const PIN = '4321';

test.describe.configure({ mode: 'serial' });

let host: ChildHost;
let dataDir: string;
let claire: string;
let helene: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dataDir = freshDataDir('e2e-worklist-day-');
  host = await startChildHost(dataDir);
  claire = (await host.call('saveUser', { name: 'Claire Dupont', title: 'Dr', initials: 'CD' })).id;
  helene = (await host.call('saveUser', { name: 'Hélène Leroy', title: 'Pr', initials: 'HL' })).id;
  for (const userId of [claire, helene]) await host.call('setUserPin', { userId, pin: PIN });
  await host.call('chooseUser', { userId: claire, pin: PIN });
});

test.afterAll(async () => {
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const cases = (): Promise<CaseSummary[]> => host.call('listCases', {});

async function openWorklist(page: Page): Promise<WorklistPage> {
  await page.goto(host.entryUrl);
  const worklist = new WorklistPage(page);
  await expect(worklist.rows.first()).toBeVisible();
  return worklist;
}

const count = (page: Page, id: string) => page.getByTestId(`status-count-${id}`);

test('filter bar: status chips with counts, priority, "mine", remembered per user', async ({
  page,
}) => {
  await page.setViewportSize(SIZES.large);
  const all = await cases();
  const open = all.filter((c) => c.status !== 'signed_out');
  const [first, second] = open;
  if (!first || !second) throw new Error('the demo library has fewer than two open cases');
  await host.call('assignCase', { caseId: first.id, userId: claire });
  await host.call('assignCase', { caseId: second.id, userId: helene });

  const worklist = await openWorklist(page);
  await expect(worklist.rows).toHaveCount(open.length);
  for (const status of ['new', 'in_progress', 'pending_ihc'] as const)
    await expect(count(page, status)).toHaveText(
      String(open.filter((c) => c.status === status).length),
    );
  await expect(count(page, 'signedToday')).toHaveText('0');
  await saveScreen(page, test.info(), 'worklist-day-1920');

  // A status chip keeps its cases only.
  await page.getByTestId('status-chip-new').click();
  await expect(worklist.rows).toHaveCount(open.filter((c) => c.status === 'new').length);
  await page.getByTestId('status-chip-new').click();

  // Priority: frozen sections only.
  await page.getByTestId('priority-chip-frozen').click();
  const frozen = open.filter((c) => c.priority === 'frozen');
  await expect(worklist.rows).toHaveCount(frozen.length);
  for (const row of await worklist.rows.all())
    await expect(row).toHaveAttribute('data-priority', 'frozen');
  await page.getByTestId('priority-chip-frozen').click();

  // "Mine": the case assigned to Claire, who is working.
  await page.getByTestId('assignment-mine').click();
  await expect(worklist.rows).toHaveCount(1);
  await expect(worklist.rows.first()).toHaveAttribute('data-case-id', first.id);
  await expect(worklist.rows.first().getByTestId('case-assigned')).toHaveText('Claire Dupont');
  await page.getByTestId('assignment-unassigned').click();
  await expect(worklist.rows).toHaveCount(open.length - 2);

  // Claire's choice is remembered for her...
  await page.getByTestId('assignment-mine').click();
  await expect(page.getByTestId('assignment-mine')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await host.call('getWorklistPrefs', {})).assignment).toBe('mine');
  await page.reload();
  await expect(page.getByTestId('assignment-mine')).toHaveAttribute('aria-pressed', 'true');
  await expect(worklist.rows).toHaveCount(1);
  // ...and Hélène finds her own (the defaults), then her own case under "mine".
  await host.call('chooseUser', { userId: helene, pin: PIN });
  await page.reload();
  await expect(page.getByTestId('assignment-all')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('assignment-mine').click();
  await expect(worklist.rows).toHaveCount(1);
  await expect(worklist.rows.first()).toHaveAttribute('data-case-id', second.id);
  await page.setViewportSize(SIZES.small);
  await page.getByTestId('assignment-all').click();
  await saveScreen(page, test.info(), 'worklist-day-1366');
  await host.call('chooseUser', { userId: claire, pin: PIN });
  await host.call('setWorklistPrefs', DEFAULT_WORKLIST_PREFS);
});

test('search by patient identifier and by stain, accent-insensitive', async ({ page }) => {
  await page.setViewportSize(SIZES.large);
  const open = (await cases()).filter((c) => c.status !== 'signed_out');
  const worklist = await openWorklist(page);
  const byId = open.find((c) => open.filter((o) => o.patient.id === c.patient.id).length === 1);
  if (!byId) throw new Error('no patient identifier is unique in the demo library');
  await worklist.filter.fill(byId.patient.id);
  await expect(worklist.rows).toHaveCount(1);
  await expect(worklist.rows.first()).toHaveAttribute('data-case-id', byId.id);

  // A stain some cases have and others not; typed in lower case.
  const stains = [...new Set(open.flatMap((c) => c.stains))];
  const stain = stains.find((s) => {
    const n = open.filter((c) => c.stains.includes(s)).length;
    return n > 0 && n < open.length && /^[\w-]+$/.test(s);
  });
  if (!stain) throw new Error(`no stain tells cases apart: ${stains.join(', ')}`);
  const folded = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const expected = open.filter((c) =>
    [c.accession, c.patient.name, c.patient.id, c.specimen, ...c.stains]
      .map(folded)
      .join(' ')
      .includes(folded(stain)),
  );
  await worklist.filter.fill(stain.toLowerCase());
  await expect(worklist.rows).toHaveCount(expected.length);
  await expect(worklist.rows.first().getByTestId('case-stains')).toContainText(stain);

  // Accent-insensitive: a patient name with its accents taken off finds it.
  const accented = open.find((c) => folded(c.patient.name) !== c.patient.name.toLowerCase());
  if (accented) {
    await worklist.filter.fill(folded(accented.patient.name));
    await expect(worklist.row(accented.accession)).toHaveCount(1);
  }
});

test('opening a New case makes it In progress for the user; next and previous case from the case and the viewer', async ({
  page,
}) => {
  await page.setViewportSize(SIZES.large);
  const worklist = await openWorklist(page);
  const ids = await worklist.rows.evaluateAll((rows) =>
    rows.map((r) => (r as HTMLElement).dataset.caseId ?? ''),
  );
  const before = await cases();
  const firstNew = ids.findIndex((id) => before.find((c) => c.id === id)?.status === 'new');
  expect(firstNew).toBeGreaterThanOrEqual(0);
  expect(firstNew + 1).toBeLessThan(ids.length);
  const current = before.find((c) => c.id === ids[firstNew])!;
  const next = before.find((c) => c.id === ids[firstNew + 1])!;

  await worklist.open(current.accession);
  await expect(page.getByTestId('case-status')).toHaveValue('in_progress');
  const after = (await cases()).find((c) => c.id === current.id)!;
  expect(after.status).toBe('in_progress');
  await expect(page.getByTestId('case-assignee')).toBeVisible();
  await saveScreen(page, test.info(), 'worklist-day-case-1920');

  // Shift+N: the next case of the list as filtered and sorted on the worklist.
  await page.keyboard.press('Shift+N');
  await expect(page.getByTestId('case-accession')).toHaveText(next.accession);
  await page.getByTestId('previous-case').click();
  await expect(page.getByTestId('case-accession')).toHaveText(current.accession);

  // From the viewer too.
  await page.keyboard.press('1');
  await expect(page).toHaveURL(/\/slide\/1$/);
  await page.getByTestId('next-case').click();
  await expect(page.getByTestId('case-accession')).toHaveText(next.accession);
  await page.keyboard.press('Shift+P');
  await expect(page.getByTestId('case-accession')).toHaveText(current.accession);

  // Reassigned from the header; the worklist shows it.
  await page.setViewportSize(SIZES.small);
  await page.getByTestId('case-assignee').selectOption(helene);
  await expect(page.getByTestId('case-assignee')).toHaveValue(helene);
  await expect
    .poll(async () => (await cases()).find((c) => c.id === current.id)?.assignedTo?.userId)
    .toBe(helene);
  await saveScreen(page, test.info(), 'worklist-day-case-1366');
});
