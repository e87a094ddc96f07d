import { describe, expect, it } from 'vitest';
import { requestItems } from './requestItems';

describe('requestItems', () => {
  it('crosses the chosen blocks with the chosen stains, recut and levels', () => {
    expect(
      requestItems({ blocks: ['A1', 'B2'], stains: ['HER2', 'Ki-67'], recut: false, level: true }),
    ).toEqual([
      { block: 'A1', kind: 'stain', stain: 'HER2' },
      { block: 'A1', kind: 'stain', stain: 'Ki-67' },
      { block: 'A1', kind: 'level' },
      { block: 'B2', kind: 'stain', stain: 'HER2' },
      { block: 'B2', kind: 'stain', stain: 'Ki-67' },
      { block: 'B2', kind: 'level' },
    ]);
  });

  it('asks nothing without a block or without anything to do', () => {
    expect(requestItems({ blocks: [], stains: ['HER2'], recut: true, level: true })).toEqual([]);
    expect(requestItems({ blocks: ['A1'], stains: [], recut: false, level: false })).toEqual([]);
  });
});
