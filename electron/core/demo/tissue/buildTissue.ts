/**
 * Builds the geometry of a synthetic tissue section: fragment outlines, glands / tumour
 * nests, lymphoid follicles, fat, and every nucleus, indexed by block. Built once per
 * case, because serial sections of one block (H&E, then IHC) show the same tissue; each
 * slide only stains it differently (see blockMaps.ts and colourBlock.ts). Units and sizes:
 * tissueTypes.ts.
 */
import { CoarseGrid, Rng, fbm, valueNoise } from '../random';
import { tissueMask } from './fragments';
import { placeFollicles, placeGlands } from './glands';
import { Nuclei } from './nuclei';
import { makeNuclei } from './nucleiPlacement';
import {
  BLOCK,
  EDGE,
  JITTER_STEP,
  MASK_STEP,
  NODE_FAT,
  NUC,
  TISSUE_SIZE,
  WARP_STEP,
} from './tissueTypes';
import type { Follicle, Gland, Tissue, TissueKind } from './tissueTypes';

export function buildTissue(kind: TissueKind, seed: number): Tissue {
  const { width, height } = TISSUE_SIZE[kind];
  const rng = new Rng(seed);
  const glands: Gland[] = [];
  const follicles: Follicle[] = [];
  const mask = tissueMask(kind, width, height, rng, glands);
  const warpSeed = Math.floor(rng.next() * 1e9);
  const warpX = new CoarseGrid(width, height, WARP_STEP).fill(
    (x, y) => (fbm(x / 1800, y / 1800, warpSeed, 3) - 0.5) * 900,
  );
  const warpY = new CoarseGrid(width, height, WARP_STEP).fill(
    (x, y) => (fbm(x / 1500, y / 1500, warpSeed + 99, 3) - 0.5) * 1100,
  );
  const jitterX = new CoarseGrid(width, height, JITTER_STEP).fill(
    (x, y) => (valueNoise(x / 90, y / 90, warpSeed + 5) - 0.5) * 40,
  );
  const jitterY = new CoarseGrid(width, height, JITTER_STEP).fill(
    (x, y) => (valueNoise(x / 90, y / 90, warpSeed + 6) - 0.5) * 40,
  );

  let fat: CoarseGrid | null = null;
  // Lamina propria is loose; breast (desmoplastic) and prostate (fibromuscular) stroma dense.
  const fibreDensity =
    kind === 'gastric' || kind === 'colon' ? 0.6 : kind === 'prostate' ? 1.05 : 1;
  const fibreSeed = Math.floor(rng.next() * 1e9);
  // Same layout as the warp grids: the renderer interpolates them together.
  const fibre = new CoarseGrid(width, height, WARP_STEP).fill(
    (x, y) => fibreDensity * (0.75 + 0.5 * fbm(x / 1200, y / 1200, fibreSeed, 2)),
  );
  const fatSeed = Math.floor(rng.next() * 1e9);
  if (kind === 'breastResection') {
    // Fat lobules away from the tumour, which sits left of centre.
    fat = new CoarseGrid(width, height, 32).fill((x, y) => {
      const tumour = Math.hypot(
        (x - width * 0.4) / (width * 0.3),
        (y - height * 0.5) / (height * 0.34),
      );
      return (fbm(x / 1800, y / 1800, fatSeed, 3) - 0.5) * 5 + (tumour - 1) * 1.2 + 0.5;
    });
  } else if (kind === 'lymphNode') {
    // Fat surrounds the node: outer part of the fragment.
    // A smooth ramp (not a step) so that the interpolated border stays smooth.
    fat = new CoarseGrid(width, height, 32).fill((x, y) => 0.5 + (NODE_FAT - mask.at(x, y)) / 80);
  }

  const t: Tissue = {
    kind,
    width,
    height,
    seed,
    mask,
    fat,
    fibre,
    warpX,
    warpY,
    jitterX,
    jitterY,
    glands,
    follicles,
    nuclei: new Nuclei(),
    blockCols: Math.ceil(width / BLOCK),
    blockRows: Math.ceil(height / BLOCK),
    glandBuckets: [],
    nucleusBuckets: [],
    empty: new Uint8Array(0),
    fatCell: 300,
  };
  const place = rng.fork('structures');
  switch (kind) {
    case 'gastric':
      placeGlands(t, place, {
        rMin: 95,
        rMax: 170,
        elong: 2.4,
        gap: 36,
        inner: [0.28, 0.45],
        cyto: 0.3,
        minDepth: 60,
      });
      break;
    case 'colon':
      placeGlands(t, place, {
        rMin: 150,
        rMax: 210,
        elong: 1.25,
        gap: 50,
        inner: [0.18, 0.28],
        cyto: 0.55,
        minDepth: 80,
        goblets: true,
      });
      break;
    case 'prostate':
      placeGlands(t, place, {
        rMin: 150,
        rMax: 380,
        elong: 1.8,
        gap: 80,
        inner: [0.6, 0.75],
        cyto: 0.3,
        minDepth: 160,
      });
      placeGlands(t, place, {
        rMin: 70,
        rMax: 110,
        elong: 1.3,
        gap: 40,
        inner: [0.35, 0.5],
        cyto: 0.6,
        minDepth: 120,
        tumour: true,
        region: (x) => x > width * 0.55,
      });
      break;
    case 'breastCore':
      placeGlands(t, place, {
        rMin: 90,
        rMax: 330,
        elong: 2.6,
        gap: 70,
        inner: [0, 0],
        cyto: 0.75,
        minDepth: 100,
        tumour: true,
      });
      break;
    case 'breastResection':
      placeGlands(t, place, {
        rMin: 90,
        rMax: 300,
        elong: 2.2,
        gap: 80,
        inner: [0, 0.2],
        cyto: 0.75,
        minDepth: 100,
        tumour: true,
        region: (x, y) =>
          Math.hypot(x - width * 0.4, y - height * 0.5) < 1700 && (t.fat?.at(x, y) ?? 0) < 0.3,
      });
      placeGlands(t, place, {
        rMin: 110,
        rMax: 170,
        elong: 1.3,
        gap: 50,
        inner: [0.35, 0.5],
        cyto: 0.5,
        minDepth: 150,
        region: (x, y) =>
          Math.hypot(x - width * 0.4, y - height * 0.5) > 2000 && (t.fat?.at(x, y) ?? 0) < 0.3,
        cluster: true,
      });
      break;
    case 'lymphNode':
    case 'lymphoma':
      if (kind === 'lymphNode') placeFollicles(t, place);
      break;
    case 'cytology':
      break;
  }
  if (kind !== 'cytology') {
    // Capillaries and venules in the stroma (a few per square millimetre of tissue).
    placeGlands(t, place, {
      rMin: 24,
      rMax: kind === 'breastResection' ? 90 : 60,
      elong: 2.2,
      gap: 30,
      inner: [0.72, 0.82],
      cyto: 0,
      minDepth: 40,
      vessel: true,
      // Lymphoid tissue: a few high endothelial venules only.
      limit: Math.round(
        (width * height) / (kind === 'lymphNode' || kind === 'lymphoma' ? 2_000_000 : 500_000),
      ),
    });
  }
  if (kind === 'lymphNode' || kind === 'lymphoma') {
    // Lymphoid parenchyma has little collagen; the capsule is dense collagen.
    const edge = kind === 'lymphNode' ? NODE_FAT : 0;
    fibre.fill((x, y) => {
      const m = mask.at(x, y) - edge;
      return m < 130 ? 1.2 : m < 280 ? 0.5 : 0.12;
    });
  }
  if (kind === 'cytology') fibre.fill(() => 0);
  makeNuclei(t, rng.fork('nuclei'));
  bucket(t);
  return t;
}

