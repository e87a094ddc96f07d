/**
 * A tiny handle for end-to-end tests, on `window.__viewer` while a slide viewer is mounted:
 *
 *   window.__viewer.slideId             the open slide
 *   window.__viewer.isFullyLoaded()     every tile needed for the current view is drawn
 *   window.__viewer.getMagnification()  current magnification (unrounded), null if unknown
 *   window.__viewer.goToMagnification(m)  same as a preset button, m e.g. 40
 *   window.__viewer.offlineTiles()      tiles drawn as "not available offline" placeholders
 *   window.__viewer.slideToClient(x, y) window (page) coordinates of a level-0 slide point, null
 *                                       before a slide is open (e2e tests draw with the mouse)
 *   window.__viewer.clientToSlide(x, y) the slide point under window coordinates
 *   window.__viewer.flyTo(bounds)       shows a region of the slide (level-0 pixels)
 *   window.__viewer.tileRequests()      the tile worker's requests since the last call (page clock)
 *   window.__viewer.decodeTilesAs(as)   how the tile worker decodes from now on ('frames' |
 *                                       'bitmaps'; the benchmark compares them)
 *   window.__viewer.osd                 the OpenSeadragon.Viewer, for anything else
 *
 * With several viewports, `window.__viewer` is the active one's and `window.__viewers` lists all.
 * The viewer element also carries data-testid="slide-viewer", data-slide-id and
 * data-fully-loaded="true|false".
 */
import type OpenSeadragon from 'openseadragon';
import type { SlideBounds } from '../../../electron/common/annotations/geometry';
import { tileDecoder } from './tileDecoder';
import type { DecodeAs, RequestTiming } from './tileMessages';

export interface ViewerTestHook {
  readonly slideId: string | null;
  readonly osd: OpenSeadragon.Viewer;
  isFullyLoaded(): boolean;
  getMagnification(): number | null;
  goToMagnification(magnification: number): void;
  /** Tiles drawn as "not available offline" placeholders in the view now. */
  offlineTiles(): number;
  slideToClient(x: number, y: number): { x: number; y: number } | null;
  clientToSlide(x: number, y: number): { x: number; y: number } | null;
  flyTo(bounds: SlideBounds, padding?: number, minSize?: number): void;
  /** The tile worker's requests since the last call, on the page's clock; [] without it. */
  tileRequests(): Promise<RequestTiming[]>;
  decodeTilesAs(as: DecodeAs): void;
}

interface Source {
  readonly slideId: string | null;
  readonly osd: OpenSeadragon.Viewer;
  isFullyLoaded(): boolean;
  magnification(): number | null;
  goToMagnification(magnification: number): void;
  offlineTiles(): number;
  slideToClient(x: number, y: number): { x: number; y: number } | null;
  clientToSlide(x: number, y: number): { x: number; y: number } | null;
  flyTo(bounds: SlideBounds, padding?: number, minSize?: number): void;
}

declare global {
  interface Window {
    /** The active viewport's viewer. */
    __viewer?: ViewerTestHook;
    /** Every viewport's viewer, in the order they were made (side-by-side viewing). */
    __viewers?: ViewerTestHook[];
  }
}

/**
 * Off unless the web host was started with `--test-hooks` (e2e tests and benchmarks):
 * a clinical page never exposes the viewer on `window`.
 */
let allowed = false;

export function allowTestHook(): void {
  allowed = true;
}

/** Whether test hooks may be put on `window` (other features' hooks ask too). */
export function testHooksAllowed(): boolean {
  return allowed;
}

export interface InstalledHook {
  /** This viewer becomes `window.__viewer` (it is the active viewport's). */
  claim(): void;
  remove(): void;
}

export function installTestHook(source: Source): InstalledHook {
  if (!allowed) return { claim: () => undefined, remove: () => undefined };
  const hook: ViewerTestHook = {
    get slideId() {
      return source.slideId;
    },
    osd: source.osd,
    isFullyLoaded: () => source.isFullyLoaded(),
    getMagnification: () => source.magnification(),
    goToMagnification: (m) => source.goToMagnification(m),
    offlineTiles: () => source.offlineTiles(),
    slideToClient: (x, y) => source.slideToClient(x, y),
    clientToSlide: (x, y) => source.clientToSlide(x, y),
    flyTo: (bounds, padding, minSize) => source.flyTo(bounds, padding, minSize),
    tileRequests: () => tileDecoder()?.requestTimings() ?? Promise.resolve([]),
    decodeTilesAs: (as) => tileDecoder()?.decodeAs(as),
  };
  window.__viewer = hook;
  window.__viewers = [...(window.__viewers ?? []), hook];
  return {
    claim: () => {
      window.__viewer = hook;
    },
    remove: () => {
      if (window.__viewer === hook) delete window.__viewer;
      window.__viewers = (window.__viewers ?? []).filter((h) => h !== hook);
    },
  };
}
