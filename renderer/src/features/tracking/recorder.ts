/**
 * Sends what the viewer shows to the engine's slide tracking, at most about once a second
 * (the engine adds the views to the slide's coverage grid): views pile up between calls, one
 * call is in flight at a time, and a slide switch sends the previous slide's views at once.
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
  private slideId: string | null = null;
  private views: SlideView[] = [];
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  private pending = false;
  /** Calls that failed (the engine unreachable): their views are dropped, viewing goes on. */
  failures = 0;

  constructor(private readonly deps: RecorderDeps) {}

  note(area: VisibleArea): void {
    this.setPending(true);
    if (this.slideId !== null && area.slideId !== this.slideId) void this.flush();
    this.slideId = area.slideId;
    const { x, y, width, height, magnification } = area;
    this.views.push({ x, y, width, height, magnification });
    if (this.views.length >= MAX_VIEWS_PER_CALL) void this.flush();
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

  /** Sends what is waiting now (after the call in flight, if any). */
  flush(): Promise<void> {
    if (this.timer !== null) {
      this.deps.clearTimer(this.timer);
      this.timer = null;
    }
    if (this.views.length === 0 || this.slideId === null) return this.inFlight ?? Promise.resolve();
    const slideId = this.slideId;
    const views = this.views;
    this.views = [];
    const previous = this.inFlight ?? Promise.resolve();
    const next = previous
      .then(() => this.deps.send(slideId, views))
      .then(
        (coverage) => this.deps.onCoverage(coverage),
        () => void this.failures++,
      )
      .finally(() => {
        if (this.inFlight !== next) return;
        this.inFlight = null;
        if (this.views.length === 0 && this.timer === null) this.setPending(false);
      });
    this.inFlight = next;
    return next;
  }
}
