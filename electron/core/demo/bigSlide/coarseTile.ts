/**
 * Tiles of the reduced levels of a real-size demo slide, and the palette they are painted
 * with.
 *
 * Level 1 (downsample 4) is the 4 × 4 level-0 tiles it covers, box-filtered: at 10× the
 * nuclei must still be there. Levels from downsample 16 on are painted at their own scale:
 * each pixel is the area-weighted mix of the structure classes it covers (glass, stroma,
 * fat, epithelium, lumen, tumour...), each class in the mean colour it has on level-0
 * tiles (measured by calibratePalette). A coarse tile is thus the average of the fine
 * tiles it stands for, without rendering them, and without aliasing noise.
 */
import { hash2 } from '../random';
import { BLOCK } from '../tissue/tissueTypes';
import type { StainId } from '../tissue/stains';
import { downsample4 } from '../demoSlides';
import { BIG_DOWNSAMPLES, CLASS_COUNT } from '../../sources/synthetic/demoSlideDescriptor';
import { BigLayout, CLASS } from './layout';
import type { BigGland } from './layout';
import { renderFineTile } from './fineTile';

export type Palette = [number, number, number][];

/** Level-1 tile: the 16 level-0 tiles it covers, box-filtered. */
export function renderLevel1Tile(
  layout: BigLayout,
  stain: StainId,
  col: number,
  row: number,
): Uint8Array {
  const out = new Uint8Array(BLOCK * BLOCK * 3);
  for (let j = 0; j < 4; j++) {
    for (let i = 0; i < 4; i++) {
      const fine = renderFineTile(layout, stain, col * 4 + i, row * 4 + j);
      downsample4(fine, BLOCK, BLOCK, out, BLOCK, i * (BLOCK / 4), j * (BLOCK / 4));
    }
  }
  return out;
}

/** Class of a level-0 point (structures first, then the field classes). */
export function classAt(
  layout: BigLayout,
  glands: readonly BigGland[],
  x: number,
  y: number,
): number {
  for (const g of glands) {
    const part = BigLayout.glandPart(g, x, y);
    if (part === 'out') continue;
    if (g.vessel) return CLASS.vessel;
    if (part === 'lumen') return CLASS.lumen;
    return g.tumour ? CLASS.tumour : CLASS.epithelium;
  }
  if (layout.mask(x, y) <= 0) return CLASS.glass;
  return layout.stromaClass(x, y);
}

/**
 * Class fractions of a size × size raster whose pixels are `ds` level-0 pixels wide,
 * starting at level-0 (x0, y0): CLASS_COUNT floats per pixel.
 */
export function classFractions(
  layout: BigLayout,
  x0: number,
  y0: number,
  ds: number,
  size: number,
): Float32Array {
  const F = new Float32Array(size * size * CLASS_COUNT);
  const span = size * ds;
  const seed = layout.seed ^ 0xc0a5;
  // Fields: one sample per pixel, jittered inside it (unbiased on average).
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const x = x0 + (i + hash2(i + x0, j + y0, seed)) * ds;
      const y = y0 + (j + hash2(i + x0, j + y0, seed + 1)) * ds;
      const m = layout.mask(x, y);
      // Coverage of the outline across the pixel, smooth over one pixel.
      let a = m / ds + 0.5;
      a = a < 0 ? 0 : a > 1 ? 1 : a;
      const p = (j * size + i) * CLASS_COUNT;
      F[p + CLASS.glass] = 1 - a;
      const q = p + layout.stromaClass(x, y);
      if (a > 0) F[q] = (F[q] as number) + a;
    }
  }
  // Structures: supersampled where they span pixels, splatted by area where they do not.
  const glands = layout.glandsIn(x0, y0, x0 + span, y0 + span);
  const cover = new Float32Array(size * size * CLASS_COUNT);
  for (const g of glands) {
    const reach = BigLayout.reach(g);
    const cls = g.vessel ? CLASS.vessel : g.tumour ? CLASS.tumour : CLASS.epithelium;
    if (Math.min(g.rx, g.ry) < 2 * ds) {
      const i = Math.floor((g.cx - x0) / ds);
      const j = Math.floor((g.cy - y0) / ds);
      if (i < 0 || j < 0 || i >= size || j >= size) continue;
      const area = (Math.PI * g.rx * g.ry) / (ds * ds);
      const lumen = g.vessel ? 0 : area * g.inner * g.inner;
      const p = (j * size + i) * CLASS_COUNT;
      cover[p + cls] = (cover[p + cls] as number) + area - lumen;
      cover[p + CLASS.lumen] = (cover[p + CLASS.lumen] as number) + lumen;
      continue;
    }
    const i0 = Math.max(0, Math.floor((g.cx - reach - x0) / ds));
    const i1 = Math.min(size - 1, Math.floor((g.cx + reach - x0) / ds));
    const j0 = Math.max(0, Math.floor((g.cy - reach - y0) / ds));
    const j1 = Math.min(size - 1, Math.floor((g.cy + reach - y0) / ds));
    const k = 4;
    const w = 1 / (k * k);
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const p = (j * size + i) * CLASS_COUNT;
        for (let sy = 0; sy < k; sy++) {
          for (let sx = 0; sx < k; sx++) {
            const part = BigLayout.glandPart(
              g,
              x0 + (i + (sx + 0.5) / k) * ds,
              y0 + (j + (sy + 0.5) / k) * ds,
            );
            if (part === 'out') continue;
            const q = p + (part === 'lumen' && !g.vessel ? CLASS.lumen : cls);
            cover[q] = (cover[q] as number) + w;
          }
        }
      }
    }
  }
  for (let p = 0; p < size * size; p++) {
    let c = 0;
    for (let k = 0; k < CLASS_COUNT; k++) c += cover[p * CLASS_COUNT + k] as number;
    if (c === 0) continue;
    // Structures lie in the tissue: they replace its stroma, never the glass around it.
    const tissue = 1 - (F[p * CLASS_COUNT + CLASS.glass] as number);
    const scale = c > tissue ? tissue / c : 1;
    const keep = tissue > 0 ? 1 - (c * scale) / tissue : 0;
    for (let k = 1; k < CLASS_COUNT; k++) {
      const q = p * CLASS_COUNT + k;
      F[q] = (F[q] as number) * keep + (cover[q] as number) * scale;
    }
  }
  return F;
}

