/**
 * Adipocytes: a Voronoi pattern of large empty cells with thin membranes, in slide
 * coordinates. Shared by the block renderer (blockMaps.ts) and the real-size slides'
 * level-0 tiles (bigSlide/fineTile.ts): same cells, same walls.
 */
import { hash2 } from '../random';

/**
 * Centres of the 4 × 4 fat cells (`size` px apart) around the block whose corner is
 * (x0, y0): enough for any pixel of a 256 px block when size ≥ 256. `seed`: the slide's.
 */
export function fatCellCentres(
  x0: number,
  y0: number,
  size: number,
  seed: number,
): { px: number[]; py: number[] } {
  const S = size;
  const s = seed ^ 0x5a5a;
  const c0 = Math.floor(x0 / S) - 1;
  const r0 = Math.floor(y0 / S) - 1;
  const px: number[] = [];
  const py: number[] = [];
  for (let r = r0; r <= r0 + 3; r++) {
    for (let c = c0; c <= c0 + 3; c++) {
      px.push((c + 0.15 + 0.7 * hash2(c, r, s)) * S);
      py.push((r + 0.15 + 0.7 * hash2(c, r, s + 1)) * S);
    }
  }
  return { px, py };
}

/** Distance from (x, y) to the nearest cell wall: half the gap between its two nearest centres. */
export function fatWallGap(
  px: readonly number[],
  py: readonly number[],
  x: number,
  y: number,
): number {
  let d1 = 1e18;
  let d2 = 1e18;
  for (let k = 0; k < 16; k++) {
    const dx = x - (px[k] as number);
    const dy = y - (py[k] as number);
    const d = dx * dx + dy * dy;
    if (d < d1) {
      d2 = d1;
      d1 = d;
    } else if (d < d2) d2 = d;
  }
  return (Math.sqrt(d2) - Math.sqrt(d1)) * 0.5;
}

/**
 * Draws fat into pixel `p` of a block's maps: fat fraction `f` (> 0.4), `gap` px from the
 * nearest cell wall. The cell's inside is empty; its wall keeps the tissue, as collagen.
 */
export function blendFat(
  alpha: Uint8Array,
  fib: Uint8Array,
  p: number,
  f: number,
  gap: number,
): void {
  let wall = 1 - (gap - 1.2) / 1.6;
  wall = wall < 0 ? 0 : wall > 1 ? 1 : wall;
  let w = (f - 0.4) / 0.1;
  w = w > 1 ? 1 : w;
  const a = alpha[p] as number;
  alpha[p] = a * (1 - w) + a * wall * w;
  fib[p] = (fib[p] as number) * (1 - w) + 150 * wall * w;
}
