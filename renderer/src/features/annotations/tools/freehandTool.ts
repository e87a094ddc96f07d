/**
 * Freehand (lasso): press, draw around the region, release; the outline closes itself.
 * Mouse samples closer together than a fraction of the tolerance are dropped while drawing,
 * and the outline is simplified on release (Ramer–Douglas–Peucker), so a stroke is stored as
 * the vertices that make its shape, at the precision it was drawn with.
 */
import type { SlidePoint } from '../geometry';
import { distance } from '../geometry';
import { boundsOf } from '../../../../../electron/common/annotations/geometry';
import { simplify } from '../shapes';
import type { Effect, Phase, Preview, Tool, ToolContext, ToolEvent } from './types';

/**
 * Samples closer than tolerance / SAMPLE_DIVISOR are dropped, and the outline is simplified
 * to the same precision: with the 12 px hit tolerance, one screen pixel at the zoom it was
 * drawn at (a lasso of 40 px radius keeps about 14 vertices, not an octagon).
 */
const SAMPLE_DIVISOR = 12;

export class FreehandTool implements Tool {
  readonly id = 'freehand';
  phase: Phase = 'idle';
  private points: SlidePoint[] = [];

  wantsPress(): boolean {
    return true;
  }

  send(e: ToolEvent, ctx: ToolContext): Effect[] {
    const step = ctx.tolerance / SAMPLE_DIVISOR;
    switch (e.type) {
      case 'down':
        this.phase = 'drawing';
        this.points = [e.point];
        return [];
      case 'move': {
        const last = this.points[this.points.length - 1];
        if (this.phase === 'drawing' && last && distance(last, e.point) >= step) {
          this.points.push(e.point);
        }
        return [];
      }
      case 'up': {
        if (this.phase !== 'drawing') return [];
        const last = this.points[this.points.length - 1];
        if (last && distance(last, e.point) > 0) this.points.push(e.point);
        const points = simplify(this.points, step);
        this.cancel();
        if (points.length < 3) return [];
        const geometry = { type: 'polygon' as const, rings: [points] };
        const box = boundsOf(geometry);
        if (Math.max(box.maxX - box.minX, box.maxY - box.minY) <= ctx.tolerance) return [];
        return [{ type: 'create', shape: { kind: 'freehand', geometry }, purpose: 'annotate' }];
      }
      case 'key':
        if (e.key === 'Escape') this.cancel();
        return [];
      default:
        return [];
    }
  }

  preview(): Preview | null {
    return this.phase === 'drawing' && this.points.length > 1
      ? {
          shape: {
            kind: 'freehand',
            geometry: { type: 'polyline', points: [...this.points] },
          },
        }
      : null;
  }

  cancel(): void {
    this.phase = 'idle';
    this.points = [];
  }
}
