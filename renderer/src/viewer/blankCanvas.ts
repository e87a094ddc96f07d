/**
 * Leaves an empty overlay canvas alone. The annotation and AI layers are canvases the size
 * of the viewer, redrawn at every frame of a pan or zoom. Clearing one that is already
 * empty still marks it changed, and without a GPU the browser then copies the whole bitmap
 * to the compositor again at every frame: `npm run bench -- reference` measured pan frames
 * at 1:1 (1600×900) at p50 35 ms with the two empty layers cleared every frame, 19 ms with
 * them out of the page. A layer known to be blank is therefore neither cleared nor painted
 * (it is also made `visibility: hidden`, so the compositor skips it), and is cleared once
 * when what it showed goes away.
 *
 * Which canvases hold something is kept here, per canvas, so every layer follows one rule.
 */

/** A canvas as far as this file needs one. */
interface Tracked {
  width: number;
  height: number;
  style?: { visibility: string };
}

/** The part of a 2D context a frame start uses; test doubles may have no real `canvas`. */
export interface FrameContext {
  readonly canvas?: unknown;
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
}

function trackedCanvas(ctx: FrameContext): Tracked | null {
  const c = ctx.canvas as Partial<Tracked> | null | undefined;
  return c && typeof c === 'object' && typeof c.width === 'number' && typeof c.height === 'number'
    ? (c as Tracked)
    : null;
}

/** Canvases that may hold something drawn since they were last cleared. */
const painted = new WeakSet<Tracked>();

function show(canvas: Tracked, visible: boolean): void {
  if (!canvas.style) return;
  const visibility = visible ? '' : 'hidden';
  if (canvas.style.visibility !== visibility) canvas.style.visibility = visibility;
}

/**
 * Starts a frame: `empty` says the frame has nothing to draw. Returns true when the caller
 * should draw (the canvas has just been cleared, with an identity transform); false when
 * there is nothing to draw, in which case the canvas is blank after the call, and was left
 * untouched if it already was. `area` (device pixels) is cleared when the context has no
 * canvas of its own (a test double).
 */
export function startFrame(
  ctx: FrameContext,
  empty: boolean,
  area?: { width: number; height: number },
): boolean {
  const canvas = trackedCanvas(ctx);
  if (empty && canvas && !painted.has(canvas)) {
    show(canvas, false);
    return false;
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  const { width, height } = canvas ?? area ?? { width: 0, height: 0 };
  ctx.clearRect(0, 0, width, height);
  if (!canvas) return !empty;
  if (empty) {
    painted.delete(canvas);
    show(canvas, false);
    return false;
  }
  painted.add(canvas);
  show(canvas, true);
  return true;
}
