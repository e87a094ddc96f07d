/**
 * A gamepad in the viewer (issue 6). Chromium has no fake gamepad device, so the page's
 * navigator.getGamepads answers with a pad whose axes and buttons the test moves, and the
 * test dispatches gamepadconnected as the browser does: everything after that is the app's
 * own polling loop, mapping and viewer.
 */
import type { Page } from '@playwright/test';
import { callApi } from './support/api';
import { expect, test } from './support/fixtures';

declare global {
  interface Window {
    __pad: { axes: number[]; pressed: boolean[]; connected: boolean };
  }
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    window.__pad = {
      axes: [0, 0, 0, 0],
      pressed: Array<boolean>(17).fill(false),
      connected: false,
    };
    const pad = () => ({
      id: 'Test pad (STANDARD GAMEPAD)',
      index: 0,
      connected: true,
      mapping: 'standard',
      timestamp: performance.now(),
      axes: [...window.__pad.axes],
      buttons: window.__pad.pressed.map((p) => ({ pressed: p, touched: p, value: p ? 1 : 0 })),
    });
    Object.defineProperty(navigator, 'getGamepads', {
      configurable: true,
      value: () => (window.__pad.connected ? [pad(), null, null, null] : [null, null, null, null]),
    });
  });
});

test.afterEach(async ({ request }) => {
  await callApi(request, 'updateSettings', { gamepad: { deadZone: 0.15, speed: 1 } });
});

async function connect(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__pad.connected = true;
    window.dispatchEvent(new Event('gamepadconnected'));
  });
}

/** Presses a button for a few frames, then lets it go. */
async function press(page: Page, button: number): Promise<void> {
  await page.evaluate(async (b) => {
    const frames = (n: number) =>
      new Promise<void>((r) => {
        let left = n;
        const step = () => (--left <= 0 ? r() : requestAnimationFrame(step));
        requestAnimationFrame(step);
      });
    window.__pad.pressed[b] = true;
    await frames(4);
    window.__pad.pressed[b] = false;
    await frames(4);
  }, button);
}

async function hold(page: Page, axis: number, value: number, ms: number): Promise<void> {
  await page.evaluate(
    async ({ axis, value, ms }) => {
      window.__pad.axes[axis] = value;
      await new Promise((r) => setTimeout(r, ms));
      window.__pad.axes[axis] = 0;
    },
    { axis, value, ms },
  );
}

const center = (page: Page) => page.evaluate(() => window.__viewer!.osd.viewport.getCenter(false));

test('the sticks pan and zoom, the buttons step magnification and switch slides', async ({
  app,
}) => {
  const { page } = app;
  const first = await app.openDemoHe();
  await app.viewer.preset(10).click();
  await expect.poll(() => app.viewer.getMagnification()).toBeCloseTo(10, 0);
  await connect(page);

  // RB: the next preset up; d-pad down: back down.
  await press(page, 5);
  await expect.poll(() => app.viewer.getMagnification()).toBeCloseTo(20, 0);
  await press(page, 13);
  await expect.poll(() => app.viewer.getMagnification()).toBeCloseTo(10, 0);

  // A stick resting inside the dead zone moves nothing.
  const still = await center(page);
  await hold(page, 0, 0.1, 400);
  await page.waitForTimeout(600);
  expect(await center(page)).toEqual(still);

  // Left stick right: the view moves right.
  await hold(page, 0, 1, 500);
  await expect.poll(async () => (await center(page)).x).toBeGreaterThan(still.x + 0.01);
  expect(Math.abs((await center(page)).y - still.y)).toBeLessThan(0.01);

  // Right stick up: zooms in.
  const before = (await app.viewer.getMagnification()) ?? 0;
  await hold(page, 3, -1, 500);
  await expect
    .poll(async () => (await app.viewer.getMagnification()) ?? 0)
    .toBeGreaterThan(before * 1.2);

  // D-pad right: the next slide; A: the whole slide.
  await press(page, 15);
  await expect(app.viewer.viewer).not.toHaveAttribute('data-slide-id', first);
  await press(page, 0);
  await expect.poll(async () => (await app.viewer.getMagnification()) ?? 99).toBeLessThan(10);
});

test('Settings shows the connected pad and keeps its dead zone and speed', async ({
  app,
  request,
}) => {
  const { page } = app;
  await connect(page);
  await app.openSettings();
  await expect(page.getByTestId('gamepad-status')).toHaveText(
    'Connected: Test pad (STANDARD GAMEPAD)',
  );
  const speed = page.getByTestId('gamepad-speed');
  await speed.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  await expect
    .poll(async () => (await callApi(request, 'getSettings', {})).gamepad?.speed)
    .toBeCloseTo(1.5, 5);
  await page.getByTestId('gamepad-deadZone').focus();
  await page.keyboard.press('Home');
  await expect
    .poll(async () => (await callApi(request, 'getSettings', {})).gamepad?.deadZone)
    .toBe(0);
});
