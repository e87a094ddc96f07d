/**
 * Who is working (issue 8), through the web host: a profile created with its PIN in
 * Settings, chosen at the chooser, shown in the header; the workstation locks itself after
 * the delay of inactivity (Playwright's clock moves time on), hiding the slide; a wrong PIN
 * is refused, the right one unlocks; then the audit trail of the host's data folder is
 * checked with the command line tool, as hospital IT would.
 *
 * The profile is removed afterwards: the host is shared, and the next specs must find a
 * workstation without profiles (no chooser in their way).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { AppPage } from './pages/AppPage';
import { callApi } from './support/api';
import { hostEnv } from './support/env';
import { expect, test } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..');
const SCREENS = path.join(root, 'build', 'screens', 'users');
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/** The same state at both screen sizes, into build/screens/users/<name>-<w>x<h>.png. */
async function shoot(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.screenshot({
      path: path.join(SCREENS, `${name}-${size.width}x${size.height}.png`),
      animations: 'disabled',
      caret: 'hide',
    });
  }
  if (before) await page.setViewportSize(before);
}

function auditVerify(
  dataDir: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  return new Promise((done) => {
    execFile(
      tsx,
      [path.join(root, 'electron', 'cli', 'audit.ts'), 'verify', '--data-dir', dataDir],
      { cwd: root, timeout: 60_000 },
      (error, stdout, stderr) =>
        done({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

test.afterEach(async ({ request }) => {
  // Profiles cannot change behind a locked screen: every test here uses PIN 2468.
  if ((await callApi(request, 'getSession', {})).locked)
    await callApi(request, 'unlockSession', { pin: '2468' });
  for (const user of await callApi(request, 'listUsers', {}))
    await callApi(request, 'removeUser', { userId: user.id });
  await callApi(request, 'setLockAfterMinutes', { minutes: 15 });
  await callApi(request, 'updateSettings', { language: null });
});

test('a profile made in Settings is chosen with its PIN, locks after inactivity, unlocks with its PIN; the trail verifies', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize(SIZES[0]);
  await page.clock.install();
  const app = new AppPage(page);
  await app.start();
  const users = page.getByTestId('settings-users');

  // No profile yet: the app works as before, and the header offers to create one.
  await expect(page.getByTestId('users-overlay')).toHaveCount(0);
  await page.getByTestId('user-create').click();
  await expect(users).toBeVisible();
  await expect(users).toContainText('Pathologists');
  await users.getByTestId('profile-add').click();
  await users.getByTestId('profile-name').fill('Claire Dupont');
  await expect(users.getByTestId('profile-initials')).toHaveValue('CD');
  await users.getByTestId('profile-pin').fill('2468');
  await users.getByTestId('profile-pin-confirm').fill('2467');
  await users.getByTestId('profile-save').click();
  await expect(users.getByTestId('profile-problem')).toHaveText(
    'The two PINs differ: type the same PIN twice.',
  );
  await expect(users.getByTestId('profile-pin')).toHaveAttribute('type', 'password');
  await users.scrollIntoViewIfNeeded();
  await shoot(page, 'settings-add');
  await users.getByTestId('profile-pin-confirm').fill('2468');
  await users.getByTestId('profile-save').click();

  // A profile exists and nobody is chosen: the chooser covers the window.
  const chooser = page.getByTestId('user-chooser');
  await expect(chooser).toBeVisible();
  await expect(chooser.getByTestId('user-choice')).toHaveText(['CDDr Claire Dupont']);
  await shoot(page, 'chooser');
  await chooser.getByTestId('user-choice').click();
  await chooser.getByTestId('pin-input').fill('2468');
  await shoot(page, 'chooser-pin');
  await chooser.getByTestId('pin-submit').click();
  await expect(page.getByTestId('users-overlay')).toHaveCount(0);

  // The header says who is working.
  const menu = page.getByTestId('user-menu');
  await expect(menu).toHaveText('CDDr Claire Dupont');
  await expect(users.getByTestId('profile-row')).toContainText('Working now');

  // A one-minute lock delay, set in Settings.
  await users.getByTestId('lock-delay').fill('1');
  await users.getByTestId('lock-delay-save').click();
  await expect(users.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await shoot(page, 'settings');
  await menu.click();
  await expect(page.getByTestId('user-menu-panel')).toBeVisible();
  await shoot(page, 'header-menu');
  await page.keyboard.press('Escape');

  // A slide on screen, then a minute without input.
  await app.navWorklist().click();
  await app.worklist.open('-013477');
  const card = app.case.card('HE');
  const slideId = await app.case.slideId(card);
  await page.keyboard.press('1');
  await app.viewer.waitForSlide(slideId);
  await shoot(page, 'header-viewer');
  await page.clock.fastForward(30_000);
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);
  await page.clock.fastForward(31_000);
  const lock = page.getByTestId('lock-screen');
  await expect(lock).toBeVisible();
  expect((await callApi(page.request, 'getSession', {})).locked).toBe(true);
  // The slide and the case header are hidden: what is on top in the middle and at the
  // header's place is the lock layer.
  const onTop = await page.evaluate(() =>
    [
      [innerWidth / 2, innerHeight / 2],
      [innerWidth - 20, 20],
      [20, innerHeight - 20],
    ].map(([x, y]) =>
      Boolean(document.elementFromPoint(x!, y!)?.closest('[data-testid="users-overlay"]')),
    ),
  );
  expect(onTop).toEqual([true, true, true]);
  await shoot(page, 'lock');

  // A wrong PIN is refused and the workstation stays locked; the right one unlocks.
  await lock.getByTestId('pin-input').fill('1111');
  await lock.getByTestId('pin-submit').click();
  await expect(lock.getByTestId('pin-error')).toHaveText('Wrong PIN.');
  await expect(lock.getByTestId('pin-input')).toHaveValue('');
  await shoot(page, 'lock-wrong-pin');
  await lock.getByTestId('pin-input').fill('2468');
  await lock.getByTestId('pin-submit').click();
  await expect(page.getByTestId('users-overlay')).toHaveCount(0);
  await expect(app.viewer.viewer).toBeVisible();
  expect((await callApi(page.request, 'getSession', {})).locked).toBe(false);

  // The trail: intact by the CLI, and it holds what happened, attributed to the profile.
  const { dataDir } = hostEnv();
  const run = await auditVerify(dataDir);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const entries = Number(/intact: (\d+) entries/.exec(run.stdout)?.[1]);
  expect(entries).toBeGreaterThan(0);
  const db = new Database(path.join(dataDir, 'workstation.db'), { readonly: true });
  const rows = db
    .prepare<[], { action: string; user_id: string | null }>(
      "SELECT action, user_id FROM audit_entries WHERE action LIKE 'session.%' OR action IN ('slide.view', 'user.create') ORDER BY seq",
    )
    .all();
  db.close();
  const userId = (await callApi(page.request, 'getSession', {})).user?.id;
  // The viewer may read a slide's description more than once: one slide.view per read.
  const tail = rows
    .slice(rows.map((r) => r.action).lastIndexOf('user.create'))
    .filter((r, i, all) => r.action !== 'slide.view' || all[i - 1]?.action !== 'slide.view');
  expect(tail.map((r) => r.action)).toEqual([
    'user.create',
    'session.choose',
    'session.lock_delay',
    'slide.view',
    'session.lock',
    'session.pin_failed',
    'session.unlock',
  ]);
  expect(new Set(tail.slice(1).map((r) => r.user_id))).toEqual(new Set([userId]));

  // The same lock screen in French, locked from the header's menu.
  await callApi(page.request, 'updateSettings', { language: 'fr' });
  await page.reload();
  await page.getByTestId('user-menu').click();
  await page.getByTestId('user-lock').click();
  await expect(page.getByTestId('lock-screen')).toContainText('Station verrouillée');
  await shoot(page, 'lock-fr');
  await page.getByTestId('pin-input').fill('2468');
  await page.getByTestId('pin-submit').click();
  await expect(page.getByTestId('users-overlay')).toHaveCount(0);
});

test('input in one window keeps every window of the workstation unlocked; idle in all, all lock', async ({
  page,
  context,
}) => {
  const { entryUrl } = hostEnv();
  const claire = await callApi(page.request, 'saveUser', {
    name: 'Claire Dupont',
    title: 'Dr',
    initials: 'CD',
  });
  await callApi(page.request, 'setUserPin', { userId: claire.id, pin: '2468' });
  await callApi(page.request, 'chooseUser', { userId: claire.id, pin: '2468' });
  await callApi(page.request, 'setLockAfterMinutes', { minutes: 1 });
  await context.clock.install();
  const second = await context.newPage();
  for (const p of [page, second]) {
    await p.goto(entryUrl);
    await expect(p.getByTestId('user-menu')).toHaveText('CDDr Claire Dupont');
  }
  // Two and a half minutes with input in the second window only, every 40 s.
  for (let i = 0; i < 4; i++) {
    await context.clock.fastForward(40_000);
    await second.mouse.move(100 + i * 10, 200);
    await second.mouse.wheel(0, 10);
  }
  await context.clock.fastForward(30_000);
  expect((await callApi(page.request, 'getSession', {})).locked).toBe(false);
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);
  // Then nobody touches anything.
  await context.clock.fastForward(61_000);
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await expect(second.getByTestId('lock-screen')).toBeVisible();
  expect((await callApi(page.request, 'getSession', {})).locked).toBe(true);
  await second.close();
});
