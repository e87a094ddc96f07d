/**
 * Draws the annotations of a slide on one canvas, in batches: the outlines, areas and point
 * markers in view, one fill and two strokes per colour, from a grid index built once per
 * change of the annotations, into a picture that a pan only moves (annotationPicture.ts).
 * Arrow heads, text notes, the selection with its handles and the shape being drawn are
 * placed in screen pixels each frame, so they keep their size at every zoom. Never one DOM
 * node per object.
 */
import type { Geometry, SlidePoint } from '../../../../electron/common/annotations/geometry';
import { polygonsOf, slidePoint } from '../../../../electron/common/annotations/geometry';
import type { AnnotationPicture, ShapeBatches } from './annotationPicture';
import {
  FILL_ALPHA,
  HALO,
  HALO_PX,
  LINE_PX,
  POINT_RADIUS_PX,
  buildShapeBatches,
  paintShapes,
} from './annotationPicture';
import type { ScreenPoint } from './geometry';
import type { Shape } from './shapes';
import { corners, handlesOf } from './shapes';
import type { ViewTransform } from './transforms';
import { startFrame } from '../../viewer/blankCanvas';

/** Arrow heads, handles: sizes on screen (CSS px). */
const ARROW_HEAD_PX = 14;
const HANDLE_PX = 9;
const TEXT_FONT = '600 13px system-ui, sans-serif';
const SELECTED = '#ffffff';

/** What one annotation needs to be drawn. */
export interface Drawable {
  readonly id: string;
  readonly kind: Shape['kind'];
  readonly geometry: Geometry;
  readonly colour: string;
  readonly text: string;
}

export interface Scene {
  readonly items: readonly Drawable[];
  readonly selectedId: string | null;
  /** The shape being drawn or edited (with id: instead of the stored one). */
  readonly preview: { shape: Shape; id?: string; colour: string } | null;
  /** Shift-drag measuring box (not stored). */
  readonly measure: Shape | null;
}

/** The minimum a canvas context must do (tests pass a recorder). */
export type Ctx = Pick<
  CanvasRenderingContext2D,
  | 'setTransform'
  | 'clearRect'
  | 'save'
  | 'restore'
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'closePath'
  | 'arc'
  | 'ellipse'
  | 'rect'
  | 'fill'
  | 'stroke'
  | 'fillRect'
  | 'strokeRect'
  | 'fillText'
  | 'measureText'
  | 'setLineDash'
  | 'drawImage'
> & {
  imageSmoothingEnabled: boolean;
  fillStyle: CanvasRenderingContext2D['fillStyle'];
  strokeStyle: CanvasRenderingContext2D['strokeStyle'];
  lineWidth: number;
  lineJoin: CanvasLineJoin;
  lineCap: CanvasLineCap;
  globalAlpha: number;
  font: string;
  textBaseline: CanvasTextBaseline;
};

/** Anything a path can be traced into: a Path2D, or the context itself. */
type PathSink = Pick<Path2D, 'moveTo' | 'lineTo' | 'closePath' | 'ellipse' | 'rect'>;

const identity = (p: SlidePoint): { x: number; y: number } => p;

/** Traces the outline of a geometry (lines open, areas closed) in the sink's coordinates. */
export function tracePath(
  sink: PathSink,
  g: Geometry,
  map: (p: SlidePoint) => { x: number; y: number } = identity,
): void {
  const ring = (points: readonly SlidePoint[], close: boolean) => {
    points.forEach((p, i) => {
      const q = map(p);
      if (i === 0) sink.moveTo(q.x, q.y);
      else sink.lineTo(q.x, q.y);
    });
    if (close) sink.closePath();
  };
  switch (g.type) {
    case 'polyline':
      ring(g.points, false);
      return;
    case 'rectangle':
      ring(corners(g), true);
      return;
    case 'ellipse': {
      const cx = g.x + g.width / 2;
      const cy = g.y + g.height / 2;
      if (map === identity) {
        sink.moveTo(g.x + g.width, cy);
        sink.ellipse(cx, cy, g.width / 2, g.height / 2, 0, 0, 2 * Math.PI);
      } else {
        // In screen pixels the ellipse may be rotated: trace it through the mapping.
        const steps = 48;
        for (let i = 0; i <= steps; i++) {
          const t = (2 * Math.PI * i) / steps;
          const q = map(
            slidePoint(cx + (g.width / 2) * Math.cos(t), cy + (g.height / 2) * Math.sin(t)),
          );
          if (i === 0) sink.moveTo(q.x, q.y);
          else sink.lineTo(q.x, q.y);
        }
        sink.closePath();
      }
      return;
    }
    case 'polygon':
    case 'multipolygon':
      for (const rings of polygonsOf(g)) for (const r of rings) ring(r, true);
      return;
    default:
      // Points are markers, drawn in screen pixels.
      return;
  }
}

