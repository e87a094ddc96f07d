/**
 * The AI overlay in the viewer: heatmaps and detections on a canvas of their own, under the
 * annotations' canvas, redrawn in the same frame. It wraps the annotation controller as
 * the viewer's one OverlayClient (viewer/annotationOverlay.ts): drawing tools keep every
 * press they want; a click the select tool leaves unused picks a detection or an archive
 * object (its properties show in the panel, where a detection is accepted or rejected).
 * Plain TypeScript: the React side reads the store.
 */
import type { AppState, AppStore } from '../../state/types';
import type { OverlayClient, OverlayPointer, OverlaySize } from '../../viewer/annotationOverlay';
import type { HeatmapLayer, Surface } from './aiOverlay';
import { DetectionLayer, colourizeHeatmap, drawHeatmaps, hitTestDetections } from './aiOverlay';
import type { AiScene } from './aiLayers';
import { buildScene, idOfSelection, layerVisibility, memoOne, selectionOf } from './aiLayers';
import type { ScreenPoint } from './geometry';
import { HIT_TOLERANCE_PX, toleranceInSlide } from './hitTest';
import type { ViewTransform } from './transforms';
import { startFrame } from '../../viewer/blankCanvas';

declare global {
  interface Window {
    /**
     * Milliseconds each frame of the AI layer took, the last MAX_DRAW_SAMPLES: kept only
     * when the viewer's test hook is on (benchmarks read it; see viewer/testHook.ts).
     */
    __aiOverlayDraws?: number[];
  }
}
const MAX_DRAW_SAMPLES = 5_000;

/** The scene of the store's current objects, shared by the overlay and the panel. */
export const sceneOf = memoOne(buildScene);
export const currentScene = (s: AppState): AiScene =>
  sceneOf(s.annotations, s.archiveObjects, s.annotationClasses);

const visibilityOf = memoOne(layerVisibility);

/** An offscreen canvas for the detections' picture. */
function canvasSurface(width: number, height: number): Surface {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  return { image: canvas, ctx, data: ctx.createImageData(width, height) };
}

/** Decodes a stored heatmap (base64 grey-and-alpha PNG) into a coloured canvas. */
async function decodeHeatmap(base64: string): Promise<HTMLCanvasElement> {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }), {
    premultiplyAlpha: 'none',
    colorSpaceConversion: 'none',
  });
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
  colourizeHeatmap(pixels.data);
  ctx.putImageData(pixels, 0, 0);
  return canvas;
}

export class AiOverlayClient implements OverlayClient {
  private layer: HTMLCanvasElement | null = null;
  private readonly images = new Map<string, HTMLCanvasElement | 'loading' | 'failed'>();
  private readonly redraws = new Set<() => void>();
  private readonly detections = new DetectionLayer(canvasSurface);
  private readonly unsubscribe: () => void;
  /** Milliseconds the last frame of the AI layer took (benchmarks read it). */
  lastDrawMs = 0;

  constructor(
    private readonly store: AppStore,
    private readonly inner: OverlayClient,
  ) {
    this.unsubscribe = store.subscribe((s, prev) => {
      if (s.heatmaps !== prev.heatmaps) this.loadImages(s);
      if (
        s.annotations !== prev.annotations ||
        s.archiveObjects !== prev.archiveObjects ||
        s.annotationClasses !== prev.annotationClasses ||
        s.hiddenAiLayers !== prev.hiddenAiLayers ||
        s.hiddenHeatmaps !== prev.hiddenHeatmaps ||
        s.shownArchiveObjects !== prev.shownArchiveObjects ||
        s.aiOpacity !== prev.aiOpacity ||
        s.heatmapOpacity !== prev.heatmapOpacity ||
        s.showRejected !== prev.showRejected ||
        s.aiSelection !== prev.aiSelection ||
        s.heatmaps !== prev.heatmaps
      ) {
        this.redraw();
      }
    });
    this.loadImages(store.getState());
  }

  destroy(): void {
    this.unsubscribe();
    this.redraws.clear();
    this.layer?.remove();
    this.layer = null;
  }

  private redraw(): void {
    for (const r of this.redraws) r();
  }

  private loadImages(s: AppState): void {
    if (typeof createImageBitmap !== 'function') return;
    for (const h of s.heatmaps) {
      if (this.images.has(h.id)) continue;
      this.images.set(h.id, 'loading');
      decodeHeatmap(h.png).then(
        (canvas) => {
          this.images.set(h.id, canvas);
          this.redraw();
        },
        () => this.images.set(h.id, 'failed'),
      );
    }
  }

