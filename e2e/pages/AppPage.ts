import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { hostEnv } from '../support/env';
import { AnnotationsPage } from './AnnotationsPage';
import { CasePage } from './CasePage';
import { SettingsPage } from './SettingsPage';
import { ViewerPage } from './ViewerPage';
import { WorklistPage } from './WorklistPage';

/** The whole app: entry, top bar, and one page object per screen. */
export class AppPage {
  readonly worklist: WorklistPage;
  readonly case: CasePage;
  readonly viewer: ViewerPage;
  readonly settings: SettingsPage;
  readonly annotations: AnnotationsPage;
  readonly cheatSheet: Locator;
  readonly errorToast: Locator;

  constructor(readonly page: Page) {
    this.worklist = new WorklistPage(page);
    this.case = new CasePage(page);
    this.viewer = new ViewerPage(page);
    this.settings = new SettingsPage(page);
    this.annotations = new AnnotationsPage(page);
    this.cheatSheet = page.getByTestId('cheat-sheet');
    this.errorToast = page.getByTestId('error-toast');
  }

  /** Opens the app with the token (sets the cookie) and waits for the worklist. */
  async start(): Promise<void> {
    await this.page.goto(hostEnv().entryUrl);
    await expect(this.worklist.rows.first()).toBeVisible();
  }

  /** Reloads the page (the cookie stays) and waits for the worklist again. */
  async reload(): Promise<void> {
    await this.page.reload();
    await expect(this.worklist.rows.first()).toBeVisible();
  }

  /**
   * Opens the demo breast core biopsy (accession ending -013477) on its H&E, slide 1, by
   * the key a pathologist would press, and waits until it is drawn. Returns the slide's id.
   */
  async openDemoHe(): Promise<string> {
    await this.worklist.open('-013477');
    const slideId = await this.case.slideId(this.case.card('HE'));
    await this.page.keyboard.press('1');
    await this.viewer.waitForSlide(slideId);
    return slideId;
  }

  navWorklist(): Locator {
    return this.page.getByTestId('nav-worklist');
  }

  async openSettings(): Promise<void> {
    await this.page.getByTestId('nav-settings').click();
    await expect(this.settings.language).toBeVisible();
  }

  /**
   * Buttons (role "button", as the accessibility tree sees them: hidden ones excluded) that
   * have no accessible name, as HTML snippets for the failure message. Empty when all are named.
   */
  async unnamedButtons(): Promise<string[]> {
    const named = this.page.getByRole('button', { name: /\S/ });
    const found: string[] = [];
    for (const button of await this.page.getByRole('button').all()) {
      if ((await button.and(named).count()) === 0) {
        found.push(await button.evaluate((b) => b.outerHTML.slice(0, 200)));
      }
    }
    return found;
  }

  /** How many buttons the accessibility tree exposes (to show the check above is not vacuous). */
  buttonCount(): Promise<number> {
    return this.page.getByRole('button').count();
  }
}
