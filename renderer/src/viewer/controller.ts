/**
 * Owns one OpenSeadragon viewer: opens slides, applies rotation and flip, answers the
 * toolbar and keyboard, and reports magnification, loading and failed tiles through
 * callbacks throttled to one per animation frame (no re-render storm while zooming).
 * Plain TypeScript; the React component around it stays small.
 */
import OpenSeadragon from 'openseadragon';
import type { SlideInfo } from '../../../electron/common/contract';
import type { ErrorCode } from '../../../electron/common/errors';
import { magnificationFor } from '../../../electron/common/pyramid';
import type { SlideBounds } from '../../../electron/common/annotations/geometry';
import { screenPoint, slidePoint } from '../features/annotations/geometry';
import type { OverlayClient } from './annotationOverlay';
import { AnnotationOverlay } from './annotationOverlay';
import { imageCacheCountFor, minPixelRatioFor } from './levelMap';
import {
  currentMagnification,
  imageZoomFor,
  maxZoomPixelRatioFor,
  micronsPerPixel,
  PRESETS,
} from './magnification';
import { PLACEHOLDER_PALETTES, PlaceholderFactory } from './offlinePlaceholder';
import { MIN_ZOOM_IMAGE_RATIO, osdOptions } from './osdOptions';
import { installTestHook } from './testHook';
import type { InstalledHook } from './testHook';
import { TileAdjuster } from './tileAdjust';
import { WsiTileSource } from './wsiTileSource';
import type { OpeningView } from '../features/viewports/positionMemory';
import type { SyncView } from '../features/viewports/syncMath';

export interface ViewerCallbacks {
  onMagnification: (magnification: number | null) => void;
  onFullyLoaded: (loaded: boolean) => void;
  /** Tiles that failed for good since the last call. */
  onTileErrors: (count: number) => void;
  /** The slide could not be shown: OSD refused the source, or could not start at all. */
  onOpenFailed: (error: { code: ErrorCode; message: string }) => void;
  /** Tiles drawn as "not available offline" placeholders in the view now. */
  onOfflineTiles: (count: number) => void;
  /**
   * What is on screen, at most once a frame while it changes (slide tracking): the
   * axis-aligned bounds of the visible area in level-0 pixels (rotation included), and the
   * magnification. Not called when the magnification is unknown (no pixel size).
   */
  onViewport?: (view: VisibleArea) => void;
  /** The viewer leaves a slide (another opens, or the viewer goes): where it was. */
  onLeave?: (left: LeftSlide) => void;
}

/** A slide as the viewer left it. */
export interface LeftSlide {
  slideId: string;
  view: SyncView;
}

/** The visible area of the slide: level-0 pixel bounds and magnification. */
export interface VisibleArea {
  slideId: string;
  x: number;
  y: number;
  width: number;
  height: number;
  magnification: number;
}

/** How placeholders look: their text (UI language) and the theme. */
export interface PlaceholderLook {
  text: string;
  theme: 'dark' | 'light';
}

/** Smallest tiles we expect (256²) and the finest level OSD may pick on a 4× pyramid. */
const CACHE_SIZING_TILE = { width: 256, height: 256 };
const CACHE_SIZING_MIN_PIXEL_RATIO = 0.255;

export class ViewerController {
  readonly osd: OpenSeadragon.Viewer;
  private info: SlideInfo | null = null;
  private frame = 0;
  private pendingTileErrors = 0;
  private lastMagnification: number | null | undefined = undefined;
  private readonly testHook: InstalledHook;
  private onOpen: (() => void) | null = null;
  private source: WsiTileSource | null = null;
  private lastOfflineTiles = 0;
  private lastArea = '';
  private readonly placeholders: PlaceholderFactory;
  readonly overlay: AnnotationOverlay;
  private readonly adjuster: TileAdjuster;