export interface Batches {
  /** Outlines, areas and points, indexed by colour (annotationPicture.ts). */
  shapes: ShapeBatches;
  /** Drawn in screen pixels each frame. */
  arrows: { from: SlidePoint; to: SlidePoint; colour: string }[];
  texts: { at: SlidePoint; text: string; colour: string }[];
}

/**
 * Indexes the shapes by colour, and sets arrow heads and text notes aside. Built once per
 * change of the annotations, not per frame. `skipId` (the shape being edited) is left out.
 */
export function buildBatches(items: readonly Drawable[], skipId: string | null): Batches {
  const batches: Omit<Batches, 'shapes'> = { arrows: [], texts: [] };
  const shapes: Drawable[] = [];
  for (const item of items) {
    if (item.id === skipId) continue;
    const g = item.geometry;
    if (item.kind === 'text' && g.type === 'point') {
      batches.texts.push({ at: g.point, text: item.text, colour: item.colour });
      continue;
    }
    shapes.push(item);
    if (item.kind === 'arrow' && g.type === 'polyline') {
      const from = g.points[g.points.length - 2];
      const to = g.points[g.points.length - 1];
      if (from && to) batches.arrows.push({ from, to, colour: item.colour });
    }
  }
  return { ...batches, shapes: buildShapeBatches(shapes) };
}

function strokeTwice(ctx: Ctx, colour: string, width: number, draw: () => void): void {
  ctx.strokeStyle = HALO;
  ctx.lineWidth = width * (HALO_PX / LINE_PX);
  draw();
  ctx.strokeStyle = colour;
  ctx.lineWidth = width;
  draw();
}

function arrowHead(ctx: Ctx, from: ScreenPoint, to: ScreenPoint): void {
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  const spread = Math.PI / 7;
  ctx.beginPath();
  ctx.moveTo(to.x, to.y);
  ctx.lineTo(
    to.x - ARROW_HEAD_PX * Math.cos(angle - spread),
    to.y - ARROW_HEAD_PX * Math.sin(angle - spread),
  );
  ctx.lineTo(
    to.x - ARROW_HEAD_PX * Math.cos(angle + spread),
    to.y - ARROW_HEAD_PX * Math.sin(angle + spread),
  );
  ctx.closePath();
}

function inView(p: ScreenPoint, width: number, height: number, margin: number): boolean {
  return p.x >= -margin && p.y >= -margin && p.x <= width + margin && p.y <= height + margin;
}

/** A shape traced in screen pixels (selection, preview, measuring box), with its handles. */
function drawScreenShape(
  ctx: Ctx,
  shape: Shape,
  t: ViewTransform,
  colour: string,
  options: { dashed?: boolean; handles?: boolean; fill?: boolean },
): void {
  const g = shape.geometry;
  ctx.setLineDash(options.dashed ? [6, 4] : []);
  if (g.type === 'point' || g.type === 'multipoint') {
    const pts = g.type === 'point' ? [g.point] : g.points;
    for (const p of pts) {
      const s = t.toScreen(p);
      ctx.beginPath();
      ctx.arc(s.x, s.y, POINT_RADIUS_PX + 3, 0, 2 * Math.PI);
      strokeTwice(ctx, colour, LINE_PX, () => ctx.stroke());
    }
  } else {
    ctx.beginPath();
    tracePath(ctx, g, (p) => t.toScreen(p));
    if (options.fill && g.type !== 'polyline') {
      ctx.globalAlpha = FILL_ALPHA * 1.5;
      ctx.fillStyle = colour;
      ctx.fill();
      ctx.globalAlpha = 1;
    }
    strokeTwice(ctx, colour, LINE_PX + 0.5, () => ctx.stroke());
    if (shape.kind === 'arrow' && g.type === 'polyline') {
      const from = g.points[g.points.length - 2];
      const to = g.points[g.points.length - 1];
      if (from && to) {
        arrowHead(ctx, t.toScreen(from), t.toScreen(to));
        ctx.fillStyle = colour;
        ctx.fill();
      }
    }
  }
  ctx.setLineDash([]);
  if (options.handles) {
    for (const h of handlesOf(shape)) {
      const s = t.toScreen(h);
      const half = HANDLE_PX / 2;
      ctx.fillStyle = SELECTED;
      ctx.fillRect(s.x - half, s.y - half, HANDLE_PX, HANDLE_PX);
      ctx.strokeStyle = HALO;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(s.x - half, s.y - half, HANDLE_PX, HANDLE_PX);
    }
  }
}

