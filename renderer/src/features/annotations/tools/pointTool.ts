/**
 * Point: press and release places a point where the button was released. Also the text
 * note tool, which asks for the text instead of creating at once.
 */
import type { SlidePoint } from '../geometry';
import type { Effect, Phase, Preview, Tool, ToolEvent } from './types';

export class PointTool implements Tool {
  phase: Phase = 'idle';
  private at: SlidePoint | null = null;

  constructor(readonly id: 'point' | 'text') {}

  wantsPress(): boolean {
    return true;
  }

  send(e: ToolEvent): Effect[] {
    switch (e.type) {
      case 'down':
        this.phase = 'pointing';
        this.at = e.point;
        return [];
      case 'move':
        if (this.phase === 'pointing') this.at = e.point;
        return [];
      case 'up': {
        if (this.phase !== 'pointing') return [];
        this.cancel();
        return this.id === 'text'
          ? [{ type: 'askText', at: e.point }]
          : [
              {
                type: 'create',
                shape: { kind: 'point', geometry: { type: 'point', point: e.point } },
                purpose: 'annotate',
              },
            ];
      }
      case 'key':
        if (e.key === 'Escape') this.cancel();
        return [];
      default:
        return [];
    }
  }

  preview(): Preview | null {
    return this.at && this.id === 'point'
      ? { shape: { kind: 'point', geometry: { type: 'point', point: this.at } } }
      : null;
  }

  cancel(): void {
    this.phase = 'idle';
    this.at = null;
  }
}
