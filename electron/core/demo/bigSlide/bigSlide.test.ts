import { describe, expect, it } from 'vitest';
import {
  BIG_DOWNSAMPLES,
  BIG_TILE,
  CLASS_COUNT,
} from '../../sources/synthetic/demoSlideDescriptor';
import { calibratePalette, classFractions, paintFractions, renderBigTile } from './coarseTile';
import { renderFineTile } from './fineTile';
import { BigLayout, CLASS } from './layout';

const mean = (rgb: Uint8Array): [number, number, number] => {
  const s = [0, 0, 0];
  for (let i = 0; i < rgb.length; i += 3)
    for (let k = 0; k < 3; k++) s[k] = (s[k] as number) + (rgb[i + k] as number);
  const n = rgb.length / 3;
  return [(s[0] as number) / n, (s[1] as number) / n, (s[2] as number) / n];
};

/** A level-0 tile whose centre is in class `cls`, found on a lattice over the slide. */
function tileWhere(L: BigLayout, test: (x: number, y: number) => boolean): [number, number] {
  for (let y = 4096; y < L.height; y += 1024) {
    for (let x = 4096; x < L.width; x += 1024)
      if (test(x, y)) return [Math.floor(x / BIG_TILE), Math.floor(y / BIG_TILE)];
  }
  throw new Error('no such place');
}

