/**
 * A tiny handle for end-to-end tests, on `window.__viewer` while a slide viewer is mounted:
 *
 *   window.__viewer.slideId             the open slide
 *   window.__viewer.isFullyLoaded()     every tile needed for the current view is drawn
 *   window.__viewer.getMagnification()  current magnification (unrounded), null if unknown
 *   window.__viewer.goToMagnification(m)  same as a preset button, m e.g. 40
 *   window.__viewer.offlineTiles()      tiles drawn as "not available offline" placeholders
 *   window.__viewer.osd                 the OpenSeadragon.Viewer, for anything else
 *
 * The viewer element also carries data-testid="slide-viewer", data-slide-id and
 * data-fully-loaded="true|false".
 */
import type OpenSeadragon from 'openseadragon';

export interface ViewerTestHook {
  readonly slideId: string | null;
  readonly osd: OpenSeadragon.Viewer;
  isFullyLoaded(): boolean;
  getMagnification(): number | null;
  goToMagnification(magnification: number): void;
  /** Tiles drawn as "not available offline" placeholders in the view now. */
  offlineTiles(): number;
}

interface Source {
  readonly slideId: string | null;
  readonly osd: OpenSeadragon.Viewer;
  isFullyLoaded(): boolean;
  magnification(): number | null;
  goToMagnification(magnification: number): void;
  offlineTiles(): number;
}

declare global {
  interface Window {
    __viewer?: ViewerTestHook;
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

export function installTestHook(source: Source): () => void {
  if (!allowed) return () => undefined;
  const hook: ViewerTestHook = {
    get slideId() {
      return source.slideId;
    },
    osd: source.osd,
    isFullyLoaded: () => source.isFullyLoaded(),
    getMagnification: () => source.magnification(),
    goToMagnification: (m) => source.goToMagnification(m),
    offlineTiles: () => source.offlineTiles(),
  };
  window.__viewer = hook;
  return () => {
    if (window.__viewer === hook) delete window.__viewer;
  };
}
