/**
 * The viewer's test handle as seen from tests and benchmarks (renderer/src/viewer/testHook.ts
 * is the source of truth; only what tests use is declared here).
 */
export interface ViewportLike {
  zoomTo(zoom: number, refPoint?: unknown, immediately?: boolean): void;
  panTo(point: unknown, immediately?: boolean): void;
  imageToViewportZoom(imageZoom: number): number;
  imageToViewportCoordinates(x: number, y: number): unknown;
}

export interface ViewerHandle {
  readonly slideId: string | null;
  readonly osd: { viewport: ViewportLike };
  isFullyLoaded(): boolean;
  getMagnification(): number | null;
  goToMagnification(magnification: number): void;
}

declare global {
  interface Window {
    __viewer?: ViewerHandle;
  }
}