  /** The canvas under the annotations' one, the same size, created on first use. */
  private canvasBeside(annotations: HTMLCanvasElement): HTMLCanvasElement | null {
    const parent = annotations.parentElement;
    if (!parent) return null;
    if (!this.layer) {
      this.layer = document.createElement('canvas');
      this.layer.className = 'annotation-overlay';
      this.layer.setAttribute('aria-hidden', 'true');
      this.layer.dataset.testid = 'ai-overlay';
    }
    if (this.layer.nextSibling !== annotations) parent.insertBefore(this.layer, annotations);
    if (this.layer.width !== annotations.width) this.layer.width = annotations.width;
    if (this.layer.height !== annotations.height) this.layer.height = annotations.height;
    return this.layer;
  }

  draw(ctx: CanvasRenderingContext2D, view: ViewTransform, size: OverlaySize): void {
    const canvas = ctx.canvas instanceof HTMLCanvasElement ? this.canvasBeside(ctx.canvas) : null;
    const own = canvas?.getContext('2d');
    if (own) {
      const started = performance.now();
      this.drawLayer(own, view, size);
      this.lastDrawMs = performance.now() - started;
      if (window.__viewer) {
        const samples = (window.__aiOverlayDraws ??= []);
        if (samples.length >= MAX_DRAW_SAMPLES) samples.shift();
        samples.push(this.lastDrawMs);
      }
    }
    this.inner.draw(ctx, view, size);
  }

  private drawLayer(ctx: CanvasRenderingContext2D, view: ViewTransform, size: OverlaySize): void {
    const s = this.store.getState();
    const hidden = new Set(s.hiddenHeatmaps);
    const heatmaps: HeatmapLayer[] = [];
    for (const h of s.heatmaps) {
      const image = this.images.get(h.id);
      if (hidden.has(h.id) || image === undefined || typeof image === 'string') continue;
      heatmaps.push({ image, extent: h.extent });
    }
    const scene = currentScene(s);
    // No heatmap and no AI layer: a blank canvas is left untouched (blankCanvas.ts).
    if (!startFrame(ctx, heatmaps.length === 0 && scene.layers.length === 0)) return;
    drawHeatmaps(ctx, heatmaps, view, size, s.heatmapOpacity);
    if (scene.layers.length === 0) return;
    this.detections.draw(ctx, scene.index, view, size, {
      colours: scene.layers.map((l) => l.colour),
      visible: visibilityOf(scene.layers, s.hiddenAiLayers, s.showRejected, s.shownArchiveObjects),
      opacity: s.aiOpacity,
      selected: s.aiSelection ? scene.positionOf(idOfSelection(s.aiSelection)) : -1,
    });
  }

  /** The AI object under a point of the screen, or null. */
  private hit(at: ScreenPoint, view: ViewTransform) {
    const s = this.store.getState();
    const scene = currentScene(s);
    if (scene.layers.length === 0) return null;
    const visible = visibilityOf(
      scene.layers,
      s.hiddenAiLayers,
      s.showRejected,
      s.shownArchiveObjects,
    );
    const i = hitTestDetections(
      scene.index,
      view.toSlide(at),
      toleranceInSlide(HIT_TOLERANCE_PX, view.scale),
      visible,
    );
    return i < 0 ? null : selectionOf(scene.index.objects[i]!.id);
  }

  wantsPress(e: OverlayPointer, view: ViewTransform): boolean {
    return this.inner.wantsPress(e, view);
  }

  pointer(e: OverlayPointer, view: ViewTransform): void {
    this.inner.pointer(e, view);
    if (e.type !== 'click') return;
    const s = this.store.getState();
    if (s.annotationTool !== 'select') return;
    // An annotation the click selected wins; otherwise the AI object under it, or none.
    if (s.selectedAnnotationId !== null) {
      if (s.aiSelection) s.selectAi(null);
      return;
    }
    s.selectAi(this.hit(e.at, view));
  }

  cursor(at: ScreenPoint, view: ViewTransform): string {
    const inner = this.inner.cursor(at, view);
    if (inner !== '' || this.store.getState().annotationTool !== 'select') return inner;
    return this.hit(at, view) ? 'pointer' : '';
  }

  connect(redraw: () => void): () => void {
    this.redraws.add(redraw);
    const disconnect = this.inner.connect(redraw);
    return () => {
      this.redraws.delete(redraw);
      disconnect();
    };
  }
}
