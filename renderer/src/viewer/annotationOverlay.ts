/**
 * One canvas over OpenSeadragon's image, for the annotations, and the pointer plumbing of
 * the drawing tools. Knows nothing of annotations: a client (features/annotations) draws
 * and decides what a press means.
 *
 * - The view transform (slide pixels ↔ CSS pixels of the viewer) is read from OSD's own
 *   coordinate conversion, sampled into one matrix. OSD mirrors the whole drawing around
 *   the middle of the canvas when flipped, after its rotation, and its conversions ignore
 *   that flip, so the flip is applied here, in this one place.
 * - The canvas is redrawn right after OSD draws a frame ('update-viewport', the same frame:
 *   shapes never lag behind the tissue), and on the client's request.
 * - Pointer events are read in the capture phase on the viewer's element, before OSD's own
 *   tracker sees them. A press the client wants (a drawing tool, a handle of the selected
 *   shape) is kept from OSD; any other press pans and zooms as before. The wheel is never
 *   taken: one can zoom while drawing.
 */
import OpenSeadragon from 'openseadragon';
import type { ScreenPoint } from '../features/annotations/geometry';
import { screenPoint } from '../features/annotations/geometry';
import type { ViewTransform } from '../features/annotations/transforms';
import { matrixFromSamples, transformFromMatrix } from '../features/annotations/transforms';
import { startFrame } from './blankCanvas';

export interface OverlayPointer {
  type: 'down' | 'move' | 'up' | 'click' | 'doubleClick' | 'contextMenu' | 'cancel';
  /** CSS pixels from the top-left corner of the viewer. */
  at: ScreenPoint;
  shift: boolean;
  /** Window coordinates, to place a menu. */
  clientX: number;
  clientY: number;
}

export interface OverlaySize {
  width: number;
  height: number;
  dpr: number;
}

export interface OverlayClient {
  /** Whether a primary press belongs to the client; if not, OSD pans as usual. */
  wantsPress(e: OverlayPointer, view: ViewTransform): boolean;
  pointer(e: OverlayPointer, view: ViewTransform): void;
  draw(ctx: CanvasRenderingContext2D, view: ViewTransform, size: OverlaySize): void;
  /** The CSS cursor over the slide at this point. */
  cursor(at: ScreenPoint, view: ViewTransform): string;
  /** Gives the client a way to ask for a redraw; returns how to stop. */
  connect(redraw: () => void): () => void;
}

/** A press and release closer than this (CSS px) is a click, not a pan. */
const CLICK_SLOP_PX = 4;

export class AnnotationOverlay {
  readonly canvas: HTMLCanvasElement;
  private client: OverlayClient | null = null;
  private disconnect: (() => void) | null = null;
  private frame = 0;
  /** A press the client took: its events are kept from OSD until release. */
  private owned: number | null = null;
  /** A press left to OSD: a click if it comes back up where it went down. */
  private pressed: { id: number; x: number; y: number } | null = null;
  private readonly listeners: [string, (e: Event) => void][];

