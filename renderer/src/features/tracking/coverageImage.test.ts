import { describe, expect, it } from 'vitest';
import { bucketOf } from '../../../../electron/common/tracking/grid';
import { COVERAGE_COLOURS, coveragePixels } from './coverageImage';

const pixel = (img: ReturnType<typeof coveragePixels>, x: number, y: number) => [
  ...img.data.slice((y * img.width + x) * 4, (y * img.width + x) * 4 + 4),
];

describe('coverage picture', () => {
  it('tints what was seen at 20× and at 10×, and outlines the tissue not yet seen', () => {
    // 3 × 1 cells: seen at 20×, seen at 10×, tissue not seen; scale 4.
    const img = coveragePixels(
      {
        cols: 3,
        rows: 1,
        grid: Uint8Array.from([bucketOf(20), bucketOf(10), bucketOf(5)]),
        tissue: Uint8Array.from([1, 1, 1]),
      },
      4,
    );
    expect([img.width, img.height]).toEqual([12, 4]);
    expect(pixel(img, 1, 1)).toEqual([...COVERAGE_COLOURS.seen20]);
    expect(pixel(img, 5, 1)).toEqual([...COVERAGE_COLOURS.seen10]);
    // The unseen cell: its border is orange, its inside clear.
    expect(pixel(img, 8, 0)).toEqual([...COVERAGE_COLOURS.outline]);
    expect(pixel(img, 11, 3)).toEqual([...COVERAGE_COLOURS.outline]);
    expect(pixel(img, 9, 1)).toEqual([0, 0, 0, 0]);
  });

  it('does not tint glass, even seen', () => {
    const img = coveragePixels(
      {
        cols: 2,
        rows: 1,
        grid: Uint8Array.from([bucketOf(40), bucketOf(40)]),
        tissue: Uint8Array.from([1, 0]),
      },
      2,
    );
    expect(pixel(img, 0, 0)).toEqual([...COVERAGE_COLOURS.seen20]);
    expect(pixel(img, 3, 1)).toEqual([0, 0, 0, 0]);
  });

  it('outlines the edge of an unseen region only, and never glass', () => {
    const img = coveragePixels(
      { cols: 3, rows: 1, grid: new Uint8Array(3), tissue: Uint8Array.from([1, 1, 0]) },
      4,
    );
    // Between the two unseen tissue cells there is no line; the glass cell stays clear.
    expect(pixel(img, 3, 1)).toEqual([0, 0, 0, 0]);
    expect(pixel(img, 4, 1)).toEqual([0, 0, 0, 0]);
    expect(pixel(img, 7, 1)).toEqual([...COVERAGE_COLOURS.outline]);
    expect(pixel(img, 9, 1)).toEqual([0, 0, 0, 0]);
    expect(pixel(img, 8, 0)).toEqual([0, 0, 0, 0]);
  });
});
