/**
 * The coverage grid of one slide (issue 6, "have I seen all the tissue?"): the slide cut
 * into at most GRID_LONG_SIDE cells on its long side, one byte per cell holding the
 * highest magnification bucket at which the cell was on screen (0: never). Pure: the
 * engine stores it, the renderer draws it, the sign checks read its fractions.
 *
 * A cell counts as seen when its centre lies in the visible rectangle: a cell half in view
 * is as often counted as not, so the fraction is unbiased whatever the cell size. A view
 * smaller than a cell (a large slide at 40×) marks the cell under its centre, so zooming
 * in never shows nothing.
 */

/**
 * Cells on the long side. 256 keeps a grid at most 64 KB (a 2 × 0.6 mm demo slide: 256 ×
 * 77 = 19.7 KB) and a cell at 80 µm on a 20 mm slide, smaller than one 10× field of view
 * (about 1 mm), so a field seen is never lost in a cell.
 */
export const GRID_LONG_SIDE = 256;

/**
 * Lower bound of each magnification bucket; a cell's byte is 1 + the index of the highest
 * bound reached. 10× and 20× are the two fractions shown and checked; the others let the
 * overlay tell a glance at the whole slide from a real look.
 */
export const MAGNIFICATION_BUCKETS = [0, 2.5, 5, 10, 20, 40] as const;

/**
 * The viewer's magnification is continuous (zoom keys, wheel) and a preset lands within a
 * rounding error of its value: 2 % below a bound still counts as the bound (the display
 * rounds 9.8× to 10× too).
 */
export const MAGNIFICATION_TOLERANCE = 0.02;

export interface GridShape {
  cols: number;
  rows: number;
}

export interface CoverageGrid extends GridShape {
  /** cols × rows bytes, row-major: 0 never seen, else 1 + bucket index. */
  cells: Uint8Array;
}

/** A rectangle in level-0 pixels. */
export interface SlideRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The grid of a slide of `width` × `height` level-0 pixels. */
export function gridShape(width: number, height: number, longSide = GRID_LONG_SIDE): GridShape {
  if (!(width > 0 && height > 0)) throw new Error('A slide has a positive size');
  const long = Math.max(width, height);
  const cols = Math.max(1, Math.round((width / long) * longSide));
  const rows = Math.max(1, Math.round((height / long) * longSide));
  return { cols, rows };
}

export function emptyGrid(shape: GridShape): CoverageGrid {
  return { ...shape, cells: new Uint8Array(shape.cols * shape.rows) };
}

/** The byte stored for a view at `magnification` (always ≥ 1: any view is a view). */
export function bucketOf(magnification: number): number {
  let bucket = 1;
  MAGNIFICATION_BUCKETS.forEach((bound, i) => {
    if (magnification * (1 + MAGNIFICATION_TOLERANCE) >= bound) bucket = i + 1;
  });
  return bucket;
}

/** The smallest byte that means "seen at ≥ magnification" (magnification one of the bounds). */
export function bucketAtLeast(magnification: number): number {
  const i = MAGNIFICATION_BUCKETS.findIndex((b) => b >= magnification);
  return i < 0 ? MAGNIFICATION_BUCKETS.length + 1 : i + 1;
}

/**
 * Marks the cells whose centre is inside `rect` (level-0 pixels of a `width` × `height`
 * slide) with the bucket of `magnification`, keeping higher values. A rotated view is
 * given as the axis-aligned bounds of what is visible. Returns how many cells rose.
 */
export function markRect(
  grid: CoverageGrid,
  width: number,
  height: number,
  rect: SlideRect,
  magnification: number,
): number {
  const value = bucketOf(magnification);
  const cellW = width / grid.cols;
  const cellH = height / grid.rows;
  // Cell c's centre is (c + 0.5) * cellW: inside [x, x + w) when c in [x/cellW - 0.5, ...).
  let c0 = Math.max(0, Math.ceil(rect.x / cellW - 0.5));
  let c1 = Math.min(grid.cols - 1, Math.ceil((rect.x + rect.width) / cellW - 0.5) - 1);
  let r0 = Math.max(0, Math.ceil(rect.y / cellH - 0.5));
  let r1 = Math.min(grid.rows - 1, Math.ceil((rect.y + rect.height) / cellH - 0.5) - 1);
  if (c0 > c1 || r0 > r1) {
    // No centre inside: the cell under the view's centre, if the view is on the slide.
    const cx = rect.x + rect.width / 2;
    const cy = rect.y + rect.height / 2;
    if (cx < 0 || cy < 0 || cx >= width || cy >= height) return 0;
    c0 = c1 = Math.min(grid.cols - 1, Math.floor(cx / cellW));
    r0 = r1 = Math.min(grid.rows - 1, Math.floor(cy / cellH));
  }
  let raised = 0;
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const i = r * grid.cols + c;
      if ((grid.cells[i] ?? 0) < value) {
        grid.cells[i] = value;
        raised++;
      }
    }
  }
  return raised;
}

/** Cell-wise maximum of two grids of the same shape, into `into`. Returns cells raised. */
export function mergeInto(into: CoverageGrid, other: CoverageGrid): number {
  if (into.cols !== other.cols || into.rows !== other.rows)
    throw new Error(
      `Grids differ in shape (${into.cols}×${into.rows}, ${other.cols}×${other.rows})`,
    );
  let raised = 0;
  for (let i = 0; i < into.cells.length; i++) {
    const v = other.cells[i] ?? 0;
    if (v > (into.cells[i] ?? 0)) {
      into.cells[i] = v;
      raised++;
    }
  }
  return raised;
}

export interface CoverageFractions {
  /** Fraction (0-1) of tissue cells seen at ≥ 10×. */
  seen10: number;
  /** Fraction (0-1) of tissue cells seen at ≥ 20×. */
  seen20: number;
  /** Tissue cells counted (the whole slide when the mask found none). */
  tissueCells: number;
}

/**
 * Fractions of the tissue seen at ≥ 10× and ≥ 20×. `mask` holds 1 for tissue cells; with no
 * mask, or a mask with no tissue at all, every cell counts: a slide whose tissue could not
 * be found must not pass the check for want of tissue.
 */
export function coverageFractions(grid: CoverageGrid, mask: Uint8Array | null): CoverageFractions {
  const at10 = bucketAtLeast(10);
  const at20 = bucketAtLeast(20);
  const useMask = mask !== null && mask.length === grid.cells.length && mask.some((v) => v === 1);
  let tissue = 0;
  let n10 = 0;
  let n20 = 0;
  for (let i = 0; i < grid.cells.length; i++) {
    if (useMask && mask[i] !== 1) continue;
    tissue++;
    const v = grid.cells[i] ?? 0;
    if (v >= at10) n10++;
    if (v >= at20) n20++;
  }
  return {
    seen10: tissue === 0 ? 0 : n10 / tissue,
    seen20: tissue === 0 ? 0 : n20 / tissue,
    tissueCells: tissue,
  };
}

/** A fraction as the whole percent shown to the user. */
export function wholePercent(fraction: number): number {
  return Math.round(fraction * 100);
}

/**
 * Whether a fraction seen at ≥ 10× is below a threshold in whole percent, compared as it is
 * shown: 79.6 % shows as 80 % and passes a threshold of 80.
 */
export function belowThreshold(seen10: number, thresholdPct: number): boolean {
  return wholePercent(seen10) < thresholdPct;
}
