/**
 * The annotation side of a slide viewer: turns the overlay's pointer events into tool
 * events (in slide pixels), the tools' effects into store actions, and the store into a
 * drawn scene. Plain TypeScript (no React, no OpenSeadragon): the viewer's overlay calls
 * it through the OverlayClient interface, and the React parts read what they show
 * (live measurement, text prompt, context menu) through subscribe/getSnapshot.
 *
 * Gestures besides the tools:
 * - Shift-drag (with the select tool) draws a measuring box that is not stored: its size
 *   and area show until Esc or the next click.
 * - Right-click on an annotation selects it and opens its menu (delete, class); during a
 *   polygon it closes the polygon.
 */
import type { Annotation, AnnotationClass } from '../../../../electron/common/contract';
import type { SlidePoint } from '../../../../electron/common/annotations/geometry';
import type { AppStore } from '../../state/types';
import type { OverlayClient, OverlayPointer, OverlaySize } from '../../viewer/annotationOverlay';
import { AnnotationPicture, domSurface } from './annotationPicture';
import type { Batches, Drawable, Scene } from './draw';
import { buildBatches, drawScene } from './draw';
import type { ScreenPoint } from './geometry';
import type { Hittable } from './hitTest';
import { HIT_TOLERANCE_PX, hitHandle, hitTest, onShape, toleranceInSlide } from './hitTest';
import type { Shape } from './shapes';
import { keepOnSlide } from './shapes';
import { createTool } from './tools';
import { TwoPointTool } from './tools/twoPointTool';
import type { Effect, Preview, Tool, ToolContext, ToolEvent } from './tools/types';
import type { ViewTransform } from './transforms';

/** Colour of annotations without a class: light, with the dark halo it reads on tissue and glass. */
export const NO_CLASS_COLOUR = '#e8e8e8';

export interface AnnotationUi {
  /** The shape being drawn or edited, and where the pointer is, for the live measurement. */
  live: { shape: Shape; at: ScreenPoint; transient: boolean } | null;
  /** The text tool waits for the note's text. */
  askText: { at: SlidePoint; clientX: number; clientY: number } | null;
  /** The context menu of an annotation is open. */
  menu: { id: string; clientX: number; clientY: number } | null;
}

const NO_UI: AnnotationUi = { live: null, askText: null, menu: null };

export function colourOf(classes: readonly AnnotationClass[], classId: string | null): string {
  return (classId && classes.find((c) => c.id === classId)?.colour) || NO_CLASS_COLOUR;
}

export class AnnotationController implements OverlayClient {
  private tool: Tool;
  /** Shift-drag measuring box: a rectangle tool whose result is shown, never stored. */
  private readonly measureTool = new TwoPointTool('rectangle');
  private measured: Shape | null = null;
  private ui: AnnotationUi = NO_UI;
  private readonly uiListeners = new Set<() => void>();
  private redraws = new Set<() => void>();
  private lastPointer: ScreenPoint | null = null;
  private lastClient = { x: 0, y: 0 };
  /** The last view seen (keys come without a pointer). */
  private view: ViewTransform | null = null;
  private readonly unsubscribe: () => void;

  // Caches keyed on the store's immutable arrays: rebuilt only when they change.
  private drawableKey: unknown[] = [];
  private drawables: Drawable[] = [];
  private batchKey: unknown[] = [];
  private batches: Batches | null = null;
  /** The shapes in view, drawn once and moved with a pan (10,000 annotations pan smoothly). */
  private readonly picture = new AnnotationPicture(domSurface);

  constructor(private readonly store: AppStore) {
    this.tool = createTool(store.getState().annotationTool);
    this.unsubscribe = store.subscribe((s, prev) => {
      if (s.annotationTool !== prev.annotationTool) {
        this.tool.cancel();
        this.measureTool.cancel();
        this.tool = createTool(s.annotationTool);
        this.setUi({ live: null, askText: null });
      }
      if (s.annotationSlideId !== prev.annotationSlideId) {
        this.tool.cancel();
        this.measured = null;
        this.setUi(NO_UI);
      }
      if (
        s.annotations !== prev.annotations ||
        s.annotationClasses !== prev.annotationClasses ||
        s.hiddenClassIds !== prev.hiddenClassIds ||
        s.selectedAnnotationId !== prev.selectedAnnotationId
      ) {
        this.redraw();
      }
    });
  }

  destroy(): void {
    this.unsubscribe();
    this.redraws.clear();
    this.uiListeners.clear();
  }

