/**
 * When to redraw the view while its tiles arrive. OpenSeadragon redraws the whole view at
 * every animation frame in which a tile came in: a jump to a new field that needs 30 tiles
 * costs about 6 full redraws, and without a GPU each one is the canvas drawn again and
 * handed to the compositor (the profile of `npm run bench -- reference`: 17–20 ms of
 * compositor commit per frame at 1600×900, 40 % of the main thread during jumps).
 *
 * The rule: while the view stands still and is not yet complete, arriving tiles are shown
 * together, at most HOLD_MS after the last redraw, and at once when the last one arrives.
 * Any movement of the view (a pan, a zoom, a rotation, a resize) is drawn at its own frame,
 * always: this only gathers tiles, it never delays the image under the hand.
 */

/** Longest a tile that has arrived waits before it is shown (the view still loading). */
export const HOLD_MS = 100;

export class DrawHold {
  private lastView: string | null = null;
  private lastDrawAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly holdMs = HOLD_MS) {}

  /**
   * A redraw is asked for. `view` identifies what the view shows (position, zoom, rotation,
   * size); `complete` is true once every tile it needs is in. Returns 0 to draw now, or how
   * many ms to wait before asking again (the frame is skipped meanwhile).
   */
  decide(view: string, complete: boolean, now: number): number {
    const waited = now - this.lastDrawAt;
    if (view !== this.lastView || complete || waited >= this.holdMs) {
      this.lastView = view;
      this.lastDrawAt = now;
      return 0;
    }
    return this.holdMs - waited;
  }
}
