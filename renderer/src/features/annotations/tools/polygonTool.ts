/**
 * Polygon: each click adds a vertex; the next edge follows the pointer. Double-click,
 * Enter, or a click on the first vertex closes it (three vertices at least); Backspace
 * removes the last vertex; Esc drops the polygon.
 */
import type { SlidePoint } from '../geometry';
import { distance } from '../geometry';
import type { Effect, Phase, Preview, Tool, ToolContext, ToolEvent } from './types';

export class PolygonTool implements Tool {
  readonly id = 'polygon';
  phase: Phase = 'idle';
  private points: SlidePoint[] = [];
  private cursor: SlidePoint | null = null;

  wantsPress(): boolean {
    return true;
  }

  private close(): Effect[] {
    const points = this.points;
    this.cancel();
    if (points.length < 3) return [];
    return [
      {
        type: 'create',
        shape: { kind: 'polygon', geometry: { type: 'polygon', rings: [points] } },
        purpose: 'annotate',
      },
    ];
  }

  send(e: ToolEvent, ctx: ToolContext): Effect[] {
    switch (e.type) {
      case 'down': {
        const first = this.points[0];
        const last = this.points[this.points.length - 1];
        if (first && this.points.length >= 3 && distance(first, e.point) <= ctx.tolerance) {
          return this.close();
        }
        // The second press of a double-click lands on the vertex just added.
        if (last && distance(last, e.point) <= ctx.tolerance) return [];
        this.points = [...this.points, e.point];
        this.cursor = e.point;
        this.phase = 'drawing';
        return [];
      }
      case 'move':
        if (this.phase === 'drawing') this.cursor = e.point;
        return [];
      case 'doubleClick':
        return this.phase === 'drawing' ? this.close() : [];
      case 'key':
        if (e.key === 'Escape') this.cancel();
        else if (e.key === 'Enter' && this.phase === 'drawing') return this.close();
        else if (e.key === 'Backspace' && this.phase === 'drawing') {
          this.points = this.points.slice(0, -1);
          if (this.points.length === 0) this.cancel();
        }
        return [];
      default:
        return [];
    }
  }

  /** Whether Enter, Backspace and Esc mean something to the tool right now. */
  get busy(): boolean {
    return this.phase !== 'idle';
  }

  preview(): Preview | null {
    if (this.phase !== 'drawing') return null;
    const last = this.points[this.points.length - 1];
    const points =
      this.cursor && last && (this.cursor.x !== last.x || this.cursor.y !== last.y)
        ? [...this.points, this.cursor]
        : this.points;
    // Two vertices and the pointer are a line until the third click makes an area.
    return points.length < 3
      ? {
          shape: {
            kind: 'line',
            geometry: {
              type: 'polyline',
              points: points.length > 1 ? points : [...points, ...points],
            },
          },
        }
      : { shape: { kind: 'polygon', geometry: { type: 'polygon', rings: [points] } } };
  }

  cancel(): void {
    this.phase = 'idle';
    this.points = [];
    this.cursor = null;
  }
}
