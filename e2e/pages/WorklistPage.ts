import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

export type Column =
  'priority' | 'accession' | 'patient' | 'specimen' | 'slides' | 'status' | 'received';

export class WorklistPage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly selectedRow: Locator;
  readonly filter: Locator;
  readonly count: Locator;
  readonly title: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByTestId('worklist-table');
    this.rows = page.getByTestId('worklist-row');
    this.selectedRow = page.locator('[data-testid="worklist-row"][aria-selected="true"]');
    this.filter = page.getByTestId('worklist-filter');
    this.count = page.getByTestId('worklist-count');
    this.title = page.locator('#worklist-title');
  }

  /** The row whose accession ends with `suffix` (accession years follow the generation date). */
  row(suffix: string): Locator {
    return this.rows.filter({
      has: this.page.locator('.col-accession', { hasText: new RegExp(`${suffix}$`) }),
    });
  }

  sortButton(column: Column): Locator {
    return this.page.getByTestId(`sort-${column}`);
  }

  header(column: Column): Locator {
    return this.page.locator('th', { has: this.sortButton(column) });
  }

  async accessions(): Promise<string[]> {
    return (await this.rows.locator('.col-accession').allInnerTexts()).map((s) => s.trim());
  }

  async columnTexts(column: Column): Promise<string[]> {
    return (await this.rows.locator(`.col-${column}`).allInnerTexts()).map((s) => s.trim());
  }

  async selectedAccession(): Promise<string> {
    return (await this.selectedRow.locator('.col-accession').innerText()).trim();
  }

  /** Opens a case with the accession link of its row. */
  async open(suffix: string): Promise<void> {
    await this.row(suffix).locator('.col-accession button').click();
    await expect(this.page.getByTestId('case-accession')).toHaveText(new RegExp(`${suffix}$`));
  }
}
