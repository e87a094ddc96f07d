/**
 * The picture of a slide's coverage drawn over the navigator and, on demand, the slide:
 * tissue seen at >= 20x tinted green, at 10-20x tinted lighter (glass never), and the tissue not yet seen
 * at >= 10x outlined in orange. One grid cell is `scale` × `scale` pixels; the browser
 * stretches the picture over the slide. Pure: RGBA bytes from the grid and mask.
 */
import { bucketAtLeast } from '../../../../electron/common/tracking/grid';

export interface CoverageCells {
  cols: number;
  rows: number;
  grid: Uint8Array;
  /** 1 for tissue; null: every cell counts as tissue. */
  tissue: Uint8Array | null;
}

/** RGBA of each kind of cell (alpha 0-255). Orange and green stay apart for red-green colour blindness. */
export const COVERAGE_COLOURS = {
  seen20: [30, 170, 90, 110],
  seen10: [30, 170, 90, 55],
  outline: [255, 140, 0, 240],
} as const;

export function coveragePixels(
  cells: CoverageCells,
  scale: number,
): { width: number; height: number; data: Uint8ClampedArray<ArrayBuffer> } {
  const { cols, rows, grid, tissue } = cells;
  const width = cols * scale;
  const height = rows * scale;
  const data = new Uint8ClampedArray(width * height * 4);
  const at10 = bucketAtLeast(10);
  const at20 = bucketAtLeast(20);
  const unseen = (c: number, r: number) => {
    if (c < 0 || r < 0 || c >= cols || r >= rows) return false;
    const i = r * cols + c;
    return (tissue === null || tissue[i] === 1) && (grid[i] ?? 0) < at10;
  };
  const fill = (x0: number, y0: number, w: number, h: number, rgba: readonly number[]) => {
    for (let y = y0; y < y0 + h; y++)
      for (let x = x0; x < x0 + w; x++) data.set(rgba, (y * width + x) * 4);
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = grid[r * cols + c] ?? 0;
      const x = c * scale;
      const y = r * scale;
      // Only tissue is tinted: seen glass tells nothing and hides the slide's outline.
      const isTissue = tissue === null || tissue[r * cols + c] === 1;
      if (isTissue && v >= at20) fill(x, y, scale, scale, COVERAGE_COLOURS.seen20);
      else if (isTissue && v >= at10) fill(x, y, scale, scale, COVERAGE_COLOURS.seen10);
      if (!unseen(c, r)) continue;
      const o = COVERAGE_COLOURS.outline;
      if (!unseen(c, r - 1)) fill(x, y, scale, 1, o);
      if (!unseen(c, r + 1)) fill(x, y + scale - 1, scale, 1, o);
      if (!unseen(c - 1, r)) fill(x, y, 1, scale, o);
      if (!unseen(c + 1, r)) fill(x + scale - 1, y, 1, scale, o);
    }
  }
  return { width, height, data };
}
