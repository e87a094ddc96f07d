import type { Locator, Page } from '@playwright/test';

export class SettingsPage {
  readonly language: Locator;
  readonly folders: Locator;
  readonly folderInput: Locator;
  readonly folderAdd: Locator;
  readonly folderError: Locator;
  readonly folderEntries: Locator;
  readonly rescan: Locator;
  readonly rescanResult: Locator;
  readonly close: Locator;
  readonly title: Locator;

  constructor(readonly page: Page) {
    this.language = page.getByTestId('language-select');
    this.folders = page.getByTestId('library-folders');
    this.folderInput = page.getByTestId('folder-input');
    this.folderAdd = page.getByTestId('folder-add');
    this.folderError = page.getByTestId('folder-error');
    this.folderEntries = page.getByTestId('library-folder');
    this.rescan = page.getByTestId('rescan');
    this.rescanResult = page.getByTestId('rescan-result');
    this.close = page.getByTestId('settings-close');
    this.title = page.locator('#settings-title');
  }

  folderEntry(folder: string): Locator {
    return this.page.locator(
      `[data-testid="library-folder"][data-path="${folder.replace(/"/g, '\\"')}"]`,
    );
  }

  async addFolder(folder: string): Promise<void> {
    await this.folderInput.fill(folder);
    await this.folderAdd.click();
  }
}