  constructor(
    element: HTMLElement,
    private readonly tileBase: string,
    private readonly callbacks: ViewerCallbacks,
    look: PlaceholderLook,
  ) {
    this.placeholders = new PlaceholderFactory(look.text, PLACEHOLDER_PALETTES[look.theme]);
    const dpr = window.devicePixelRatio || 1;
    const screenPx = { width: window.screen.width * dpr, height: window.screen.height * dpr };
    this.osd = OpenSeadragon(
      osdOptions(
        element,
        imageCacheCountFor(screenPx, CACHE_SIZING_TILE, CACHE_SIZING_MIN_PIXEL_RATIO),
      ),
    );
    this.osd.addHandler('update-viewport', this.schedule);
    // Placeholders come and go with tiles: recount them on the next frame.
    this.osd.addHandler('tile-loaded', this.schedule);
    this.osd.addHandler('tile-unloaded', this.schedule);
    this.osd.addHandler('tile-load-failed', (e) => {
      if (e.maxReached) {
        this.pendingTileErrors++;
        this.schedule();
      }
    });
    this.osd.addHandler('open-failed', (e) =>
      this.callbacks.onOpenFailed({ code: 'corrupt', message: String(e.message) }),
    );
    this.osd.world.addHandler('add-item', (e) => {
      e.item.addHandler('fully-loaded-change', (f) => this.callbacks.onFullyLoaded(f.fullyLoaded));
    });
    this.overlay = new AnnotationOverlay(this.osd);
    this.adjuster = new TileAdjuster(this.osd);
    this.testHook = installTestHook(this);
  }

  /** This viewer is the active viewport's: tests find it as `window.__viewer`. */
  claimTestHook(): void {
    this.testHook.claim();
  }

  /** Who draws over the slide and takes the pointer when a tool wants it (null: nobody). */
  setOverlayClient(client: OverlayClient | null): void {
    this.overlay.setClient(client);
  }

  /**
   * Flies to a region of the slide (level-0 pixels) with room around it: `padding` times
   * its size on each side, and never closer than `minSize` pixels across (a point).
   */
  flyTo(bounds: SlideBounds, padding = 0.25, minSize = 0): void {
    const item = this.item();
    if (!item) return;
    const w = Math.max(bounds.maxX - bounds.minX, minSize);
    const h = Math.max(bounds.maxY - bounds.minY, minSize);
    const cx = (bounds.minX + bounds.maxX) / 2;
    const cy = (bounds.minY + bounds.maxY) / 2;
    const rect = item.imageToViewportRectangle(
      cx - w * (0.5 + padding),
      cy - h * (0.5 + padding),
      w * (1 + 2 * padding),
      h * (1 + 2 * padding),
    );
    this.osd.viewport.fitBoundsWithConstraints(rect);
  }

  /** Window coordinates of a slide point (tests draw with the mouse at known places). */
  slideToClient(x: number, y: number): { x: number; y: number } | null {
    const view = this.overlay.transform();
    if (!view) return null;
    const box = this.osd.canvas.getBoundingClientRect();
    const p = view.toScreen(slidePoint(x, y));
    return { x: box.left + p.x, y: box.top + p.y };
  }

  clientToSlide(x: number, y: number): { x: number; y: number } | null {
    const view = this.overlay.transform();
    if (!view) return null;
    const box = this.osd.canvas.getBoundingClientRect();
    const p = view.toSlide(screenPoint(x - box.left, y - box.top));
    return { x: p.x, y: p.y };
  }

  /**
   * Opens a slide; `start` says where, given the slide the viewer leaves (position memory,
   * features/viewports): by default the whole slide.
   */
  open(
    info: SlideInfo,
    rotation: number,
    flipped: boolean,
    start: (left: LeftSlide | null) => OpeningView = () => ({ kind: 'home' }),
  ): void {
    const left = this.leave();
    const opening = start(left);
    this.info = info;
    this.lastMagnification = undefined;
    const source = new WsiTileSource(info, this.tileBase, this.placeholders);
    this.source = source;
    // Read by OSD when it creates the tiled image, so set before open().
    (this.osd as unknown as { minPixelRatio: number }).minPixelRatio = minPixelRatioFor(source.map);
    this.callbacks.onFullyLoaded(false);
    // A slide opened before this one may not have finished opening: its set-up must not run.
    if (this.onOpen) this.osd.removeHandler('open', this.onOpen);
    const onOpen = () => {
      this.osd.removeHandler('open', onOpen);
      this.onOpen = null;
      this.osd.viewport.setMaxZoomPixelRatio(maxZoomPixelRatioFor(micronsPerPixel(info)));
      this.allowLowestPreset(info);
      this.osd.viewport.setRotation(rotation, true);
      this.osd.viewport.setFlip(flipped);
      this.osd.viewport.goHome(true);
      this.startAt(opening);
      this.schedule();
    };
    this.onOpen = onOpen;
    this.osd.addHandler('open', onOpen);
    this.osd.open({ tileSource: source });
  }

