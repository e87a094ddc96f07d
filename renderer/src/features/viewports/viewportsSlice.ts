/**
 * The viewports of the viewer (1, 2 or 4 side by side): which slide each shows, which one is
 * active (it shows the slide of the address and takes the keys, the tools and the report's
 * snapshot), sync and alignment, and the look (rotation, flip, image adjustments) each
 * viewport keeps while another is active. The active viewport's look lives in the viewer
 * slice, as with one viewport; it is swapped in and out when the active viewport changes.
 */
import type { SlideInfo } from '../../../../electron/common/contract';
import type { SliceCreator } from '../../state/types';
import { errorInfo } from '../../state/types';
import type { ErrorInfo } from '../../state/types';
import type { ImageAdjustments } from '../adjustments/adjustments';
import { NEUTRAL } from '../adjustments/adjustments';
import { SyncGroup } from './syncGroup';
import type { PriorRef, Slot, SlotSlide, ViewportCount } from './viewportLayout';
import { arrangeSlots, cycleIndex, nextLayout, placeSlide, slotHolding } from './viewportLayout';

export interface ViewportLook {
  rotation: number;
  flipped: boolean;
  adjustments: ImageAdjustments;
}

/** A prior of another patient is refused; one without a readable slide has nothing to show. */
export type PriorProblem =
  { kind: 'otherPatient' } | { kind: 'noSlide' } | { kind: 'error'; error: ErrorInfo };

const PLAIN: ViewportLook = { rotation: 0, flipped: false, adjustments: NEUTRAL };

export interface ViewportsSlice {
  viewportCount: ViewportCount;
  slots: Slot[];
  activeViewport: number;
  syncOn: boolean;
  aligning: boolean;
  /** The look of viewports that are not active, by index. */
  slotLooks: Record<number, ViewportLook>;
  /** Slide information of the slides in viewports (the active one's is `slideInfo` too). */
  slideInfos: Record<string, SlideInfo>;
  slideInfoErrors: Record<string, ErrorInfo>;
  /** Prior cases (same patient) whose slides were put beside this case's. */
  priorCaseIds: string[];
  /** Why a prior case could not be put beside the slides, until the next try. */
  priorProblem: PriorProblem | null;
  /** The viewports that move together (not state: the same object for the store's life). */
  syncGroup: SyncGroup;
  setViewportCount: (count: ViewportCount) => void;
  cycleViewportCount: () => void;
  toggleSync: () => void;
  setAligning: (on: boolean) => void;
  activateViewport: (index: number) => void;
  cycleViewport: (delta: number) => void;
  /** Puts a slide in viewport `index` (dropped there, or chosen); it becomes active. */
  showInViewport: (index: number, slide: SlotSlide) => void;
  /** Reads the information of a slide shown in a viewport that is not active. */
  loadSlotInfo: (slideId: string) => Promise<void>;
  /** The active viewport shows `slideId` (opened from the strip, PageDown, the address). */
  placeActiveSlide: (slideId: string) => void;
  /**
   * Viewport `index` went to a window of its own (another screen): another viewport becomes
   * active if it was, and it leaves this layout (two viewports become one; of four, it
   * stays empty).
   */
  removeViewport: (index: number) => void;
  /** A prior case of the same patient beside the slides: its first slide (H&E first). */
  showPriorBeside: (prior: { caseId: string } & PriorRef) => Promise<void>;
}

/** The index a new viewport starts from in the group (stable across renders). */
export const syncId = (index: number): string => `viewport-${index}`;