/** A tile of level `level` ≥ 2, painted from class fractions. */
export function renderCoarseTile(
  layout: BigLayout,
  palette: Palette,
  ds: number,
  col: number,
  row: number,
): Uint8Array {
  const F = classFractions(layout, col * BLOCK * ds, row * BLOCK * ds, ds, BLOCK);
  return paintFractions(F, BLOCK, palette, layout.seed ^ (col * 7919 + row * 104729));
}

/** RGB of a size × size raster of class fractions, each class in its palette colour. */
export function paintFractions(
  F: Float32Array,
  size: number,
  palette: Palette,
  seed: number,
): Uint8Array {
  const out = new Uint8Array(size * size * 3);
  for (let p = 0; p < size * size; p++) {
    let r = 0;
    let g = 0;
    let b = 0;
    for (let k = 0; k < CLASS_COUNT; k++) {
      const f = F[p * CLASS_COUNT + k] as number;
      if (f === 0) continue;
      const c = palette[k] as [number, number, number];
      r += f * c[0];
      g += f * c[1];
      b += f * c[2];
    }
    // A little stain irregularity (zero mean) where there is tissue.
    const t = 1 - (F[p * CLASS_COUNT + CLASS.glass] as number);
    const n = 1 + t * (hash2(p, 0, seed) - 0.5) * 0.05;
    out[p * 3] = Math.min(255, r * n);
    out[p * 3 + 1] = Math.min(255, g * n);
    out[p * 3 + 2] = Math.min(255, b * n);
  }
  return out;
}

/** Any level's tile as RGB, BLOCK × BLOCK. */
export function renderBigTile(
  layout: BigLayout,
  stain: StainId,
  palette: Palette,
  level: number,
  col: number,
  row: number,
): Uint8Array {
  if (level === 0) return renderFineTile(layout, stain, col, row);
  if (level === 1) return renderLevel1Tile(layout, stain, col, row);
  const ds = BIG_DOWNSAMPLES[level];
  if (ds === undefined) throw new RangeError(`no level ${level}`);
  return renderCoarseTile(layout, palette, ds, col, row);
}

/**
 * Mean colour of each class on level-0 tiles: a few tiles where each class is found are
 * rendered and their pixels averaged by class (every 2nd pixel each way).
 */
export function calibratePalette(layout: BigLayout, stain: StainId): Palette {
  const sums = Array.from({ length: CLASS_COUNT }, () => [0, 0, 0, 0]);
  const wanted = 2;
  const found = new Map<number, number>();
  const tiles: [number, number][] = [];
  const cols = Math.ceil(layout.width / BLOCK);
  const rows = Math.ceil(layout.height / BLOCK);
  // Scan the slide on a coarse lattice and keep the first tiles where each class lies.
  for (let step = 0; step < 2 && tiles.length < CLASS_COUNT * wanted; step++) {
    for (let r = step + 1; r < rows; r += 7) {
      for (let c = step + 3; c < cols; c += 11) {
        const x = c * BLOCK + BLOCK / 2;
        const y = r * BLOCK + BLOCK / 2;
        const cls = classAt(layout, layout.glandsIn(x, y, x + 1, y + 1), x, y);
        if ((found.get(cls) ?? 0) >= wanted) continue;
        found.set(cls, (found.get(cls) ?? 0) + 1);
        tiles.push([c, r]);
      }
    }
  }
  for (const [c, r] of tiles) {
    const rgb = renderFineTile(layout, stain, c, r);
    const x0 = c * BLOCK;
    const y0 = r * BLOCK;
    const glands = layout.glandsIn(x0, y0, x0 + BLOCK, y0 + BLOCK);
    for (let j = 0; j < BLOCK; j += 2) {
      for (let i = 0; i < BLOCK; i += 2) {
        const s = sums[classAt(layout, glands, x0 + i + 0.5, y0 + j + 0.5)] as number[];
        const o = (j * BLOCK + i) * 3;
        s[0] = (s[0] as number) + (rgb[o] as number);
        s[1] = (s[1] as number) + (rgb[o + 1] as number);
        s[2] = (s[2] as number) + (rgb[o + 2] as number);
        s[3] = (s[3] as number) + 1;
      }
    }
  }
  const glass = sums[CLASS.glass] as number[];
  const fallback: [number, number, number] =
    (glass[3] as number) > 0
      ? ([0, 1, 2].map((k) => Math.round((glass[k] as number) / (glass[3] as number))) as [
          number,
          number,
          number,
        ])
      : [243, 242, 240];
  return sums.map((s) =>
    (s[3] as number) > 0
      ? ([0, 1, 2].map((k) => Math.round((s[k] as number) / (s[3] as number))) as [
          number,
          number,
          number,
        ])
      : fallback,
  );
}