  /** Where the slide on screen is (null before one is open): told to `onLeave`. */
  private leave(): LeftSlide | null {
    const view = this.currentView();
    if (!this.info || !view) return null;
    const left = { slideId: this.info.slideId, view };
    this.callbacks.onLeave?.(left);
    return left;
  }

  private startAt(opening: OpeningView): void {
    const item = this.item();
    if (!item || opening.kind === 'home') return;
    const zoom = opening.kind === 'view' ? opening.view.zoom : opening.zoom;
    this.osd.viewport.zoomTo(item.imageToViewportZoom(zoom), undefined, true);
    if (opening.kind === 'view') {
      this.osd.viewport.panTo(
        item.imageToViewportCoordinates(opening.view.x, opening.view.y),
        true,
      );
    }
    this.osd.viewport.applyConstraints(true);
  }

  /** The view now (centre in level-0 pixels, screen pixels per level-0 pixel, rotation). */
  currentView(): SyncView | null {
    const item = this.item();
    // While the next slide opens, the image shown is still the previous slide's.
    if (!item || (item.source as unknown) !== this.source) return null;
    const centre = item.viewportToImageCoordinates(this.osd.viewport.getCenter(true));
    return {
      x: centre.x,
      y: centre.y,
      zoom: item.viewportToImageZoom(this.osd.viewport.getZoom(true)),
      rotation: this.osd.viewport.getRotation(true),
    };
  }

  /** Shows `view` at once (synchronized viewports follow their leader this way). */
  applyView(view: SyncView): void {
    const item = this.item();
    if (!item) return;
    const vp = this.osd.viewport;
    if (vp.getRotation(true) !== view.rotation) vp.setRotation(view.rotation, true);
    vp.zoomTo(item.imageToViewportZoom(view.zoom), undefined, true);
    vp.panTo(item.imageToViewportCoordinates(view.x, view.y), true);
  }

  /** Later placeholders use this text and these colours. */
  setPlaceholderLook(look: PlaceholderLook): void {
    this.placeholders.update(look.text, PLACEHOLDER_PALETTES[look.theme]);
  }

  /**
   * The archive answers again: tiles shown as placeholders or failed are loaded again (the
   * tiles that were fine stay on screen). Returns how many.
   */
  reloadMissingTiles(): number {
    const n = this.source?.reviveTiles() ?? 0;
    if (n > 0) {
      this.osd.forceRedraw();
      this.osd.navigator?.forceRedraw();
    }
    this.schedule();
    return n;
  }

  /** Placeholder tiles in the view now (for tests and the notice). */
  offlineTiles(): number {
    return this.source?.offlineTileCount(this.osd) ?? 0;
  }

  get slideId(): string | null {
    return this.info?.slideId ?? null;
  }

  private item(): OpenSeadragon.TiledImage | null {
    return this.osd.world.getItemCount() > 0 ? this.osd.world.getItemAt(0) : null;
  }

  /** Screen pixels per level-0 pixel right now (during an animation too). */
  imageZoom(): number | null {
    const item = this.item();
    return item ? item.viewportToImageZoom(this.osd.viewport.getZoom(true)) : null;
  }

  /** Unrounded magnification, for tests and the display. */
  magnification(): number | null {
    const zoom = this.imageZoom();
    const mpp = this.info ? micronsPerPixel(this.info) : null;
    return zoom === null || mpp === null ? null : magnificationFor(mpp, zoom);
  }

  isFullyLoaded(): boolean {
    return this.item()?.getFullyLoaded() ?? false;
  }