export const createViewportsSlice: SliceCreator<ViewportsSlice> =
  ({ api }) =>
  (set, get) => {
    /** The case the viewports were arranged for: another one starts afresh. */
    let forCase: string | null = null;

    const arrange = (count: ViewportCount, active: number, activeSlideId: string) => {
      const open = get().openCase;
      if (!open) return;
      const fresh = forCase !== open.summary.id;
      forCase = open.summary.id;
      const r = arrangeSlots({
        count,
        slots: fresh ? [] : get().slots,
        active,
        activeSlideId,
        caseId: open.summary.id,
        slides: open.slides,
        priorCaseIds: new Set(fresh ? [] : get().priorCaseIds),
      });
      set({
        viewportCount: count,
        slots: r.slots,
        activeViewport: r.active,
        ...(fresh
          ? {
              slotLooks: {},
              slideInfos: {},
              slideInfoErrors: {},
              priorCaseIds: [],
              priorProblem: null,
            }
          : {}),
      });
    };

    const activeSlideId = (): string | null => {
      const { route } = get();
      return route.name === 'slide' ? route.slideId : null;
    };

    return {
      viewportCount: 1,
      slots: [],
      activeViewport: 0,
      syncOn: false,
      aligning: false,
      slotLooks: {},
      slideInfos: {},
      slideInfoErrors: {},
      priorCaseIds: [],
      priorProblem: null,
      syncGroup: new SyncGroup(),

      setViewportCount: (count) => {
        const slideId = activeSlideId();
        if (slideId === null) return;
        arrange(count, get().activeViewport, slideId);
      },
      cycleViewportCount: () => get().setViewportCount(nextLayout(get().viewportCount)),

      toggleSync: () => {
        const on = !get().syncOn;
        get().syncGroup.setEnabled(on, syncId(get().activeViewport));
        set({ syncOn: on });
      },
      setAligning: (on) => {
        if (get().aligning === on) return;
        get().syncGroup.setAligning(on);
        set({ aligning: on });
      },

      activateViewport: (index) => {
        const s = get();
        const slot = s.slots[index];
        if (index === s.activeViewport || !slot || !s.openCase) return;
        const look = s.slotLooks[index] ?? PLAIN;
        const info = s.slideInfos[slot.slideId] ?? null;
        const leaving: ViewportLook = {
          rotation: s.rotation,
          flipped: s.flipped,
          adjustments: s.adjustments,
        };
        set({
          activeViewport: index,
          slotLooks: { ...s.slotLooks, [s.activeViewport]: leaving },
          rotation: look.rotation,
          flipped: look.flipped,
          adjustments: look.adjustments,
          slideInfos: s.slideInfo
            ? { ...s.slideInfos, [s.slideInfo.slideId]: s.slideInfo }
            : s.slideInfos,
          ...(info
            ? {
                slideInfo: info,
                slideStatus: 'ready' as const,
                slideError: null,
                fullyLoaded: false,
              }
            : {}),
        });
        // A prior's slide is shown and measured like the others; the address and the report
        // stay on the open case's slide.
        if (slot.prior === null) void get().openSlide(slot.slideId);
      },
      cycleViewport: (delta) => {
        const s = get();
        const count = s.slots.length;
        for (let step = 1; step <= count; step++) {
          const i = cycleIndex(s.activeViewport, count, delta * step);
          if (s.slots[i] && s.slots[i].prior === null) {
            get().activateViewport(i);
            return;
          }
        }
      },

      showInViewport: (index, slide) => {
        const s = get();
        if (index < 0 || index >= s.slots.length) return;
        const from = slotHolding(s.slots, slide.slideId);
        set({ slots: placeSlide(s.slots, index, slide) });
        if (index === s.activeViewport && slide.prior === null) {
          void get().openSlide(slide.slideId);
        } else if (from === s.activeViewport) {
          // The active viewport's slide went to `index`, and `index`'s came in its place.
          const back = get().slots[s.activeViewport];
          if (back && back.prior === null) void get().openSlide(back.slideId);
        } else if (slide.prior === null) {
          get().activateViewport(index);
        }
      },

      removeViewport: (index) => {
        const s = get();
        if (index < 0 || index >= s.slots.length || s.slots.length === 1) return;
        if (index === s.activeViewport) {
          const other = s.slots.findIndex((x, i) => i !== index && x !== null && x.prior === null);
          if (other < 0) return;
          get().activateViewport(other);
        }
        if (get().viewportCount === 2) {
          get().setViewportCount(1);
          return;
        }
        const slots = [...get().slots];
        slots[index] = null;
        set({ slots });
      },

      loadSlotInfo: async (slideId) => {
        const s = get();
        if (s.slideInfos[slideId] || s.slideInfoErrors[slideId]) return;
        try {
          const info = await api.getSlideInfo({ slideId });
          set({ slideInfos: { ...get().slideInfos, [slideId]: info } });
        } catch (e) {
          set({ slideInfoErrors: { ...get().slideInfoErrors, [slideId]: errorInfo(e) } });
        }
      },

      placeActiveSlide: (slideId) => {
        const s = get();
        const open = s.openCase;
        if (!open) return;
        if (forCase !== open.summary.id || s.slots.length === 0) {
          arrange(s.viewportCount, 0, slideId);
          return;
        }
        const at = slotHolding(s.slots, slideId);
        if (at >= 0 && at !== s.activeViewport) {
          get().activateViewport(at);
          return;
        }
        const slots = [...s.slots];
        slots[s.activeViewport] = { slideId, caseId: open.summary.id, prior: null };
        set({ slots });
      },

      showPriorBeside: async (prior) => {
        const open = get().openCase;
        if (!open) return;
        set({ priorProblem: null });
        try {
          const { case: summary, slides } = await api.getCase({ caseId: prior.caseId });
          // Never a slide of another patient than the one in the case header.
          if (summary.patient.id !== open.summary.patient.id || summary.patient.id === '') {
            set({ priorProblem: { kind: 'otherPatient' } });
            return;
          }
          const readable = [...slides]
            .filter((x) => x.error === null)
            .sort(
              (a, b) =>
                (a.stainKind === 'HE' ? 0 : 1) - (b.stainKind === 'HE' ? 0 : 1) ||
                a.position - b.position,
            );
          const first = readable[0];
          if (!first) {
            set({ priorProblem: { kind: 'noSlide' } });
            return;
          }
          if (get().openCase?.summary.id !== open.summary.id) return;
          if (get().viewportCount === 1) get().setViewportCount(2);
          const s = get();
          const index = cycleIndex(s.activeViewport, s.slots.length, 1);
          set({ priorCaseIds: [...new Set([...s.priorCaseIds, prior.caseId])] });
          get().showInViewport(index, {
            slideId: first.id,
            caseId: prior.caseId,
            prior: { accession: prior.accession, date: prior.date, slide: first },
          });
        } catch (e) {
          set({ priorProblem: { kind: 'error', error: errorInfo(e) } });
        }
      },
    };
  };
