/**
 * How we run Chromium everywhere (e2e, benchmarks): Debian's /usr/bin/chromium when it is
 * there (Playwright's own browser download is not reachable on our build machines), and
 * flags that keep it from calling home or using a GPU the machines do not have.
 */
import fs from 'node:fs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The system Chromium, or undefined to let Playwright use its own. */
export const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) =>
  fs.existsSync(p),
);

export const chromiumLaunchOptions = {
  ...(SYSTEM_CHROMIUM ? { executablePath: SYSTEM_CHROMIUM } : {}),
  args: CHROMIUM_ARGS,
};