  constructor(private readonly osd: OpenSeadragon.Viewer) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'annotation-overlay';
    this.canvas.setAttribute('aria-hidden', 'true');
    this.canvas.dataset.testid = 'annotation-overlay';
    // Above the image, under OSD's controls (the navigator).
    osd.canvas.appendChild(this.canvas);
    osd.addHandler('update-viewport', this.drawNow);
    osd.addHandler('resize', this.requestDraw);
    osd.addHandler('open', this.requestDraw);
    this.listeners = [
      ['pointerdown', (e) => this.onDown(e as PointerEvent)],
      ['pointermove', (e) => this.onMove(e as PointerEvent)],
      ['pointerup', (e) => this.onUp(e as PointerEvent)],
      ['pointercancel', (e) => this.onCancel(e as PointerEvent)],
      ['dblclick', (e) => this.onDoubleClick(e as MouseEvent)],
      ['contextmenu', (e) => this.onContextMenu(e as MouseEvent)],
    ];
    for (const [type, listener] of this.listeners)
      osd.element.addEventListener(type, listener, true);
  }

  setClient(client: OverlayClient | null): void {
    if (client === this.client) return;
    this.disconnect?.();
    this.disconnect = null;
    this.client = client;
    if (client) this.disconnect = client.connect(this.requestDraw);
    this.requestDraw();
  }

  /** Slide pixels ↔ CSS pixels of the viewer now (during an animation too); null before a slide is open. */
  transform(): ViewTransform | null {
    if (this.osd.world.getItemCount() === 0) return null;
    const item = this.osd.world.getItemAt(0);
    const viewport = this.osd.viewport;
    const width = viewport.getContainerSize().x;
    const flipped = viewport.getFlip();
    const span = Math.max(1, item.getContentSize().x);
    const point = new OpenSeadragon.Point(0, 0);
    const matrix = matrixFromSamples((x, y) => {
      point.x = x;
      point.y = y;
      const p = viewport.pixelFromPoint(item.imageToViewportCoordinates(point, true), true);
      return { x: flipped ? width - p.x : p.x, y: p.y };
    }, span);
    try {
      return transformFromMatrix(matrix);
    } catch {
      return null; // a zero-sized viewer
    }
  }

  requestDraw = (): void => {
    if (this.frame === 0) this.frame = requestAnimationFrame(this.drawNow);
  };

  private drawNow = (): void => {
    if (this.frame !== 0) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    const size = this.fit();
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const view = this.transform();
    if (!view || !this.client) {
      startFrame(ctx, true);
      return;
    }
    this.client.draw(ctx, view, size);
  };

  /** Keeps the canvas the size of the viewer, in device pixels (sharp on HiDPI screens). */
  private fit(): OverlaySize {
    const dpr = window.devicePixelRatio || 1;
    const width = this.osd.canvas.clientWidth;
    const height = this.osd.canvas.clientHeight;
    const w = Math.round(width * dpr);
    const h = Math.round(height * dpr);
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    return { width, height, dpr };
  }

  private input(type: OverlayPointer['type'], e: MouseEvent): OverlayPointer {
    const box = this.osd.canvas.getBoundingClientRect();
    return {
      type,
      at: screenPoint(e.clientX - box.left, e.clientY - box.top),
      shift: e.shiftKey,
      clientX: e.clientX,
      clientY: e.clientY,
    };
  }

  /** Events on the image only: the navigator and other controls keep theirs. */
  private onImage(e: Event): boolean {
    return e.target instanceof Node && this.osd.canvas.contains(e.target);
  }

  private take(e: Event): void {
    e.stopPropagation();
    e.preventDefault();
  }

  private onDown(e: PointerEvent): void {
    const view = this.transform();
    if (!this.client || !view || !this.onImage(e) || e.button !== 0) return;
    const input = this.input('down', e);
    if (this.client.wantsPress(input, view)) {
      this.take(e);
      this.owned = e.pointerId;
      this.pressed = null;
      this.osd.canvas.setPointerCapture?.(e.pointerId);
      // Taking the press keeps the focus where it was (a tool's button, say), where Enter
      // and Space would press the button: it comes to the slide, as a press there would.
      this.osd.canvas.focus({ preventScroll: true });
      this.client.pointer(input, view);
    } else {
      this.pressed = { id: e.pointerId, x: e.clientX, y: e.clientY };
    }
  }

  private onMove(e: PointerEvent): void {
    const view = this.transform();
    if (!this.client || !view) return;
    const input = this.input('move', e);
    if (this.owned === e.pointerId) {
      this.take(e);
      this.client.pointer(input, view);
      return;
    }
    if (!this.onImage(e)) return;
    this.osd.canvas.style.cursor = this.client.cursor(input.at, view);
    // Tools follow the pointer between clicks (the next edge of a polygon, say).
    if (this.pressed === null) this.client.pointer(input, view);
  }

  private onUp(e: PointerEvent): void {
    const view = this.transform();
    if (!this.client || !view) return;
    if (this.owned === e.pointerId) {
      this.take(e);
      this.owned = null;
      this.osd.canvas.releasePointerCapture?.(e.pointerId);
      this.client.pointer(this.input('up', e), view);
      return;
    }
    const pressed = this.pressed;
    this.pressed = null;
    if (
      pressed?.id === e.pointerId &&
      Math.hypot(e.clientX - pressed.x, e.clientY - pressed.y) <= CLICK_SLOP_PX
    ) {
      this.client.pointer(this.input('click', e), view);
    }
  }

  private onCancel(e: PointerEvent): void {
    const view = this.transform();
    if (this.owned === e.pointerId && this.client && view) {
      this.owned = null;
      this.client.pointer(this.input('cancel', e), view);
    }
    this.pressed = null;
  }

  private onDoubleClick(e: MouseEvent): void {
    const view = this.transform();
    if (!this.client || !view || !this.onImage(e)) return;
    const input = this.input('doubleClick', e);
    // A double-click a tool uses (closing a polygon) must not also zoom.
    if (this.client.wantsPress(input, view)) {
      this.take(e);
      this.client.pointer(input, view);
    }
  }

  private onContextMenu(e: MouseEvent): void {
    const view = this.transform();
    if (!this.client || !view || !this.onImage(e)) return;
    this.take(e);
    this.client.pointer(this.input('contextMenu', e), view);
  }

  destroy(): void {
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    this.disconnect?.();
    for (const [type, listener] of this.listeners) {
      this.osd.element.removeEventListener(type, listener, true);
    }
    this.osd.removeHandler('update-viewport', this.drawNow);
    this.osd.removeHandler('resize', this.requestDraw);
    this.osd.removeHandler('open', this.requestDraw);
    this.canvas.remove();
  }
}
