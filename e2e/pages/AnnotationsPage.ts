import { expect } from '@playwright/test';
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import type { Annotation } from '../../electron/common/contract';
import { callApi } from '../support/api';
import '../support/viewerHook';

export type ToolId =
  | 'select'
  | 'point'
  | 'line'
  | 'arrow'
  | 'rectangle'
  | 'ellipse'
  | 'polygon'
  | 'freehand'
  | 'text'
  | 'count';

export interface Pt {
  x: number;
  y: number;
}

/** The annotation tools, panel and overlay of the viewer; points are level-0 slide pixels. */
export class AnnotationsPage {
  readonly toolbar: Locator;
  readonly panel: Locator;
  readonly rows: Locator;
  readonly liveMeasure: Locator;
  readonly menu: Locator;
  readonly textPrompt: Locator;
  readonly count: Locator;
  readonly ioMessage: Locator;

  constructor(readonly page: Page) {
    this.toolbar = page.getByTestId('annotation-toolbar');
    this.panel = page.getByTestId('annotation-panel');
    this.rows = page.getByTestId('annotation-row');
    this.liveMeasure = page.getByTestId('live-measure');
    this.menu = page.getByTestId('annotation-menu');
    this.textPrompt = page.getByTestId('text-prompt');
    this.count = page.getByTestId('count-summary');
    this.ioMessage = page.getByTestId('annotations-io-message');
  }

  tool(id: ToolId): Locator {
    return this.page.getByTestId(`tool-${id}`);
  }

  async choose(id: ToolId): Promise<void> {
    await this.tool(id).click();
    await expect(this.tool(id)).toHaveAttribute('aria-pressed', 'true');
  }

  /** Where slide point `p` is in the window now (rotation, flip and zoom included). */
  async client(p: Pt): Promise<Pt> {
    const c = await this.page.evaluate(
      ({ x, y }) => window.__viewer?.slideToClient(x, y) ?? null,
      p,
    );
    if (!c) throw new Error('no slide open');
    return c;
  }

  async slideAt(c: Pt): Promise<Pt> {
    const p = await this.page.evaluate(
      ({ x, y }) => window.__viewer?.clientToSlide(x, y) ?? null,
      c,
    );
    if (!p) throw new Error('no slide open');
    return p;
  }

  async click(p: Pt, options: { button?: 'left' | 'right'; shift?: boolean } = {}): Promise<void> {
    const c = await this.client(p);
    if (options.shift) await this.page.keyboard.down('Shift');
    await this.page.mouse.click(c.x, c.y, { button: options.button ?? 'left' });
    if (options.shift) await this.page.keyboard.up('Shift');
  }

  async doubleClick(p: Pt): Promise<void> {
    const c = await this.client(p);
    await this.page.mouse.dblclick(c.x, c.y);
  }

  /** Presses at the first point, moves through the others, and (unless `hold`) releases at the last. */
  async drag(
    points: Pt[],
    options: { shift?: boolean; hold?: boolean; steps?: number } = {},
  ): Promise<void> {
    const [first, ...rest] = points;
    if (!first) return;
    const c = await this.client(first);
    if (options.shift) await this.page.keyboard.down('Shift');
    await this.page.mouse.move(c.x, c.y);
    await this.page.mouse.down();
    for (const p of rest) {
      const q = await this.client(p);
      await this.page.mouse.move(q.x, q.y, { steps: options.steps ?? 5 });
    }
    if (!options.hold) {
      await this.page.mouse.up();
      if (options.shift) await this.page.keyboard.up('Shift');
    }
  }

  async moveTo(p: Pt): Promise<void> {
    const c = await this.client(p);
    await this.page.mouse.move(c.x, c.y, { steps: 4 });
  }

  /** The slide's annotations as the engine holds them. */
  list(request: APIRequestContext, slideId: string): Promise<Annotation[]> {
    return callApi(request, 'listAnnotations', { slideId });
  }

  /** Waits until the engine holds `n` annotations of the slide; returns them. */
  async stored(request: APIRequestContext, slideId: string, n: number): Promise<Annotation[]> {
    await expect.poll(async () => (await this.list(request, slideId)).length).toBe(n);
    return this.list(request, slideId);
  }

  /** Deletes every annotation of the slide (the host is shared by the whole run). */
  async clear(request: APIRequestContext, slideId: string): Promise<void> {
    for (const a of await this.list(request, slideId)) {
      await callApi(request, 'deleteAnnotation', { id: a.id });
    }
  }

  row(id: string): Locator {
    return this.page.locator(`[data-testid=annotation-row][data-annotation-id="${id}"]`);
  }
}
