import type { Locator, Page } from '@playwright/test';

export class CasePage {
  readonly header: Locator;
  readonly accession: Locator;
  readonly gallery: Locator;
  readonly cards: Locator;
  readonly backButton: Locator;

  constructor(readonly page: Page) {
    this.header = page.getByTestId('case-header');
    this.accession = page.getByTestId('case-accession');
    this.gallery = page.getByTestId('slide-gallery');
    this.cards = page.getByTestId('slide-card');
    this.backButton = page.getByTestId('back-button');
  }

  /** The card whose stain reads exactly `stain` (e.g. "HE", "BCL2"). */
  card(stain: string): Locator {
    return this.cards.filter({
      has: this.page.locator('.slide-stain', { hasText: new RegExp(`^${stain}$`) }),
    });
  }

  async slideId(card: Locator): Promise<string> {
    const id = await card.getAttribute('data-slide-id');
    if (!id) throw new Error('slide card without data-slide-id');
    return id;
  }
}
