/**
 * One frame that cannot be drawn must not stop the viewer. OpenSeadragon draws inside its
 * animation loop and schedules the next frame only after a frame returns, so an exception
 * thrown while drawing (a tile the canvas refuses, a bug in a drawer override) ends the
 * loop for good: the view freezes where it is, mid-zoom, until the slide is opened again.
 * The guard runs a frame, and when it throws, reports it (a few times, no more: the same
 * failure may come back every frame), lets the caller clean up, and returns, so the loop
 * goes on and the next frame is drawn.
 *
 * Only the error's name and message are logged: never a slide address or patient data.
 */

/** How many failures are logged, at most, per viewer. */
export const MAX_FRAME_REPORTS = 3;

export type FrameLog = (message: string) => void;

export class FrameGuard {
  private count = 0;

  constructor(private readonly log: FrameLog = (m) => console.warn(m)) {}

  /** Frames (or tiles) that failed so far. */
  get failures(): number {
    return this.count;
  }

  /** Runs `frame`; when it throws, reports the error and runs `recover`. True if it drew. */
  run(frame: () => void, recover: () => void): boolean {
    try {
      frame();
      return true;
    } catch (err) {
      this.report(err);
      try {
        recover();
      } catch (again) {
        this.report(again);
      }
      return false;
    }
  }

  /** Counts a failure, logged while fewer than MAX_FRAME_REPORTS were. */
  report(err: unknown): void {
    this.count++;
    if (this.count > MAX_FRAME_REPORTS) return;
    const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    const more = this.count === MAX_FRAME_REPORTS ? ' (further failures not logged)' : '';
    this.log(`Viewer: a frame could not be drawn and was skipped (${what})${more}`);
  }
}
