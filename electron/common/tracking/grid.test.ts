import { describe, expect, it } from 'vitest';
import {
  belowThreshold,
  bucketAtLeast,
  bucketOf,
  coverageFractions,
  emptyGrid,
  gridShape,
  markRect,
  mergeInto,
} from './grid';

describe('coverage grid', () => {
  it('has 256 cells on the long side and keeps the slide proportions', () => {
    expect(gridShape(20_000, 6_000)).toEqual({ cols: 256, rows: 77 });
    expect(gridShape(3_000, 10_000)).toEqual({ cols: 77, rows: 256 });
    expect(gridShape(100_000, 10)).toEqual({ cols: 256, rows: 1 });
    expect(() => gridShape(0, 10)).toThrow(/positive/);
  });

  it('buckets magnifications, with a 2 % tolerance below a bound', () => {
    expect(bucketOf(1.25)).toBe(1);
    expect(bucketOf(9.5)).toBe(3);
    expect(bucketOf(9.85)).toBe(4);
    expect(bucketOf(10)).toBe(4);
    expect(bucketOf(19.7)).toBe(5);
    expect(bucketOf(80)).toBe(6);
    expect(bucketAtLeast(10)).toBe(4);
    expect(bucketAtLeast(20)).toBe(5);
  });

  it('marks the cells whose centre is in view, keeping the highest magnification', () => {
    const grid = emptyGrid({ cols: 10, rows: 5 });
    // Slide 1000 × 500: cells of 100 px. x 150-450 holds centres 150..350 (cols 1-3).
    expect(markRect(grid, 1000, 500, { x: 150, y: 0, width: 300, height: 160 }, 10)).toBe(6);
    expect(grid.cells[1]).toBe(4);
    expect(grid.cells[3 + 10]).toBe(4);
    expect(grid.cells[4]).toBe(0);
    expect(grid.cells[0]).toBe(0);
    expect(grid.cells[2 * 10 + 1]).toBe(0);
    // A lower magnification does not lower what was seen; a higher one raises it.
    expect(markRect(grid, 1000, 500, { x: 0, y: 0, width: 1000, height: 500 }, 2)).toBe(44);
    expect(grid.cells[1]).toBe(4);
    expect(markRect(grid, 1000, 500, { x: 100, y: 0, width: 100, height: 100 }, 40)).toBe(1);
    expect(grid.cells[1]).toBe(6);
  });

  it('marks the cell under the centre of a view smaller than a cell, and nothing off the slide', () => {
    const grid = emptyGrid({ cols: 10, rows: 5 });
    expect(markRect(grid, 1000, 500, { x: 420, y: 210, width: 20, height: 20 }, 40)).toBe(1);
    expect(grid.cells[2 * 10 + 4]).toBe(6);
    expect(markRect(grid, 1000, 500, { x: -500, y: -500, width: 100, height: 100 }, 40)).toBe(0);
    expect(markRect(grid, 1000, 500, { x: 2000, y: 0, width: 900, height: 900 }, 40)).toBe(0);
    expect(grid.cells.reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('merges two grids cell by cell and refuses grids of different shapes', () => {
    const a = emptyGrid({ cols: 3, rows: 1 });
    const b = emptyGrid({ cols: 3, rows: 1 });
    a.cells.set([1, 5, 0]);
    b.cells.set([4, 2, 0]);
    expect(mergeInto(a, b)).toBe(1);
    expect([...a.cells]).toEqual([4, 5, 0]);
    expect(() => mergeInto(a, emptyGrid({ cols: 1, rows: 3 }))).toThrow(/shape/);
  });

  it('counts the fractions of tissue seen at 10× and 20×, over the whole slide without tissue', () => {
    const grid = emptyGrid({ cols: 4, rows: 1 });
    grid.cells.set([5, 4, 2, 6]);
    const mask = Uint8Array.from([1, 1, 1, 0]);
    expect(coverageFractions(grid, mask)).toEqual({ seen10: 2 / 3, seen20: 1 / 3, tissueCells: 3 });
    expect(coverageFractions(grid, null)).toEqual({ seen10: 3 / 4, seen20: 2 / 4, tissueCells: 4 });
    expect(coverageFractions(grid, new Uint8Array(4))).toEqual({
      seen10: 3 / 4,
      seen20: 2 / 4,
      tissueCells: 4,
    });
  });

  it('compares with the threshold as the whole percent shown', () => {
    expect(belowThreshold(0.796, 80)).toBe(false);
    expect(belowThreshold(0.794, 80)).toBe(true);
    expect(belowThreshold(0, 0)).toBe(false);
    expect(belowThreshold(1, 100)).toBe(false);
  });
});
