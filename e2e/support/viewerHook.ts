/**
 * The viewer's test handle as seen from tests and benchmarks (renderer/src/viewer/testHook.ts
 * is the source of truth; only what tests use is declared here, `osd` being the
 * OpenSeadragon.Viewer).
 */
export interface PointLike {
  x: number;
  y: number;
}

export interface ViewportLike {
  zoomTo(zoom: number, refPoint?: unknown, immediately?: boolean): void;
  panTo(point: unknown, immediately?: boolean): void;
  imageToViewportZoom(imageZoom: number): number;
  imageToViewportCoordinates(x: number, y: number): unknown;
  getZoom(current?: boolean): number;
  getCenter(current?: boolean): PointLike;
  getRotation(current?: boolean): number;
  getFlip(): boolean;
}

export interface OsdLike {
  viewport: ViewportLike;
  /** The drawer of the main image ('canvas' drawer: a 2D canvas). */
  drawer: { canvas: unknown };
  world: {
    needsDraw(): boolean;
    getItemCount(): number;
    getItemAt(index: number): { viewportToImageCoordinates(point: PointLike): PointLike };
  };
  isAnimating?(): boolean;
}

export interface ViewerHandle {
  readonly slideId: string | null;
  readonly osd: OsdLike;
  isFullyLoaded(): boolean;
  getMagnification(): number | null;
  goToMagnification(magnification: number): void;
  /** Window coordinates of a level-0 slide point (null before a slide is open). */
  slideToClient(x: number, y: number): PointLike | null;
  clientToSlide(x: number, y: number): PointLike | null;
  flyTo(
    bounds: { minX: number; minY: number; maxX: number; maxY: number },
    padding?: number,
    minSize?: number,
  ): void;
  /** The tile worker's requests since the last call, on the page's clock (tileMessages.ts). */
  tileRequests(): Promise<{ start: number; requestStart: number; end: number }[]>;
  /** How the tile worker decodes from now on (tileMessages.ts's DecodeAs). */
  decodeTilesAs(as: 'frames' | 'bitmaps'): void;
}

declare global {
  interface Window {
    __viewer?: ViewerHandle;
    /** Every viewport's viewer (side-by-side viewing). */
    __viewers?: ViewerHandle[];
  }
}
