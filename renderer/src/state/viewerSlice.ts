import type { SlideInfo } from '../../../electron/common/contract';
import type { ImageAdjustments } from '../features/adjustments/adjustments';
import { NEUTRAL, clampAdjustments } from '../features/adjustments/adjustments';
import { recallView } from '../features/viewports/positionMemory';
import type { SliceCreator, ErrorInfo, LoadStatus } from './types';
import { errorInfo } from './types';

export interface ViewerSlice {
  slideInfo: SlideInfo | null;
  slideStatus: LoadStatus;
  slideError: ErrorInfo | null;
  /** Current magnification (null while unknown: no mpp, or before the first frame). */
  magnification: number | null;
  /** Degrees clockwise, in (-180, 180]. */
  rotation: number;
  flipped: boolean;
  showNavigator: boolean;
  /**
   * Brightness, contrast and gamma of the viewport. They stay when the slide changes (a run
   * of pale stains keeps its setting); the toolbar shows when they are not neutral.
   */
  adjustments: ImageAdjustments;
  /** Tiles that failed to load since the slide was opened. */
  tileErrors: number;
  /** Tiles shown as "not available offline" placeholders right now. */
  offlineTiles: number;
  fullyLoaded: boolean;
  /** Opens slide `slideId` of the open case. */
  openSlide: (slideId: string) => Promise<void>;
  /** Back to the case gallery. */
  closeSlide: () => void;
  setMagnification: (magnification: number | null) => void;
  rotateBy: (degrees: number) => void;
  setRotation: (degrees: number) => void;
  toggleFlip: () => void;
  resetOrientation: () => void;
  toggleNavigator: () => void;
  setAdjustments: (change: Partial<ImageAdjustments>) => void;
  resetAdjustments: () => void;
  noteTileErrors: (count: number) => void;
  setOfflineTiles: (count: number) => void;
  /** The archive is back: failed and placeholder tiles are being loaded again. */
  clearTileProblems: () => void;
  setFullyLoaded: (loaded: boolean) => void;
}

/** Maps any angle to (-180, 180], rounded to a tenth of a degree. */
export function normalizeRotation(degrees: number): number {
  if (!Number.isFinite(degrees)) return 0;
  let d = Math.round((degrees % 360) * 10) / 10;
  if (d > 180) d -= 360;
  if (d <= -180) d += 360;
  return d === 0 ? 0 : d; // no -0 on screen
}

export const createViewerSlice: SliceCreator<ViewerSlice> =
  ({ api }) =>
  (set, get) => {
    let request = 0;
    return {
      slideInfo: null,
      slideStatus: 'idle',
      slideError: null,
      magnification: null,
      rotation: 0,
      flipped: false,
      showNavigator: true,
      adjustments: NEUTRAL,
      tileErrors: 0,
      offlineTiles: 0,
      fullyLoaded: false,
      openSlide: async (slideId) => {
        const open = get().openCase;
        if (!open) return;
        const slide = open.slides.find((s) => s.id === slideId);
        if (!slide || slide.error) return;
        get().navigate({ name: 'slide', caseId: open.summary.id, slideId });
        // In the active viewport; or the viewport already showing it becomes active.
        get().placeActiveSlide(slideId);
        if (get().slideInfo?.slideId === slideId && get().slideStatus === 'ready') return;
        const mine = ++request;
        // Back to a slide: its rotation as it was left. The next serial section (same block):
        // the same orientation, as the viewer keeps the same place (features/viewports).
        const before = open.slides.find((s) => s.id === get().slideInfo?.slideId);
        const serial = !!slide.block && before?.block === slide.block;
        const remembered = recallView(slideId);
        // The previous slide stays on screen (and its viewer alive) until this one is known.
        set({
          slideStatus: 'loading',
          slideError: null,
          rotation: remembered ? remembered.rotation : serial ? get().rotation : 0,
          flipped: serial ? get().flipped : false,
          tileErrors: 0,
          offlineTiles: 0,
          fullyLoaded: false,
        });
        try {
          const info = get().slideInfos[slideId] ?? (await api.getSlideInfo({ slideId }));
          if (mine !== request) return;
          set({
            slideInfo: info,
            slideStatus: 'ready',
            slideInfos: { ...get().slideInfos, [slideId]: info },
          });
        } catch (e) {
          if (mine !== request) return;
          set({ slideStatus: 'error', slideError: errorInfo(e) });
        }
      },
      closeSlide: () => {
        const { route } = get();
        if (route.name !== 'slide') return;
        get().navigate({ name: 'case', caseId: route.caseId });
        // Opening a slide tells the engine which label and overview images it has.
        void get().refreshOpenCase();
      },
      setMagnification: (magnification) => {
        if (get().magnification !== magnification) set({ magnification });
      },
      rotateBy: (degrees) => set((s) => ({ rotation: normalizeRotation(s.rotation + degrees) })),
      setRotation: (degrees) => set({ rotation: normalizeRotation(degrees) }),
      toggleFlip: () => set((s) => ({ flipped: !s.flipped })),
      resetOrientation: () => set({ rotation: 0, flipped: false }),
      toggleNavigator: () => set((s) => ({ showNavigator: !s.showNavigator })),
      setAdjustments: (change) =>
        set((s) => ({ adjustments: clampAdjustments({ ...s.adjustments, ...change }) })),
      resetAdjustments: () => set({ adjustments: NEUTRAL }),
      noteTileErrors: (count) => set((s) => ({ tileErrors: s.tileErrors + count })),
      setOfflineTiles: (offlineTiles) => {
        if (get().offlineTiles !== offlineTiles) set({ offlineTiles });
      },
      clearTileProblems: () => {
        if (get().tileErrors !== 0 || get().offlineTiles !== 0)
          set({ tileErrors: 0, offlineTiles: 0 });
      },
      setFullyLoaded: (fullyLoaded) => {
        if (get().fullyLoaded !== fullyLoaded) set({ fullyLoaded });
      },
    };
  };
