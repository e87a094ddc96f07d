/**
 * Screen points and the small distance helpers the tools need. Slide points and geometry
 * come from the engine's model (electron/common/annotations): level-0 pixels, branded, so a
 * point on the slide cannot be passed where a point on screen is expected; only a
 * ViewTransform turns one into the other (transforms.ts). Pure, no DOM.
 */
import type { ScreenPx } from '../../../../electron/common/pyramid';
import { screenPx } from '../../../../electron/common/pyramid';

export type { SlidePoint } from '../../../../electron/common/annotations/geometry';
export { slidePoint } from '../../../../electron/common/annotations/geometry';

/** CSS pixels relative to the top-left corner of the viewer element. */
export interface ScreenPoint {
  readonly x: ScreenPx;
  readonly y: ScreenPx;
}

export const screenPoint = (x: number, y: number): ScreenPoint => ({
  x: screenPx(x),
  y: screenPx(y),
});

export function distance(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Distance from `p` to the segment a–b. */
export function distanceToSegment(
  p: { x: number; y: number },
  a: { x: number; y: number },
  b: { x: number; y: number },
): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}
