import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './support/chromium';

/**
 * End-to-end tests against the web host, in Chromium. Debian's /usr/bin/chromium is used
 * when present (Playwright's own browser download is not reachable on our build machines);
 * elsewhere Playwright's bundled browser is used.
 */

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
    launchOptions: chromiumLaunchOptions,
  },
});
