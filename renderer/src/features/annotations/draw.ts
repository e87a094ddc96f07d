/**
 * Draws the annotations of a slide on one canvas, in batches: every outline of a class goes
 * into one Path2D built once in slide pixels (rebuilt only when the annotations change) and
 * drawn with the view's matrix, so panning, zooming, rotating and flipping cost one stroke
 * and one fill per class, whatever the number of shapes. Points, arrow heads, text notes,
 * handles and the shape being drawn are placed in screen pixels each frame, so they keep
 * their size at every zoom. Never one DOM node per object.
 */
import type { Geometry, SlidePoint } from '../../../../electron/common/annotations/geometry';
import { polygonsOf, slidePoint } from '../../../../electron/common/annotations/geometry';
import type { ScreenPoint } from './geometry';
import type { Shape } from './shapes';
import { corners, handlesOf } from './shapes';
import type { Matrix, ViewTransform } from './transforms';

/** Outline width on screen (CSS px); the dark halo under it keeps it visible on H&E pinks. */
const LINE_PX = 2;
const HALO_PX = 4;
const HALO = 'rgba(0, 0, 0, 0.55)';
/** Areas are tinted, not hidden: the tissue under a tumour region must stay readable. */
const FILL_ALPHA = 0.12;
/** Point markers, arrow heads, handles: sizes on screen (CSS px). */
const POINT_RADIUS_PX = 5;
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
> & {
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

/** Outline paths of one colour, in slide pixels. */
interface Layer {
  colour: string;
  lines: Path2D;
  areas: Path2D;
  hasLines: boolean;
  hasAreas: boolean;
}

export interface Batches {
  layers: Layer[];
  /** Drawn in screen pixels each frame. */
  points: { at: SlidePoint; colour: string }[];
  arrows: { from: SlidePoint; to: SlidePoint; colour: string }[];
  texts: { at: SlidePoint; text: string; colour: string }[];
}

/**
 * Groups the outlines by colour into Path2D objects (slide pixels). Built once per change
 * of the annotations, not per frame. `skipId` (the shape being edited) is left out.
 */
export function buildBatches(
  items: readonly Drawable[],
  skipId: string | null,
  makePath: () => Path2D = () => new Path2D(),
): Batches {
  const layers = new Map<string, Layer>();
  const batches: Batches = { layers: [], points: [], arrows: [], texts: [] };
  const layer = (colour: string): Layer => {
    let l = layers.get(colour);
    if (!l) {
      l = {
        colour,
        lines: makePath(),
        areas: makePath(),
        hasLines: false,
        hasAreas: false,
      };
      layers.set(colour, l);
    }
    return l;
  };
  for (const item of items) {
    if (item.id === skipId) continue;
    const g = item.geometry;
    if (item.kind === 'text' && g.type === 'point') {
      batches.texts.push({ at: g.point, text: item.text, colour: item.colour });
      continue;
    }
    if (g.type === 'point') {
      batches.points.push({ at: g.point, colour: item.colour });
      continue;
    }
    if (g.type === 'multipoint') {
      for (const at of g.points) batches.points.push({ at, colour: item.colour });
      continue;
    }
    const l = layer(item.colour);
    if (g.type === 'polyline') {
      tracePath(l.lines, g);
      l.hasLines = true;
      const from = g.points[g.points.length - 2];
      const to = g.points[g.points.length - 1];
      if (item.kind === 'arrow' && from && to)
        batches.arrows.push({ from, to, colour: item.colour });
    } else {
      tracePath(l.areas, g);
      l.hasAreas = true;
    }
  }
  batches.layers = [...layers.values()];
  return batches;
}

function scaled(m: Matrix, k: number): Matrix {
  return [m[0] * k, m[1] * k, m[2] * k, m[3] * k, m[4] * k, m[5] * k];
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

/**
 * One frame: clears the canvas and draws everything. `dpr` is the canvas's device pixels
 * per CSS pixel; `width`/`height` its size in CSS pixels.
 */
export function drawScene(
  ctx: Ctx,
  scene: Scene,
  batches: Batches,
  t: ViewTransform,
  size: { width: number; height: number; dpr: number },
): void {
  const { width, height, dpr } = size;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';

  // Outlines and areas: one fill and one stroke per colour, in slide pixels.
  ctx.save();
  ctx.setTransform(...scaled(t.matrix, dpr));
  const w = LINE_PX / t.scale;
  for (const l of batches.layers) {
    if (l.hasAreas) {
      ctx.globalAlpha = FILL_ALPHA;
      ctx.fillStyle = l.colour;
      // Non-zero: shapes of one class overlapping stay tinted; holes (wound the other way,
      // as GeoJSON rings are) stay clear.
      (ctx as CanvasRenderingContext2D).fill(l.areas, 'nonzero');
      ctx.globalAlpha = 1;
      strokeTwice(ctx, l.colour, w, () => (ctx as CanvasRenderingContext2D).stroke(l.areas));
    }
    if (l.hasLines)
      strokeTwice(ctx, l.colour, w, () => (ctx as CanvasRenderingContext2D).stroke(l.lines));
  }
  ctx.restore();
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

  // Points: markers of one size on screen, batched by colour.
  const byColour = new Map<string, ScreenPoint[]>();
  for (const p of batches.points) {
    const s = t.toScreen(p.at);
    if (!inView(s, width, height, POINT_RADIUS_PX)) continue;
    let list = byColour.get(p.colour);
    if (!list) byColour.set(p.colour, (list = []));
    list.push(s);
  }
  for (const [colour, list] of byColour) {
    ctx.beginPath();
    for (const s of list) {
      ctx.moveTo(s.x + POINT_RADIUS_PX, s.y);
      ctx.arc(s.x, s.y, POINT_RADIUS_PX, 0, 2 * Math.PI);
    }
    ctx.fillStyle = colour;
    ctx.fill();
    ctx.strokeStyle = HALO;
    ctx.lineWidth = 1.5;
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