  /**
   * The low-power presets reach the magnification they name: zooming out may go below the
   * whole-slide fit, down to the lowest preset (a small biopsy at 1.25× is small on screen,
   * as on the microscope), and never less than OSD's own limit for the fit.
   */
  private allowLowestPreset(info: SlideInfo): void {
    const item = this.item();
    const lowest = imageZoomFor(micronsPerPixel(info), Math.min(...PRESETS));
    if (!item || lowest === null) return;
    const fitMin = this.osd.viewport.getHomeZoom() * MIN_ZOOM_IMAGE_RATIO;
    // A viewport property OSD reads in getMinZoom(); its typings leave it out.
    (this.osd.viewport as unknown as { minZoomLevel: number }).minZoomLevel = Math.min(
      fitMin,
      item.imageToViewportZoom(lowest) * 0.99,
    );
  }

  goToMagnification(magnification: number): void {
    const item = this.item();
    const zoom = this.info ? imageZoomFor(micronsPerPixel(this.info), magnification) : null;
    if (!item || zoom === null) return;
    this.osd.viewport.zoomTo(item.imageToViewportZoom(zoom));
    this.osd.viewport.applyConstraints();
  }

  home(): void {
    this.osd.viewport.goHome();
  }

  zoomBy(factor: number): void {
    this.osd.viewport.zoomBy(factor);
    this.osd.viewport.applyConstraints();
  }

  /** Moves the view by a fraction of its width/height, in screen directions. */
  panBy(dx: number, dy: number): void {
    const size = this.osd.viewport.getContainerSize();
    const screen = new OpenSeadragon.Point(
      dx * size.x * (this.osd.viewport.getFlip() ? -1 : 1),
      dy * size.y,
    );
    this.osd.viewport.panBy(this.osd.viewport.deltaPointsFromPixels(screen));
    this.osd.viewport.applyConstraints();
  }

  setRotation(degrees: number): void {
    if (this.osd.viewport.getRotation() !== degrees) this.osd.viewport.setRotation(degrees);
  }

  setFlip(flipped: boolean): void {
    if (this.osd.viewport.getFlip() !== flipped) this.osd.viewport.setFlip(flipped);
  }

  /** Brightness, contrast and gamma as a lookup table on the tiles (null: none). */
  setAdjustments(lut: Uint8ClampedArray | null): void {
    this.adjuster.set(lut);
  }

  setNavigatorVisible(visible: boolean): void {
    const element = this.osd.navigator?.element;
    if (element) element.style.display = visible ? '' : 'none';
  }

  private schedule = (): void => {
    if (this.frame === 0) this.frame = requestAnimationFrame(this.flush);
  };

  private flush = (): void => {
    this.frame = 0;
    const mpp = this.info ? micronsPerPixel(this.info) : null;
    const zoom = this.imageZoom();
    const m = zoom === null ? null : currentMagnification(mpp, zoom);
    if (m !== this.lastMagnification) {
      this.lastMagnification = m;
      this.callbacks.onMagnification(m);
    }
    const offline = this.offlineTiles();
    if (offline !== this.lastOfflineTiles) {
      this.lastOfflineTiles = offline;
      this.callbacks.onOfflineTiles(offline);
    }
    this.reportVisibleArea();
    if (this.pendingTileErrors > 0) {
      const n = this.pendingTileErrors;
      this.pendingTileErrors = 0;
      this.callbacks.onTileErrors(n);
    }
  };

  private reportVisibleArea(): void {
    const item = this.item();
    const magnification = this.magnification();
    const slideId = this.info?.slideId;
    if (!this.callbacks.onViewport || !item || magnification === null || !slideId) return;
    // While the next slide opens, the image shown is still the previous slide's.
    if ((item.source as unknown) !== this.source) return;
    const box = item.viewportToImageRectangle(this.osd.viewport.getBounds(true)).getBoundingBox();
    const area = {
      slideId,
      x: box.x,
      y: box.y,
      width: box.width,
      height: box.height,
      magnification,
    };
    const key = JSON.stringify(area);
    if (key === this.lastArea || !(box.width > 0 && box.height > 0)) return;
    this.lastArea = key;
    this.callbacks.onViewport(area);
  }

  destroy(): void {
    this.leave();
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    this.testHook.remove();
    this.overlay.destroy();
    this.adjuster.destroy();
    this.osd.destroy();
  }
}