/** Nothing to draw: no annotation shown, none being drawn, no measurement. */
export function sceneIsEmpty(scene: Scene): boolean {
  return scene.items.length === 0 && scene.preview === null && scene.measure === null;
}

/**
 * One frame: clears the canvas and draws everything (the shapes through `picture` when given). `dpr` is the canvas's device pixels
 * per CSS pixel; `width`/`height` its size in CSS pixels.
 */
export function drawScene(
  ctx: Ctx,
  scene: Scene,
  batches: Batches,
  t: ViewTransform,
  size: { width: number; height: number; dpr: number },
  picture: AnnotationPicture | null = null,
): void {
  const { width, height, dpr } = size;
  // An empty scene leaves a blank canvas untouched (blankCanvas.ts says why).
  if (!startFrame(ctx, sceneIsEmpty(scene), { width: width * dpr, height: height * dpr })) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';

  // Outlines, areas and points in view: a picture moved with a pan, or straight onto the
  // canvas (no picture: tests).
  if (picture) picture.draw(ctx, batches.shapes, t, size);
  else paintShapes(ctx, batches.shapes, t, size, 0);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);

  // Arrow heads, in screen pixels.
  for (const a of batches.arrows) {
    const from = t.toScreen(a.from);
    const to = t.toScreen(a.to);
    if (!inView(to, width, height, ARROW_HEAD_PX)) continue;
    arrowHead(ctx, from, to);
    ctx.fillStyle = a.colour;
    ctx.fill();
    ctx.strokeStyle = HALO;
    ctx.lineWidth = 1;
    ctx.stroke();
  }

  // Text notes: a pin and the note on a dark label, never mirrored or rotated.
  ctx.font = TEXT_FONT;
  ctx.textBaseline = 'middle';
  for (const note of batches.texts) {
    const s = t.toScreen(note.at);
    if (!inView(s, width, height, 400)) continue;
    ctx.beginPath();
    ctx.moveTo(s.x + POINT_RADIUS_PX, s.y);
    ctx.arc(s.x, s.y, POINT_RADIUS_PX, 0, 2 * Math.PI);
    ctx.fillStyle = note.colour;
    ctx.fill();
    ctx.strokeStyle = HALO;
    ctx.lineWidth = 1.5;
    ctx.stroke();
    const label = note.text.length > 80 ? `${note.text.slice(0, 79)}…` : note.text;
    if (!label) continue;
    const textWidth = ctx.measureText(label).width;
    ctx.fillStyle = 'rgba(14, 15, 16, 0.82)';
    ctx.fillRect(s.x + 10, s.y - 11, textWidth + 12, 22);
    ctx.fillStyle = note.colour;
    ctx.fillRect(s.x + 10, s.y - 11, 3, 22);
    ctx.fillStyle = '#f2f3f5';
    ctx.fillText(label, s.x + 17, s.y);
  }

  // The selection: its outline again, brighter, and its handles.
  const selected =
    scene.selectedId !== null && scene.preview?.id !== scene.selectedId
      ? scene.items.find((i) => i.id === scene.selectedId)
      : undefined;
  if (selected) drawScreenShape(ctx, selected, t, SELECTED, { handles: true });
  if (scene.preview) {
    drawScreenShape(ctx, scene.preview.shape, t, scene.preview.colour, {
      handles: scene.preview.id !== undefined,
      fill: true,
    });
  }
  if (scene.measure) drawScreenShape(ctx, scene.measure, t, SELECTED, { dashed: true });
}
