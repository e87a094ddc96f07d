/**
 * Select: a click picks the annotation under the pointer (or none). On the selected
 * annotation, dragging a vertex handle edits that vertex and dragging the shape moves it;
 * anywhere else the press goes to the viewer, which pans as usual, so a large tumour
 * region never gets in the way of moving around the slide.
 */
import type { SlidePoint } from '../geometry';
import { distance } from '../geometry';
import { hitHandle, onShape } from '../hitTest';
import type { Shape } from '../shapes';
import { moveHandle, moveShape } from '../shapes';
import type { Effect, Phase, Preview, Tool, ToolContext, ToolEvent } from './types';

/** Just the kind and geometry of an annotation (what an update carries). */
const shapeOf = (s: Shape): Shape => ({ kind: s.kind, geometry: s.geometry });

type Edit =
  | { mode: 'move'; id: string; original: Shape; start: SlidePoint; current: Shape }
  | { mode: 'vertex'; id: string; original: Shape; index: number; current: Shape };

export class SelectTool implements Tool {
  readonly id = 'select';
  phase: Phase = 'idle';
  private edit: Edit | null = null;
  private pressedAt: SlidePoint | null = null;

  wantsPress(p: SlidePoint, ctx: ToolContext): boolean {
    const s = ctx.selected;
    return s !== null && (hitHandle(s, p, ctx.tolerance) !== null || onShape(s, p, ctx.tolerance));
  }

  send(e: ToolEvent, ctx: ToolContext): Effect[] {
    const s = ctx.selected;
    switch (e.type) {
      case 'down': {
        if (!s) return [];
        const original = shapeOf(s);
        const handle = hitHandle(s, e.point, ctx.tolerance);
        if (handle !== null) {
          this.phase = 'editing';
          this.edit = {
            mode: 'vertex',
            id: s.id,
            original,
            index: handle,
            current: original,
          };
          return [];
        }
        if (onShape(s, e.point, ctx.tolerance)) {
          this.phase = 'pointing';
          this.pressedAt = e.point;
          this.edit = {
            mode: 'move',
            id: s.id,
            original,
            start: e.point,
            current: original,
          };
        }
        return [];
      }
      case 'move': {
        const edit = this.edit;
        if (!edit) return [];
        if (this.phase === 'pointing' && this.pressedAt) {
          if (distance(this.pressedAt, e.point) <= ctx.tolerance) return [];
          this.phase = 'editing';
        }
        if (edit.mode === 'move') {
          edit.current = moveShape(
            edit.original,
            e.point.x - edit.start.x,
            e.point.y - edit.start.y,
          );
        } else {
          edit.current = moveHandle(edit.original, edit.index, e.point);
        }
        return [];
      }
      case 'up': {
        const { edit, phase } = this;
        this.cancel();
        if (phase === 'pointing') return [{ type: 'select', id: ctx.hit(e.point) }];
        if (phase === 'editing' && edit && edit.current !== edit.original) {
          return [
            {
              type: 'update',
              id: edit.id,
              shape: edit.current,
              change: edit.mode === 'move' ? 'move' : 'edit',
            },
          ];
        }
        return [];
      }
      case 'click':
        return [{ type: 'select', id: ctx.hit(e.point) }];
      case 'key':
        if (e.key === 'Escape') this.cancel();
        return [];
      default:
        return [];
    }
  }

  preview(): Preview | null {
    return this.phase === 'editing' && this.edit
      ? { id: this.edit.id, shape: this.edit.current }
      : null;
  }

  cancel(): void {
    this.phase = 'idle';
    this.edit = null;
    this.pressedAt = null;
  }
}
