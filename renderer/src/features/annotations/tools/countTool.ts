/**
 * Counting: a click marks one object of the counting class (a mitosis, say); a drag draws
 * the rectangle to count in. The counts, the area and the densities come from the
 * annotations themselves (counting.ts), so undo, move and delete keep them right.
 */
import type { SlidePoint } from '../geometry';
import { distance } from '../geometry';
import { boxGeometry } from '../shapes';
import type { Effect, Phase, Preview, Tool, ToolContext, ToolEvent } from './types';

export class CountTool implements Tool {
  readonly id = 'count';
  phase: Phase = 'idle';
  private from: SlidePoint | null = null;
  private to: SlidePoint | null = null;

  wantsPress(): boolean {
    return true;
  }

  send(e: ToolEvent, ctx: ToolContext): Effect[] {
    switch (e.type) {
      case 'down':
        this.phase = 'pointing';
        this.from = e.point;
        this.to = e.point;
        return [];
      case 'move':
        if (!this.from) return [];
        if (this.phase === 'pointing' && distance(this.from, e.point) > ctx.tolerance) {
          this.phase = 'drawing';
        }
        this.to = e.point;
        return [];
      case 'up': {
        const { from, phase } = this;
        this.cancel();
        if (!from) return [];
        if (phase === 'pointing') {
          return [
            {
              type: 'create',
              shape: { kind: 'point', geometry: { type: 'point', point: from } },
              purpose: 'count',
            },
          ];
        }
        if (phase === 'drawing' && distance(from, e.point) > ctx.tolerance) {
          return [
            {
              type: 'create',
              shape: { kind: 'rectangle', geometry: boxGeometry('rectangle', from, e.point) },
              purpose: 'countArea',
            },
          ];
        }
        return [];
      }
      case 'key':
        if (e.key === 'Escape') this.cancel();
        return [];
      default:
        return [];
    }
  }

  preview(): Preview | null {
    if (this.phase !== 'drawing' || !this.from || !this.to) return null;
    return { shape: { kind: 'rectangle', geometry: boxGeometry('rectangle', this.from, this.to) } };
  }

  cancel(): void {
    this.phase = 'idle';
    this.from = null;
    this.to = null;
  }
}
