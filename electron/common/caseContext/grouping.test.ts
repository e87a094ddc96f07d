import { describe, expect, it } from 'vitest';
import { allBlocks, blockFromLabel, blockOf, groupSlides, partOfBlock } from './grouping';

describe('blockFromLabel', () => {
  it('reads a leading block id followed by a separator or the end', () => {
    expect(blockFromLabel('A1-HE')).toBe('A1');
    expect(blockFromLabel('A1 RE')).toBe('A1');
    expect(blockFromLabel('B12_Ki67')).toBe('B12');
    expect(blockFromLabel('  C3')).toBe('C3');
    expect(blockFromLabel('AB2.PAS')).toBe('AB2');
  });

  it('does not guess from labels that do not start with a block', () => {
    expect(blockFromLabel('HE')).toBeNull();
    expect(blockFromLabel('Ki67')).toBeNull();
    expect(blockFromLabel('CD20')).toBeNull(); // two letters then digits glued to a stain name
    expect(blockFromLabel('a1-HE')).toBeNull();
    expect(blockFromLabel('slide 1')).toBeNull();
    expect(blockFromLabel('A1HE')).toBeNull();
  });
});

describe('blockOf and partOfBlock', () => {
  it('prefers the block the source gives, then the label', () => {
    expect(blockOf({ label: 'A1-HE', block: 'B2' })).toBe('B2');
    expect(blockOf({ label: 'A1-HE', block: ' b2 ' })).toBe('B2');
    expect(blockOf({ label: 'A1-HE', block: 'not a block' })).toBe('A1');
    expect(blockOf({ label: 'HE', block: null })).toBeNull();
    expect(partOfBlock('B12')).toBe('B');
    expect(partOfBlock('AA3')).toBe('AA');
  });
});

describe('groupSlides', () => {
  const context = {
    parts: [
      { id: 'B', description: 'Ganglion sentinelle' },
      { id: 'A', description: 'Tumorectomie' },
    ],
    blocks: [
      { id: 'A2', part: 'A', description: 'Berge profonde' },
      { id: 'A1', part: 'A', description: 'Tumeur' },
      { id: 'B1', part: 'B', description: '' },
    ],
  };

  it('keeps the listed order of parts and blocks, slides under their block, in their order', () => {
    const slides = [
      { label: 'A1 HE', block: 'A1', n: 1 },
      { label: 'B1 HE', block: 'B1', n: 2 },
      { label: 'A1 RE', block: 'A1', n: 3 },
      { label: 'A2 HE', block: null, n: 4 },
    ];
    const g = groupSlides(slides, context);
    expect(g.parts.map((p) => p.part.id)).toEqual(['B', 'A']);
    expect(g.parts[1]!.part.description).toBe('Tumorectomie');
    expect(g.parts[1]!.blocks.map((b) => [b.block.id, b.slides.map((s) => s.n)])).toEqual([
      ['A2', [4]],
      ['A1', [1, 3]],
    ]);
    expect(g.parts[0]!.blocks[0]!.slides.map((s) => s.n)).toEqual([2]);
    expect(g.unplaced).toEqual([]);
  });

  it('adds blocks and parts only slides name, in natural order, after the listed ones', () => {
    const slides = [
      { label: 'A10 HE' },
      { label: 'C1 HE' },
      { label: 'A3 HE' },
      { label: 'HE' },
      { label: 'A1-PAS' },
    ];
    const g = groupSlides(slides, context);
    expect(g.parts.map((p) => p.part.id)).toEqual(['B', 'A', 'C']);
    expect(g.parts[1]!.blocks.map((b) => b.block.id)).toEqual(['A2', 'A1', 'A3', 'A10']);
    expect(g.parts[2]!.part.description).toBe('');
    expect(g.unplaced.map((s) => s.label)).toEqual(['HE']);
    expect(allBlocks(slides, context).map((b) => b.id)).toEqual([
      'B1',
      'A2',
      'A1',
      'A3',
      'A10',
      'C1',
    ]);
  });

  it('with no context and no block in the labels, every slide is unplaced', () => {
    const g = groupSlides([{ label: 'HE' }, { label: 'slide 2' }], { parts: [], blocks: [] });
    expect(g.parts).toEqual([]);
    expect(g.unplaced).toHaveLength(2);
  });
});
