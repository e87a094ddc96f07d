/**
 * Sends what the viewers show to the engine's slide tracking, at most about once a second
 * (the engine adds the views to each slide's coverage grid). Every viewport records its own
 * slide: views pile up per slide between calls, one timer for all of them, one call in flight
 * at a time (one call per slide seen since the last), and a viewport that switches slides
 * sends its previous slide's views at once.
 * Plain TypeScript with its timer injected, tested without React or a browser.
 */
import type { SlideCoverage, SlideView } from '../../../../electron/common/tracking/model';
import { MAX_VIEWS_PER_CALL } from '../../../../electron/common/tracking/model';
import type { VisibleArea } from '../../viewer/controller';

/** Longest a view waits before it is sent: about one call a second while panning. */
export const RECORD_INTERVAL_MS = 1000;

export interface RecorderDeps {
  send(slideId: string, views: SlideView[]): Promise<SlideCoverage>;
  onCoverage(coverage: SlideCoverage): void;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** Views are waiting or on their way (true), or everything seen is recorded (false). */
  onPending?(pending: boolean): void;
  intervalMs?: number;
}

export class CoverageRecorder {
  /** The views waiting, by slide, in the order the slides were first seen. */
  private views = new Map<string, SlideView[]>();
  /** The slide each viewer (by viewport) showed last. */
  private lastSlide = new Map<number, string>();
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  private pending = false;
  /** Calls that failed (the engine unreachable): their views are dropped, viewing goes on. */
  failures = 0;

  constructor(private readonly deps: RecorderDeps) {}

  /** What viewport `from` shows now (0 when there is one viewer). */
  note(area: VisibleArea, from = 0): void {
    this.setPending(true);
    const previous = this.lastSlide.get(from);
    this.lastSlide.set(from, area.slideId);
    if (previous !== undefined && previous !== area.slideId && this.views.has(previous))
      void this.flush([previous]);
    const { x, y, width, height, magnification } = area;
    const views = this.views.get(area.slideId) ?? [];
    views.push({ x, y, width, height, magnification });
    this.views.set(area.slideId, views);
    if (views.length >= MAX_VIEWS_PER_CALL) void this.flush([area.slideId]);
    else if (this.timer === null)
      this.timer = this.deps.setTimer(() => {
        this.timer = null;
        void this.flush();
      }, this.deps.intervalMs ?? RECORD_INTERVAL_MS);
  }

  private setPending(pending: boolean): void {
    if (pending === this.pending) return;
    this.pending = pending;
    this.deps.onPending?.(pending);
  }

  /**
   * Sends what is waiting now (after the call in flight, if any): every slide's views, or
   * only those of `slideIds`.
   */
  flush(slideIds?: readonly string[]): Promise<void> {
    const all = slideIds === undefined;
    if (all && this.timer !== null) {
      this.deps.clearTimer(this.timer);
      this.timer = null;
    }
    const batches: { slideId: string; views: SlideView[] }[] = [];
    for (const slideId of slideIds ?? [...this.views.keys()]) {
      const views = this.views.get(slideId);
      if (!views || views.length === 0) continue;
      this.views.delete(slideId);
      batches.push({ slideId, views });
    }
    if (batches.length === 0) {
      // A timer that finds the views already sent (a slide switch sent them) ends the wait.
      if (this.inFlight === null && this.views.size === 0 && this.timer === null)
        this.setPending(false);
      return this.inFlight ?? Promise.resolve();
    }
    let next = this.inFlight ?? Promise.resolve();
    for (const { slideId, views } of batches) {
      next = next
        .then(() => this.deps.send(slideId, views))
        .then(
          (coverage) => this.deps.onCoverage(coverage),
          () => void this.failures++,
        );
    }
    const last = next.finally(() => {
      if (this.inFlight !== last) return;
      this.inFlight = null;
      if (this.views.size === 0 && this.timer === null) this.setPending(false);
    });
    this.inFlight = last;
    return last;
  }
}
