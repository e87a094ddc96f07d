/**
 * Which slide each viewport of the viewer shows (1, 2 or 4 viewports side by side): pure
 * functions over the case's slides, unit-tested apart from React and OpenSeadragon.
 *
 * The active viewport always shows the slide of the address (`#/case/<accession>/slide/<n>`);
 * the others keep what they show until the user puts another slide there, or the case
 * changes. A new viewport is filled with a slide not shown yet, serial sections first (the
 * same block as the active slide: the H&E beside its immunostains), then the slides that
 * follow in the case.
 */
import type { SlideSummary } from '../../../../electron/common/contract';

export type ViewportCount = 1 | 2 | 4;
export const VIEWPORT_COUNTS: readonly ViewportCount[] = [1, 2, 4];

/** A slide of a prior case of the same patient, shown beside the current case's. */
export interface PriorRef {
  accession: string;
  /** ISO date of the prior case, when known. */
  date: string | null;
  /** The prior's slide as its case lists it (stain, position, images). */
  slide?: SlideSummary;
}

export interface SlotSlide {
  slideId: string;
  caseId: string;
  /** Set when the slide belongs to a prior case (not the open one). */
  prior: PriorRef | null;
}

/** One viewport: its slide (null: empty, "drop a slide here"). */
export type Slot = SlotSlide | null;

export function nextLayout(count: ViewportCount): ViewportCount {
  return VIEWPORT_COUNTS[(VIEWPORT_COUNTS.indexOf(count) + 1) % VIEWPORT_COUNTS.length]!;
}

/** The viewport after (or before) `active`, going round. */
export function cycleIndex(active: number, count: number, delta = 1): number {
  if (count <= 0) return 0;
  return (((active + delta) % count) + count) % count;
}

/** The viewport showing `slideId`, or -1. */
export function slotHolding(slots: readonly Slot[], slideId: string): number {
  return slots.findIndex((s) => s?.slideId === slideId);
}

/**
 * The slides to put in new viewports, best first: the case's readable slides not shown yet,
 * those of the active slide's block first, then in case order from the active slide on.
 */
export function fillOrder(
  slides: readonly SlideSummary[],
  shown: ReadonlySet<string>,
  activeSlideId: string | null,
): SlideSummary[] {
  const readable = slides.filter((s) => s.error === null && !shown.has(s.id));
  const active = slides.find((s) => s.id === activeSlideId) ?? null;
  const from = active ? active.position : 0;
  const ordered = [...readable].sort((a, b) => {
    const after = (s: SlideSummary) => (s.position > from ? 0 : 1);
    return after(a) - after(b) || a.position - b.position;
  });
  if (!active?.block) return ordered;
  const sameBlock = (s: SlideSummary) => (s.block === active.block ? 0 : 1);
  return [...ordered].sort((a, b) => sameBlock(a) - sameBlock(b));
}

/**
 * The viewports for `count`, with `activeSlideId` in viewport `active` (the active index is
 * kept within the count). Slides of another case than `caseId` are dropped unless they are
 * a prior's (a prior of this patient was put there on purpose); viewports beyond the count
 * go; new ones are filled by `fillOrder`, and stay empty when the case has no more slides.
 */
export function arrangeSlots(options: {
  count: ViewportCount;
  slots: readonly Slot[];
  active: number;
  activeSlideId: string;
  caseId: string;
  slides: readonly SlideSummary[];
  /** Prior cases whose slides may stay (same patient); others are dropped. */
  priorCaseIds?: ReadonlySet<string>;
}): { slots: Slot[]; active: number } {
  const { count, caseId, activeSlideId, slides } = options;
  const active = Math.min(Math.max(options.active, 0), count - 1);
  const keep = (s: Slot): Slot =>
    s !== null && (s.caseId === caseId || (s.prior !== null && options.priorCaseIds?.has(s.caseId)))
      ? s
      : null;
  const slots: Slot[] = Array.from({ length: count }, (_, i) => keep(options.slots[i] ?? null));
  // The slide of the address is shown once: where it already is, or in the active viewport.
  const already = slotHolding(slots, activeSlideId);
  const at = already >= 0 ? already : active;
  slots[at] = { slideId: activeSlideId, caseId, prior: null };
  const shown = new Set(slots.flatMap((s) => (s ? [s.slideId] : [])));
  const fill = fillOrder(slides, shown, activeSlideId);
  for (let i = 0; i < slots.length; i++) {
    if (slots[i] !== null) continue;
    const next = fill.shift();
    if (!next) break;
    slots[i] = { slideId: next.id, caseId, prior: null };
  }
  return { slots, active: at };
}

/** Puts `slide` in viewport `index`; if it was shown elsewhere, the two viewports swap. */
export function placeSlide(slots: readonly Slot[], index: number, slide: SlotSlide): Slot[] {
  const next = [...slots];
  const from = slotHolding(slots, slide.slideId);
  if (from >= 0 && from !== index) next[from] = slots[index] ?? null;
  next[index] = slide;
  return next;
}