describe('real-size demo slide layout', () => {
  it('is about 20 × 15 mm (resection) and 16 × 4 mm (three needle cores) at 0.25 µm/px', () => {
    const r = new BigLayout('breastResection', 1);
    expect([r.width * 0.25e-3, r.height * 0.25e-3].map(Math.round)).toEqual([20, 15]);
    const c = new BigLayout('prostateCores', 1);
    // Each core about 1 mm wide: across the middle of the slide, three runs of tissue.
    let runs = 0;
    let inside = false;
    let widest = 0;
    let start = 0;
    for (let y = 0; y < c.height; y += 16) {
      const now = c.mask(c.width / 2, y) > 0;
      if (now && !inside) start = y;
      if (!now && inside) widest = Math.max(widest, y - start);
      if (now && !inside) runs++;
      inside = now;
    }
    expect(runs).toBe(3);
    expect(widest * 0.25).toBeGreaterThan(700);
    expect(widest * 0.25).toBeLessThan(1300);
  });

  it('places the same glands whichever part of the slide is asked first', () => {
    const a = new BigLayout('breastResection', 7);
    const b = new BigLayout('breastResection', 7);
    const x = a.width * 0.42;
    const y = a.height * 0.52;
    b.glandsIn(0, 0, 4000, 4000);
    const ga = a.glandsIn(x, y, x + 2048, y + 2048);
    const gb = b.glandsIn(x, y, x + 2048, y + 2048);
    expect(ga.length).toBeGreaterThan(5);
    expect(gb).toEqual(ga);
    // No two structures of the section overlap.
    for (const g of ga)
      for (const h of ga)
        if (g !== h)
          expect(Math.hypot(g.cx - h.cx, g.cy - h.cy)).toBeGreaterThan(
            Math.min(g.rx, g.ry) + Math.min(h.rx, h.ry),
          );
  });

  it('renders a level-0 tile the same way every time, and tissue with nuclei in it', () => {
    const L = new BigLayout('prostateCoresTumour', 3);
    const [col, row] = tileWhere(L, (x, y) => L.tumour(x, y) > 0.05 && L.mask(x, y) > 600);
    const first = renderFineTile(L, 'HE', col, row);
    // A fresh layout, after other tiles: same bytes.
    const other = new BigLayout('prostateCoresTumour', 3);
    renderFineTile(other, 'HE', col + 1, row);
    renderFineTile(other, 'HE', col, row + 1);
    expect(Buffer.from(renderFineTile(other, 'HE', col, row)).equals(Buffer.from(first))).toBe(
      true,
    );
    // Hematoxylin-dark pixels (nuclei): a few percent of the tile, not none, not all.
    let dark = 0;
    for (let i = 0; i < first.length; i += 3)
      if ((first[i] as number) + (first[i + 1] as number) + (first[i + 2] as number) < 420) dark++;
    const share = dark / (BIG_TILE * BIG_TILE);
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.5);
  });

  it('joins neighbouring level-0 tiles without a seam', () => {
    const L = new BigLayout('breastResection', 11);
    const [col, row] = tileWhere(L, (x, y) => L.mask(x, y) > 2000 && L.fat(x, y) < 0);
    const left = renderFineTile(L, 'HE', col, row);
    const right = renderFineTile(L, 'HE', col + 1, row);
    // The step across the tile border is like the steps between neighbouring columns inside.
    const step = (a: Uint8Array, ia: number, b: Uint8Array, ib: number): number => {
      let s = 0;
      for (let j = 0; j < BIG_TILE; j++)
        for (let k = 0; k < 3; k++)
          s += Math.abs(
            (a[(j * BIG_TILE + ia) * 3 + k] as number) - (b[(j * BIG_TILE + ib) * 3 + k] as number),
          );
      return s / BIG_TILE;
    };
    const across = step(left, BIG_TILE - 1, right, 0);
    const inside = [100, 150, 200].map((i) => step(left, i, left, i + 1));
    expect(across).toBeLessThan(3 * Math.max(...inside) + 10);
  });

  it('paints a coarse tile with the mean colour of the level-0 tiles it stands for', () => {
    const L = new BigLayout('breastResection', 5);
    const palette = calibratePalette(L, 'HE');
    expect(palette.length).toBe(CLASS_COUNT);
    // Fat is paler than stroma, tumour darker than stroma.
    const sum = (c: number[]): number => c.reduce((a, b) => a + b, 0);
    expect(sum(palette[CLASS.fat] as number[])).toBeGreaterThan(
      sum(palette[CLASS.stroma] as number[]),
    );
    expect(sum(palette[CLASS.tumour] as number[])).toBeLessThan(
      sum(palette[CLASS.stroma] as number[]),
    );
    for (const where of [
      (x: number, y: number) => L.tumour(x, y) > 0.2,
      (x: number, y: number) => L.mask(x, y) > 3000 && Math.abs(L.fat(x, y) - 0.5) < 0.15,
    ]) {
      const [col, row] = tileWhere(L, where);
      // 4 × 4 level-0 tiles = 64 × 64 pixels of level 2 (downsample 16).
      const c0 = col - (col % 4);
      const r0 = row - (row % 4);
      const fine = new Uint8Array(16 * BIG_TILE * BIG_TILE * 3);
      for (let j = 0; j < 4; j++)
        for (let i = 0; i < 4; i++)
          fine.set(renderFineTile(L, 'HE', c0 + i, r0 + j), (j * 4 + i) * BIG_TILE * BIG_TILE * 3);
      const ds = BIG_DOWNSAMPLES[2] as number;
      const coarse = paintFractions(
        classFractions(L, c0 * BIG_TILE, r0 * BIG_TILE, ds, 64),
        64,
        palette,
        1,
      );
      const mf = mean(fine);
      const mc = mean(coarse);
      for (let k = 0; k < 3; k++)
        expect(Math.abs((mf[k] as number) - (mc[k] as number))).toBeLessThan(12);
    }
  }, 60_000);

  it('renders every level at 256 × 256, glass around the tissue at low power', () => {
    const L = new BigLayout('prostateCores', 9);
    const palette = calibratePalette(L, 'HE');
    for (let level = 0; level < BIG_DOWNSAMPLES.length; level++)
      expect(renderBigTile(L, 'HE', palette, level, 0, 0).length).toBe(BIG_TILE * BIG_TILE * 3);
    const low = renderBigTile(L, 'HE', palette, 4, 0, 0);
    // Top-left corner: glass; the middle of the first core (row 10 of 64): tissue.
    expect(mean(low.subarray(0, 3))[0]).toBeGreaterThan(235);
    const core = (Math.round(L.height / 6 / 256) * 256 + 128) * 3;
    expect(
      (low[core] as number) + (low[core + 1] as number) + (low[core + 2] as number),
    ).toBeLessThan(690);
    expect(() => renderBigTile(L, 'HE', palette, 5, 0, 0)).toThrow(RangeError);
  });
});
