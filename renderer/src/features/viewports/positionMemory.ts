/**
 * Position memory: each slide keeps, for the session (this window), where it was last seen:
 * centre, zoom and rotation. Going back to a slide returns there. A slide seen for the first
 * time in a viewport that showed another one keeps the magnification, and for serial
 * sections (the same block) the same physical place, in micrometres. Pure, unit-tested.
 */
import type { SyncView } from './syncMath';
import { NO_OFFSET, followerView } from './syncMath';

/** How a slide opens: a remembered or followed view, a magnification only, or whole. */
export type OpeningView =
  | { kind: 'view'; view: SyncView }
  | { kind: 'zoom'; zoom: number; rotation: number }
  | { kind: 'home' };

export interface SlideRef {
  slideId: string;
  /** Block the slide was cut from ('A1'), null when unknown. */
  block: string | null;
  mpp: number | null;
}

const memory = new Map<string, SyncView>();

export function rememberView(slideId: string, view: SyncView): void {
  memory.set(slideId, view);
}

export function recallView(slideId: string): SyncView | null {
  return memory.get(slideId) ?? null;
}

/** A new session (tests, another user): nothing is remembered. */
export function forgetViews(): void {
  memory.clear();
}

/**
 * The view `target` opens with in a viewport that showed `previous` (its view as it left),
 * given what is `remembered` of the target.
 */
export function openingView(
  target: SlideRef,
  previous: { slide: SlideRef; view: SyncView } | null,
  remembered: SyncView | null,
): OpeningView {
  if (remembered) return { kind: 'view', view: remembered };
  if (!previous || previous.slide.slideId === target.slideId) return { kind: 'home' };
  const followed = followerView(
    previous.view,
    previous.slide.mpp,
    NO_OFFSET,
    target.mpp,
    NO_OFFSET,
  );
  const serial = target.block !== null && target.block === previous.slide.block;
  if (serial) return { kind: 'view', view: followed };
  return { kind: 'zoom', zoom: followed.zoom, rotation: followed.rotation };
}

/** A slide opening beside the active viewport while in sync: where the active one is. */
export function syncedOpening(
  lead: SyncView,
  leadMpp: number | null,
  targetMpp: number | null,
): OpeningView {
  return { kind: 'view', view: followerView(lead, leadMpp, NO_OFFSET, targetMpp, NO_OFFSET) };
}
