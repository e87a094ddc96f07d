import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the web host, in Chromium. Debian's /usr/bin/chromium is used
 * when present (Playwright's own browser download is not reachable on our build machines);
 * elsewhere Playwright's bundled browser is used.
 */
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) =>
  fs.existsSync(p),
);

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../test-results',
  globalSetup: './globalSetup.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // One worker: the machines we run on have 2 cores and the viewer is CPU-bound.
  workers: 1,
  retries: 0,
  use: {
    viewport: { width: 1600, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      ...(systemChromium ? { executablePath: systemChromium } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
