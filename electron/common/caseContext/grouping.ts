/**
 * Slides grouped the way the laboratory cut them: parts, then blocks, then slides. Pure.
 *
 * A slide's block comes from its source (case.json, DICOM specimen description); only when
 * the source does not say is it read from the slide's label ("A1-HE", "A1 HE", "B12_Ki67"),
 * and a label that does not start with a block stays unplaced rather than guessed.
 */
import { stainKind } from '../stains';
import type { Block, CaseContext, Part } from './model';
import { BLOCK_ID_PATTERN } from './model';

/** A leading block id followed by a separator or the end: "A1-HE", "A1 RE", "B12_Ki67", "C1". */
const LABEL_BLOCK = /^([A-Z]{1,3}\d{1,3})(?=$|[\s_\-.:/])/;

/**
 * The block a label names at its start ("A1-HE" → "A1"), or null. A stain name of the same
 * shape ("CD20", "CK7") is a stain, not block 20 of part CD.
 */
export function blockFromLabel(label: string): string | null {
  const m = LABEL_BLOCK.exec(label.trim());
  return m && stainKind(m[1]!) === 'other' ? m[1]! : null;
}

/** The part of a block id ("B12" → "B"). */
export function partOfBlock(block: string): string {
  return block.replace(/\d+$/, '');
}

export interface GroupableSlide {
  label: string;
  block?: string | null | undefined;
}

export interface BlockGroup<S> {
  block: Block;
  slides: S[];
}

export interface PartGroup<S> {
  part: Part;
  blocks: BlockGroup<S>[];
}

export interface SlideGroups<S> {
  parts: PartGroup<S>[];
  /** Slides whose block is not known (kept in their order, shown after the parts). */
  unplaced: S[];
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** The slide's block: as its source gives it when well-formed, else from its label. */
export function blockOf(slide: GroupableSlide): string | null {
  const given = slide.block?.trim().toUpperCase();
  if (given && BLOCK_ID_PATTERN.test(given)) return given;
  return blockFromLabel(slide.label);
}

/**
 * Groups slides by part and block. Parts and blocks the context lists come in its order
 * (with their descriptions), even when they hold no slide yet (a block still being cut);
 * blocks only the slides name are added after them, in natural order ("A2" before "A10").
 */
export function groupSlides<S extends GroupableSlide>(
  slides: readonly S[],
  context: Pick<CaseContext, 'parts' | 'blocks'>,
): SlideGroups<S> {
  const parts = new Map<string, PartGroup<S>>();
  const blocks = new Map<string, BlockGroup<S>>();
  const partGroup = (id: string): PartGroup<S> => {
    let g = parts.get(id);
    if (!g) {
      g = { part: { id, description: '' }, blocks: [] };
      parts.set(id, g);
    }
    return g;
  };
  const blockGroup = (block: Block): BlockGroup<S> => {
    let g = blocks.get(block.id);
    if (!g) {
      g = { block, slides: [] };
      blocks.set(block.id, g);
      partGroup(block.part).blocks.push(g);
    }
    return g;
  };
  for (const p of context.parts) partGroup(p.id).part = p;
  for (const b of context.blocks) blockGroup(b);
  const named = new Set(blocks.keys());
  const unplaced: S[] = [];
  for (const s of slides) {
    const id = blockOf(s);
    if (id === null) unplaced.push(s);
    else blockGroup({ id, part: partOfBlock(id), description: '' }).slides.push(s);
  }
  const listedParts = new Set(context.parts.map((p) => p.id));
  const ordered = [...parts.values()].sort((a, b) => {
    const la = listedParts.has(a.part.id);
    const lb = listedParts.has(b.part.id);
    if (la !== lb) return la ? -1 : 1;
    return la ? 0 : collator.compare(a.part.id, b.part.id);
  });
  for (const p of ordered) {
    p.blocks.sort((a, b) => {
      const na = named.has(a.block.id);
      const nb = named.has(b.block.id);
      if (na !== nb) return na ? -1 : 1;
      return na ? 0 : collator.compare(a.block.id, b.block.id);
    });
  }
  return { parts: ordered, unplaced };
}

/** Every block of the case (listed or named by a slide), for the request dialog. */
export function allBlocks<S extends GroupableSlide>(
  slides: readonly S[],
  context: Pick<CaseContext, 'parts' | 'blocks'>,
): Block[] {
  return groupSlides(slides, context).parts.flatMap((p) => p.blocks.map((b) => b.block));
}