function bucket(t: Tissue): void {
  const nb = t.blockCols * t.blockRows;
  t.glandBuckets = Array.from({ length: nb }, () => []);
  t.nucleusBuckets = Array.from({ length: nb }, () => []);
  const add = (
    lists: number[][],
    index: number,
    x0: number,
    y0: number,
    x1: number,
    y1: number,
  ): void => {
    const c0 = Math.max(0, Math.floor(x0 / BLOCK));
    const c1 = Math.min(t.blockCols - 1, Math.floor(x1 / BLOCK));
    const r0 = Math.max(0, Math.floor(y0 / BLOCK));
    const r1 = Math.min(t.blockRows - 1, Math.floor(y1 / BLOCK));
    for (let r = r0; r <= r1; r++)
      for (let c = c0; c <= c1; c++) lists[r * t.blockCols + c]?.push(index);
  };
  t.glands.forEach((g, i) => {
    const reach = Math.max(g.rx, g.ry) * (1 + g.wavy) + 30;
    add(t.glandBuckets, i, g.cx - reach, g.cy - reach, g.cx + reach, g.cy + reach);
  });
  const n = t.nuclei;
  for (let i = 0; i < n.count; i++) {
    const a = (n.a[i] as number) * (n.kind[i] === NUC.plasma ? 2.2 : 1);
    const reach = Math.max(a, n.cell[i] as number) + 4;
    const x = n.x[i] as number;
    const y = n.y[i] as number;
    add(t.nucleusBuckets, i, x - reach, y - reach, x + reach, y + reach);
  }
  // A block is bare glass when no structure touches it and the outline stays well away.
  t.empty = new Uint8Array(nb);
  const margin = 2 * EDGE + 30;
  for (let r = 0; r < t.blockRows; r++) {
    for (let c = 0; c < t.blockCols; c++) {
      const i = r * t.blockCols + c;
      if ((t.glandBuckets[i]?.length ?? 0) > 0 || (t.nucleusBuckets[i]?.length ?? 0) > 0) continue;
      let max = -1e9;
      const step = MASK_STEP;
      for (let y = r * BLOCK - step; y <= (r + 1) * BLOCK + step; y += step) {
        for (let x = c * BLOCK - step; x <= (c + 1) * BLOCK + step; x += step)
          max = Math.max(max, t.mask.at(x, y));
      }
      if (max < -margin) t.empty[i] = 1;
    }
  }
}
