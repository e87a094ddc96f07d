/**
 * What every drawing tool speaks. A tool is a small state machine in plain TypeScript
 * (idle → pointing → drawing → editing, the way tldraw builds its tools): it receives
 * pointer events already converted to slide pixels and answers with effects, which the
 * annotation controller turns into engine calls and undo history. No DOM, no viewer: the
 * tests feed events and read effects.
 */
import { ANNOTATION_KINDS } from '../../../../../electron/common/annotations/model';
import type { SlidePoint } from '../geometry';
import type { Hittable } from '../hitTest';
import type { Shape } from '../shapes';

/** Every kind of annotation has its drawing tool; select and count draw none of their own. */
export const TOOL_IDS = ['select', ...ANNOTATION_KINDS, 'count'] as const;
export type ToolId = (typeof TOOL_IDS)[number];

export type Phase = 'idle' | 'pointing' | 'drawing' | 'editing';

export type ToolEvent =
  | { type: 'down'; point: SlidePoint; shift?: boolean }
  | { type: 'move'; point: SlidePoint; shift?: boolean }
  | { type: 'up'; point: SlidePoint; shift?: boolean }
  /** A click the tool did not capture (the viewer got the press, and it did not pan). */
  | { type: 'click'; point: SlidePoint }
  | { type: 'doubleClick'; point: SlidePoint }
  | { type: 'key'; key: 'Escape' | 'Enter' | 'Backspace' };

/** Why a shape is made: an annotation of the current class, a counted object, a counting area. */
export type Purpose = 'annotate' | 'count' | 'countArea';

export type Effect =
  | { type: 'create'; shape: Shape; purpose: Purpose }
  /** `change`: moved as a whole, or a vertex edited (the undo step says which). */
  | { type: 'update'; id: string; shape: Shape; change: 'move' | 'edit' }
  | { type: 'select'; id: string | null }
  /** The text tool asks the user for the note's text, to be placed at `at`. */
  | { type: 'askText'; at: SlidePoint };

export interface ToolContext {
  /** How close (slide pixels) counts as "on" a shape, from a fixed size on screen. */
  readonly tolerance: number;
  /** The selected annotation, if any. */
  readonly selected: Hittable | null;
  /** The annotation under a point, if any. */
  hit(p: SlidePoint): string | null;
}

/** A shape being drawn or edited, drawn over the stored ones (with `id`: in place of it). */
export interface Preview {
  readonly shape: Shape;
  readonly id?: string;
}

export interface Tool {
  readonly id: ToolId;
  readonly phase: Phase;
  /** Whether a press at `p` belongs to the tool; if not, the viewer pans as usual. */
  wantsPress(p: SlidePoint, ctx: ToolContext): boolean;
  send(e: ToolEvent, ctx: ToolContext): Effect[];
  preview(): Preview | null;
  /** Drops whatever is in progress (tool switch, slide switch). */
  cancel(): void;
}
