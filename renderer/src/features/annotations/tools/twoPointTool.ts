/**
 * Line (ruler), arrow, rectangle and ellipse: shapes given by two points. Drag from one to
 * the other, or click one then click the other (the shape follows the pointer between the
 * clicks). Shift keeps lines at multiples of 45° and boxes square. A shape smaller than the
 * hit tolerance is a slip of the hand, not an annotation: nothing is created.
 */
import type { SlidePoint } from '../geometry';
import { distance } from '../geometry';
import type { Shape } from '../shapes';
import { boxGeometry, snapAngle, squareFrom } from '../shapes';
import type { Effect, Phase, Preview, Tool, ToolContext, ToolEvent } from './types';

type TwoPointKind = 'line' | 'arrow' | 'rectangle' | 'ellipse';

function shapeOf(kind: TwoPointKind, from: SlidePoint, to: SlidePoint): Shape {
  return kind === 'line' || kind === 'arrow'
    ? { kind, geometry: { type: 'polyline', points: [from, to] } }
    : { kind, geometry: boxGeometry(kind, from, to) };
}

export class TwoPointTool implements Tool {
  phase: Phase = 'idle';
  private from: SlidePoint | null = null;
  private to: SlidePoint | null = null;
  /** Drawing by dragging (released = done), else by two clicks. */
  private dragging = false;

  constructor(readonly id: TwoPointKind) {}

  wantsPress(): boolean {
    return true;
  }

  private constrain(from: SlidePoint, to: SlidePoint, shift: boolean | undefined): SlidePoint {
    if (!shift) return to;
    return this.id === 'line' || this.id === 'arrow' ? snapAngle(from, to) : squareFrom(from, to);
  }

  private finish(ctx: ToolContext): Effect[] {
    const { from, to } = this;
    this.cancel();
    if (!from || !to || distance(from, to) <= ctx.tolerance) return [];
    return [{ type: 'create', shape: shapeOf(this.id, from, to), purpose: 'annotate' }];
  }

  send(e: ToolEvent, ctx: ToolContext): Effect[] {
    switch (e.type) {
      case 'down':
        if (this.phase === 'idle') {
          this.phase = 'pointing';
          this.from = e.point;
          this.to = e.point;
          return [];
        }
        if (this.phase === 'drawing' && !this.dragging && this.from) {
          // Second click of the two-click way.
          this.to = this.constrain(this.from, e.point, e.shift);
          if (distance(this.from, this.to) > ctx.tolerance) return this.finish(ctx);
        }
        return [];
      case 'move':
        if (!this.from) return [];
        if (this.phase === 'pointing' && distance(this.from, e.point) > ctx.tolerance) {
          this.phase = 'drawing';
          this.dragging = true;
        }
        if (this.phase === 'drawing') this.to = this.constrain(this.from, e.point, e.shift);
        return [];
      case 'up':
        if (this.phase === 'pointing') {
          // A click: the second point comes with the next click.
          this.phase = 'drawing';
          this.dragging = false;
          return [];
        }
        if (this.phase === 'drawing' && this.dragging && this.from) {
          this.to = this.constrain(this.from, e.point, e.shift);
          return this.finish(ctx);
        }
        return [];
      case 'key':
        if (e.key === 'Escape') this.cancel();
        return [];
      default:
        return [];
    }
  }

  preview(): Preview | null {
    if (this.phase !== 'drawing' || !this.from || !this.to) return null;
    return { shape: shapeOf(this.id, this.from, this.to) };
  }

  cancel(): void {
    this.phase = 'idle';
    this.from = null;
    this.to = null;
    this.dragging = false;
  }
}