  // --- What React reads -------------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.uiListeners.add(listener);
    return () => this.uiListeners.delete(listener);
  };

  getSnapshot = (): AnnotationUi => this.ui;

  private setUi(patch: Partial<AnnotationUi>): void {
    const next = { ...this.ui, ...patch };
    if (
      next.live === this.ui.live &&
      next.askText === this.ui.askText &&
      next.menu === this.ui.menu
    )
      return;
    const redraw = next.askText !== this.ui.askText;
    this.ui = next;
    for (const l of this.uiListeners) l();
    if (redraw) this.redraw();
  }

  closeMenu(): void {
    this.setUi({ menu: null });
  }

  /** The text prompt was answered (null: cancelled). */
  answerText(text: string | null): void {
    const ask = this.ui.askText;
    this.setUi({ askText: null });
    const trimmed = text?.trim();
    if (!ask || !trimmed) return;
    const created = this.store
      .getState()
      .createAnnotation(
        this.onSlide({ kind: 'text', geometry: { type: 'point', point: ask.at } }),
        { text: trimmed },
      );
    if (created) this.store.getState().selectAnnotation(created.id);
  }

  // --- Scene ------------------------------------------------------------------------

  /**
   * Annotations of the slide that are shown (their class not hidden). Detections (AI
   * objects under review) are not: the AI overlay draws them, indexed for 100,000 objects.
   */
  private visible(): Drawable[] {
    const s = this.store.getState();
    const key = [s.annotations, s.annotationClasses, s.hiddenClassIds];
    if (key.some((k, i) => k !== this.drawableKey[i])) {
      const hidden = new Set(s.hiddenClassIds);
      const colours = new Map(s.annotationClasses.map((c) => [c.id, c.colour]));
      this.drawables = s.annotations
        .filter((a) => a.objectType === 'annotation' && !hidden.has(a.classId ?? ''))
        .map((a: Annotation) => ({
          id: a.id,
          kind: a.kind,
          geometry: a.geometry,
          colour: (a.classId && colours.get(a.classId)) || NO_CLASS_COLOUR,
          text: a.text,
        }));
      this.drawableKey = key;
    }
    return this.drawables;
  }

  private selected(): Hittable | null {
    const id = this.store.getState().selectedAnnotationId;
    return (id && this.visible().find((d) => d.id === id)) || null;
  }

  private context(view: ViewTransform): ToolContext {
    const tolerance = toleranceInSlide(HIT_TOLERANCE_PX, view.scale);
    return {
      tolerance,
      selected: this.selected(),
      hit: (p) => hitTest(this.visible(), p, tolerance),
    };
  }

  draw(ctx: CanvasRenderingContext2D, view: ViewTransform, size: OverlaySize): void {
    this.view = view;
    const items = this.visible();
    // A note waiting for its text is shown where it will be.
    const ask = this.ui.askText;
    const waiting: Preview | null = ask
      ? { shape: { kind: 'text', geometry: { type: 'point', point: ask.at } } }
      : null;
    const preview = this.tool.preview() ?? waiting;
    const skip = preview?.id ?? null;
    if (this.batchKey[0] !== items || this.batchKey[1] !== skip || !this.batches) {
      this.batches = buildBatches(items, skip);
      this.batchKey = [items, skip];
    }
    const s = this.store.getState();
    const previewColour =
      preview?.id !== undefined
        ? (items.find((i) => i.id === preview.id)?.colour ?? NO_CLASS_COLOUR)
        : colourOf(
            s.annotationClasses,
            this.tool.id === 'count' && preview?.shape.kind === 'point'
              ? s.countClassId
              : s.drawClassId,
          );
    const measure = this.measureTool.preview()?.shape ?? this.measured;
    const scene: Scene = {
      items,
      selectedId: s.selectedAnnotationId,
      preview: preview ? { ...preview, colour: previewColour } : null,
      measure,
    };
    drawScene(ctx, scene, this.batches, view, size, this.picture);
  }

  connect(redraw: () => void): () => void {
    this.redraws.add(redraw);
    return () => this.redraws.delete(redraw);
  }

  private redraw(): void {
    for (const r of this.redraws) r();
  }

  // --- Pointer ----------------------------------------------------------------------

  cursor(at: ScreenPoint, view: ViewTransform): string {
    if (this.tool.id !== 'select') return 'crosshair';
    const p = view.toSlide(at);
    const ctx = this.context(view);
    const s = ctx.selected;
    if (s && hitHandle(s, p, ctx.tolerance) !== null) return 'pointer';
    if (s && onShape(s, p, ctx.tolerance)) return 'move';
    return ctx.hit(p) ? 'pointer' : '';
  }

  wantsPress(e: OverlayPointer, view: ViewTransform): boolean {
    if (this.measureTool.phase !== 'idle') return true;
    if (e.type === 'doubleClick') return this.tool.id === 'polygon' && this.tool.phase !== 'idle';
    if (e.shift && this.tool.id === 'select') return true;
    return this.tool.wantsPress(view.toSlide(e.at), this.context(view));
  }

  pointer(e: OverlayPointer, view: ViewTransform): void {
    this.view = view;
    const point = view.toSlide(e.at);
    const ctx = this.context(view);
    this.lastPointer = e.at;
    this.lastClient = { x: e.clientX, y: e.clientY };
    if (e.type === 'contextMenu') {
      this.contextMenu(point, e, ctx);
      return;
    }
    if (e.type === 'cancel') {
      this.tool.cancel();
      this.measureTool.cancel();
      this.afterEvent();
      return;
    }
    if (e.type === 'down') {
      this.setUi({ menu: null });
      if (this.measured) {
        this.measured = null;
        this.redraw();
      }
    }
    const event = toolEvent(e, point);
    // A Shift-drag measures, whatever comes after it, until it is done.
    if (
      this.measureTool.phase !== 'idle' ||
      (e.type === 'down' && e.shift && this.tool.id === 'select')
    ) {
      for (const effect of this.measureTool.send(event, ctx)) {
        if (effect.type === 'create') this.measured = effect.shape;
      }
      this.afterEvent();
      return;
    }
    const idle = this.tool.phase === 'idle';
    this.run(this.tool.send(event, ctx));
    // Hovering with nothing in progress changes nothing on screen: no redraw.
    if (e.type === 'move' && idle && this.tool.phase === 'idle') return;
    this.afterEvent();
  }

  private contextMenu(point: SlidePoint, e: OverlayPointer, ctx: ToolContext): void {
    if (this.tool.id === 'polygon' && this.tool.phase !== 'idle') {
      this.run(this.tool.send({ type: 'key', key: 'Enter' }, ctx));
      this.afterEvent();
      return;
    }
    const id = ctx.hit(point);
    this.store.getState().selectAnnotation(id);
    this.setUi({ menu: id ? { id, clientX: e.clientX, clientY: e.clientY } : null });
  }

  /** After every event: the preview and the live measurement follow the tool. */
  private afterEvent(): void {
    const shape = this.measureTool.preview()?.shape ?? this.tool.preview()?.shape ?? this.measured;
    const transient =
      this.measureTool.phase !== 'idle' || (shape !== null && shape === this.measured);
    const at = this.lastPointer;
    this.setUi({ live: shape && at ? { shape, at, transient } : null });
    this.redraw();
  }

  /** The shape kept within the open slide (the engine refuses a vertex off it). */
  private onSlide(shape: Shape, moved = false): Shape {
    const info = this.store.getState().slideInfo;
    return info ? keepOnSlide(shape, info.width, info.height, moved) : shape;
  }

  private run(effects: Effect[]): void {
    const s = this.store.getState();
    for (const effect of effects) {
      switch (effect.type) {
        case 'create': {
          const classId = effect.purpose === 'count' ? s.countClassId : undefined;
          const created = s.createAnnotation(
            this.onSlide(effect.shape),
            classId !== undefined ? { classId } : {},
          );
          // Counted objects leave the counting area selected; anything else is selected.
          if (created && effect.purpose !== 'count') s.selectAnnotation(created.id);
          break;
        }
        case 'update': {
          const shape = this.onSlide(effect.shape, effect.change === 'move');
          s.updateAnnotation(
            effect.id,
            { kind: shape.kind, geometry: shape.geometry },
            effect.change,
          );
          break;
        }
        case 'select':
          s.selectAnnotation(effect.id);
          break;
        case 'askText':
          this.setUi({
            askText: { at: effect.at, clientX: this.lastClient.x, clientY: this.lastClient.y },
          });
          break;
      }
    }
  }

  // --- Keys -------------------------------------------------------------------------

  /**
   * Esc, Enter and Backspace mean something to a tool at work (or to a measure on screen);
   * returns whether the key was used, so that Esc still goes back to the case otherwise.
   */
  key(key: 'Escape' | 'Enter' | 'Backspace'): boolean {
    const busy = this.tool.phase !== 'idle';
    if (key === 'Escape') {
      if (this.ui.menu || this.ui.askText) {
        this.setUi({ menu: null, askText: null });
        return true;
      }
      if (this.measureTool.phase !== 'idle' || this.measured) {
        this.measureTool.cancel();
        this.measured = null;
        this.afterEvent();
        return true;
      }
      if (busy) {
        this.tool.cancel();
        this.afterEvent();
        return true;
      }
      return false;
    }
    if (!busy || this.tool.id !== 'polygon') return false;
    const ctx: ToolContext = this.view
      ? this.context(this.view)
      : { tolerance: 0, selected: null, hit: () => null };
    this.run(this.tool.send({ type: 'key', key }, ctx));
    this.afterEvent();
    return true;
  }
}

function toolEvent(e: OverlayPointer, point: SlidePoint): ToolEvent {
  switch (e.type) {
    case 'down':
    case 'move':
    case 'up':
      return { type: e.type, point, shift: e.shift };
    case 'click':
      return { type: 'click', point };
    default:
      return { type: 'doubleClick', point };
  }
}
