/** The items of a stain request from the dialog's choices. Pure. */
import type { StainRequestItem } from '../../../../electron/common/caseContext/model';

export interface RequestChoices {
  blocks: readonly string[];
  stains: readonly string[];
  recut: boolean;
  level: boolean;
}

/** Every chosen stain, then a recut, then levels, on every chosen block (blocks in order). */
export function requestItems(c: RequestChoices): StainRequestItem[] {
  return c.blocks.flatMap((block) => [
    ...c.stains.map((stain) => ({ block, kind: 'stain' as const, stain })),
    ...(c.recut ? [{ block, kind: 'recut' as const }] : []),
    ...(c.level ? [{ block, kind: 'level' as const }] : []),
  ]);
}
