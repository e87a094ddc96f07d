/** `test` with an `app` already open on the worklist of the shared host. */
import { test as base } from '@playwright/test';
import { AppPage } from '../pages/AppPage';

export const test = base.extend<{ app: AppPage }>({
  app: async ({ page }, use) => {
    const app = new AppPage(page);
    await app.start();
    await use(app);
  },
});

export { expect } from '@playwright/test';
