/**
 * Slide tracking (issue 6): adds what the viewer showed to each slide's coverage grid,
 * finds the tissue once per slide, and answers the fractions seen, per slide and per case.
 *
 * Choices:
 * - One grid per slide, merged across users: the question before signing is whether the
 *   case's tissue was seen, whoever looked. Who last added to it and when are kept.
 * - The tissue mask is computed here in the engine, from the slide's thumbnail (or its
 *   coarsest level), not in the renderer: one truth, and the checks before signing work
 *   without a window. It is computed before the first view is recorded and stored, so
 *   that the case's coverage (used by the sign checks) stays synchronous.
 * - Views arrive as rectangles (level-0 axis-aligned bounds + magnification): the renderer
 *   need not know the grid, and a call a second carries a few dozen of them.
 */
import type { CoverageGrid } from '../../common/tracking/grid';
import {
  belowThreshold,
  coverageFractions,
  emptyGrid,
  gridShape,
  markRect,
} from '../../common/tracking/grid';
import { bytesToBase64 } from '../../common/tracking/base64';
import type {
  CaseCoverage,
  SlideCoverage,
  SlideCoverageSummary,
  SlideView,
} from '../../common/tracking/model';
import type { PixelImage } from '../../common/tracking/tissueMask';
import { tissueMask } from '../../common/tracking/tissueMask';
import type { TrackingStore } from './trackingStore';

export interface TrackingDeps {
  store: TrackingStore;
  /** The slide's case and level-0 size (throws not_found for an unknown slide). */
  slide(slideId: string): Promise<{ caseId: string; width: number; height: number }>;
  /** The slide ids of a case, in order (throws not_found for an unknown case). */
  slideIds(caseId: string): string[];
  /** Slides of the case someone opened (reports' slide views). */
  viewedSlides(caseId: string): ReadonlySet<string>;
  /** Pixels of the whole slide, small (a thumbnail); null when none can be read. */
  thumbnail(slideId: string): Promise<PixelImage | null>;
  /** Coverage threshold of Settings, whole percent of tissue seen at ≥ 10×. */
  thresholdPct(): number;
  userId(): string | null;
  audit: {
    record(
      action: string,
      object?: { type: string; id: string },
      detail?: Record<string, unknown>,
    ): void;
  };
  now?: () => Date;
}

export class TrackingService {
  private readonly now: () => Date;
  /** Tissue masks being computed, so that two calls for one slide decode it once. */
  private readonly masking = new Map<string, Promise<void>>();
  /** Slides whose thumbnail could not be read in this run: not asked again every second. */
  private readonly unreadable = new Set<string>();

  constructor(private readonly deps: TrackingDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Adds the views to the slide's grid; answers its coverage after them. */
  async record(slideId: string, views: readonly SlideView[]): Promise<SlideCoverage> {
    const slide = await this.deps.slide(slideId);
    await this.ensureTissue(slideId, slide);
    const { store } = this.deps;
    const shape = gridShape(slide.width, slide.height);
    store.transaction(() => {
      const stored = store.coverage(slideId);
      const fits = stored && stored.grid.cols === shape.cols && stored.grid.rows === shape.rows;
      const grid: CoverageGrid = fits ? stored.grid : emptyGrid(shape);
      let raised = 0;
      for (const v of views)
        raised += markRect(grid, slide.width, slide.height, v, v.magnification);
      if (raised === 0 && fits) return;
      const userId = this.deps.userId();
      store.putCoverage(slideId, slide.caseId, grid, this.now().toISOString(), userId);
      // The first look at a slide is worth the audit trail; every second of panning is not.
      if (!stored) this.deps.audit.record('slide.coverage_started', { type: 'slide', id: slideId });
    });
    return this.coverageOf(slideId, shape);
  }

  async get(slideId: string): Promise<SlideCoverage> {
    const slide = await this.deps.slide(slideId);
    await this.ensureTissue(slideId, slide);
    return this.coverageOf(slideId, gridShape(slide.width, slide.height));
  }

  /** Per slide of the case: opened, fractions seen, below the threshold. Synchronous. */
  caseCoverage(caseId: string): CaseCoverage {
    const slideIds = this.deps.slideIds(caseId);
    const viewed = this.deps.viewedSlides(caseId);
    const grids = this.deps.store.caseCoverage(caseId);
    const thresholdPct = this.deps.thresholdPct();
    const slides = slideIds.map((slideId): SlideCoverageSummary => {
      const stored = grids.get(slideId);
      const opened = viewed.has(slideId) || stored !== undefined;
      const { seen10, seen20 } = stored
        ? coverageFractions(stored.grid, this.maskFor(slideId, stored.grid))
        : { seen10: 0, seen20: 0 };
      return {
        slideId,
        opened,
        seen10,
        seen20,
        belowThreshold: opened && belowThreshold(seen10, thresholdPct),
      };
    });
    return { caseId, thresholdPct, slides };
  }

  /** Slides of the case opened but seen at ≥ 10× below the threshold (for the sign checks). */
  lowCoverageSlides(caseId: string): Set<string> {
    return new Set(
      this.caseCoverage(caseId)
        .slides.filter((s) => s.belowThreshold)
        .map((s) => s.slideId),
    );
  }

  private maskFor(slideId: string, grid: CoverageGrid): Uint8Array | null {
    const tissue = this.deps.store.tissue(slideId);
    return tissue && tissue.cols === grid.cols && tissue.rows === grid.rows ? tissue.mask : null;
  }

  private coverageOf(slideId: string, shape: { cols: number; rows: number }): SlideCoverage {
    const stored = this.deps.store.coverage(slideId);
    const grid =
      stored && stored.grid.cols === shape.cols && stored.grid.rows === shape.rows
        ? stored.grid
        : emptyGrid(shape);
    const mask = this.maskFor(slideId, grid);
    const { seen10, seen20 } = coverageFractions(grid, mask);
    return {
      slideId,
      cols: grid.cols,
      rows: grid.rows,
      grid: bytesToBase64(grid.cells),
      tissue: mask ? bytesToBase64(mask) : null,
      seen10,
      seen20,
      updatedAt: stored ? stored.updatedAt : null,
    };
  }

  /** Computes and stores the slide's tissue mask unless it is there for this grid shape. */
  private ensureTissue(slideId: string, size: { width: number; height: number }): Promise<void> {
    const shape = gridShape(size.width, size.height);
    const known = this.deps.store.tissue(slideId);
    if (known && known.cols === shape.cols && known.rows === shape.rows) return Promise.resolve();
    if (this.unreadable.has(slideId)) return Promise.resolve();
    const running = this.masking.get(slideId);
    if (running) return running;
    const work = (async () => {
      let mask: Uint8Array | null;
      try {
        const pixels = await this.deps.thumbnail(slideId);
        mask = pixels ? tissueMask(pixels, shape) : null;
      } catch {
        // Unreadable now (an archive offline): every cell counts as tissue until the next run.
        this.unreadable.add(slideId);
        return;
      }
      if (mask && !mask.some((v) => v === 1)) mask = null;
      this.deps.store.putTissue(slideId, shape.cols, shape.rows, mask, this.now().toISOString());
    })().finally(() => this.masking.delete(slideId));
    this.masking.set(slideId, work);
    return work;
  }
}
