/**
 * Level-0 tiles of a real-size demo slide: a one-block Tissue patch is built around the
 * tile from the layout (fields sampled on the same lattices as buildTissue's grids, so
 * neighbouring patches join without seams), drawn by demo/tissue's block renderer (colourBlock.ts), then
 * the fat is added in slide coordinates.
 *
 * Every nucleus comes from a hash of where it is (stroma) or of its gland's id
 * (epithelium): a tile is the same whichever tiles were drawn before it.
 */
import { CoarseGrid, Rng, hash2 } from '../random';
import { BlockMaps } from '../tissue/blockMaps';
import { colourBlock } from '../tissue/colourBlock';
import { blendFat, fatCellCentres, fatWallGap } from '../tissue/fatCells';
import { solidNestNuclei, vesselCells } from '../tissue/glands';
import type { GlandPlace } from '../tissue/glands';
import { Nuclei } from '../tissue/nuclei';
import { basalNuclei, epithelialRing } from '../tissue/nucleiPlacement';
import type { BasalLayer, GlandCells } from '../tissue/nucleiPlacement';
import { GLASS_RGB, prepareStain, stainNeedsMembranes } from '../tissue/stains';
import type { StainId } from '../tissue/stains';
import { BLOCK, EDGE, JITTER_STEP, MASK_STEP, NUC, WARP_STEP } from '../tissue/tissueTypes';
import type { Gland, Tissue } from '../tissue/tissueTypes';
import { CLASS } from './layout';
import type { BigLayout } from './layout';
import type { BigGland } from './layout';

/** Stroma cell sites: one candidate every 34 px (buildTissue's stroma spacing). */
const SITE = 34;
/** Adipocyte spacing, px (75 µm). */
const FAT_CELL = 300;
/** Margin around a block where nuclei and cells may still reach into it, px. */
const MARGIN = 48;

const maps = new BlockMaps();

/** Level-0 tile (col, row) as RGB, BLOCK × BLOCK. */
export function renderFineTile(
  layout: BigLayout,
  stain: StainId,
  col: number,
  row: number,
): Uint8Array {
  const out = new Uint8Array(BLOCK * BLOCK * 3);
  const t = buildPatch(layout, col, row);
  if (!t) {
    fillGlass(out);
    return out;
  }
  maps.render(t, 0, 0, stainNeedsMembranes(stain));
  addFat(layout, col * BLOCK, row * BLOCK);
  colourBlock(maps, prepareStain(t, stain), col, row, out, 0, BLOCK * 3);
  return out;
}

export function fillGlass(buf: Uint8Array): void {
  const [r, g, b] = GLASS_RGB;
  for (let i = 0; i < buf.length; i += 3) {
    buf[i] = r;
    buf[i + 1] = g;
    buf[i + 2] = b;
  }
}

/** The one-block tissue around tile (col, row), or null when it is bare glass. */
export function buildPatch(layout: BigLayout, col: number, row: number): Tissue | null {
  const ox = col * BLOCK;
  const oy = row * BLOCK;
  const local = (step: number, f: (x: number, y: number) => number): CoarseGrid =>
    new CoarseGrid(BLOCK, BLOCK, step).fill((x, y) => f(x + ox, y + oy));
  const mask = local(MASK_STEP, (x, y) => layout.mask(x, y));
  let maxMask = -1e9;
  for (const v of mask.data) maxMask = Math.max(maxMask, v);
  const glands = layout.glandsIn(
    ox - MARGIN,
    oy - MARGIN,
    ox + BLOCK + MARGIN,
    oy + BLOCK + MARGIN,
  );
  if (maxMask < -(2 * EDGE + 30) && glands.length === 0) return null;

  const nuclei = new Nuclei();
  for (const g of glands) glandNuclei(layout, g, nuclei);
  stromaNuclei(layout, glands, ox, oy, nuclei);
  // Patch coordinates: the block's corner is the origin.
  const localGlands: Gland[] = glands.map((g) => ({ ...g, cx: g.cx - ox, cy: g.cy - oy }));
  for (let i = 0; i < nuclei.count; i++) {
    nuclei.x[i] = (nuclei.x[i] as number) - ox;
    nuclei.y[i] = (nuclei.y[i] as number) - oy;
  }
  return {
    kind: layout.kind === 'breastResection' ? 'breastResection' : 'prostate',
    width: BLOCK,
    height: BLOCK,
    seed: layout.seed,
    mask,
    fat: null,
    fibre: local(WARP_STEP, (x, y) => layout.fibre(x, y)),
    // The collagen texture is indexed by position + warp: adding the block's origin to the
    // warp keeps it continuous with the neighbouring blocks.
    warpX: local(WARP_STEP, (x, y) => layout.warpX(x, y) + ox),
    warpY: local(WARP_STEP, (x, y) => layout.warpY(x, y) + oy),
    jitterX: local(JITTER_STEP, (x, y) => layout.jitterX(x, y)),
    jitterY: local(JITTER_STEP, (x, y) => layout.jitterY(x, y)),
    glands: localGlands,
    follicles: [],
    nuclei,
    blockCols: 1,
    blockRows: 1,
    glandBuckets: [localGlands.map((_, i) => i)],
    nucleusBuckets: [Array.from({ length: nuclei.count }, (_, i) => i)],
    empty: new Uint8Array(1),
    fatCell: FAT_CELL,
  };
}

/** A gland point given in gland coordinates, before the outline jitter (as tissue/glands.ts's glandPoint). */
function glandPoint(L: BigLayout, g: Gland, u: number, v: number): [number, number] {
  const lx = g.cx + u * g.cos - v * g.sin;
  const ly = g.cy + u * g.sin + v * g.cos;
  return [lx - L.jitterX(lx, ly), ly - L.jitterY(lx, ly)];
}

/** Basal / myoepithelial layer of benign glands (prostate and breast alike). */
const BASAL: BasalLayer = { every: 72, at: 0.955, wavy: true, len: [15, 21], wid: [5, 7] };

/** The nuclei of one gland, nest or vessel, from its own seed (as tissue/nucleiPlacement.ts's makeNuclei). */
function glandNuclei(L: BigLayout, g: BigGland, n: Nuclei): void {
  const rng = new Rng(Math.floor(hash2(g.id, 17, L.seed) * 4294967296));
  const rnd = (): number => Math.floor(rng.next() * 256);
  const place: GlandPlace = (u, v) => glandPoint(L, g, u, v);
  if (g.vessel) {
    vesselCells(n, g, rng, place);
    return;
  }
  if (g.inner > 0.05) {
    // Columnar or cuboidal cells: nucleus near the base, long axis radial.
    const cells: GlandCells = { n, g, rng, rnd, place };
    epithelialRing(cells, g.tumour ? 30 : 18, true);
    if (g.basal) basalNuclei(cells, BASAL);
    return;
  }
  // Solid nest: a jittered grid of pleomorphic tumour cells.
  solidNestNuclei(n, g, 44, rng, rnd, place);
}

/** True when (x, y) is in or just around a gland (no stroma cell there). */
function nearGland(glands: readonly BigGland[], x: number, y: number): boolean {
  for (const g of glands) {
    const dx = x - g.cx;
    const dy = y - g.cy;
    const u = dx * g.cos + dy * g.sin;
    const v = -dx * g.sin + dy * g.cos;
    if (Math.hypot(u / (g.rx + 24), v / (g.ry + 24)) < 1.04 * (1 + g.wavy)) return true;
  }
  return false;
}

/** Stroma cells on a global jittered lattice: each site decided by a hash of its place. */
function stromaNuclei(
  L: BigLayout,
  glands: readonly BigGland[],
  ox: number,
  oy: number,
  n: Nuclei,
): void {
  const seed = L.seed ^ 0x51ee;
  const c0 = Math.floor((ox - MARGIN) / SITE);
  const c1 = Math.floor((ox + BLOCK + MARGIN) / SITE);
  const r0 = Math.floor((oy - MARGIN) / SITE);
  const r1 = Math.floor((oy + BLOCK + MARGIN) / SITE);
  const breast = L.kind === 'breastResection';
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const h = hash2(c, r, seed);
      const x = (c + 0.5 + (hash2(c, r, seed + 1) - 0.5) * 0.8) * SITE;
      const y = (r + 0.5 + (hash2(c, r, seed + 2) - 0.5) * 0.8) * SITE;
      if (L.mask(x, y) < 20 || nearGland(glands, x, y)) continue;
      const rnd = Math.floor(hash2(c, r, seed + 3) * 256);
      const q = hash2(c, r, seed + 4);
      const cls: number = breast ? L.stromaClass(x, y) : CLASS.stroma;
      if (cls === CLASS.fat) {
        if (h < 0.004) n.add(x, y, 18, 6, q * Math.PI, NUC.fibroblast, 0, rnd, 190, 0);
        continue;
      }
      // Tumour stroma holds lymphocytes; intralobular stroma is cellular; the rest is not.
      const inflam = !breast
        ? 0.025
        : cls === CLASS.tumourStroma
          ? 0.11
          : cls === CLASS.looseStroma
            ? 0.06
            : 0.02;
      const fibro = !breast ? 0.1 : cls === CLASS.looseStroma ? 0.12 : 0.06;
      if (h < inflam) {
        const plasma = q < 0.3;
        const rr = 12 + q * 3;
        n.add(
          x,
          y,
          plasma ? rr * 1.25 : rr,
          rr,
          q * 7,
          plasma ? NUC.plasma : NUC.lymphocyte,
          0,
          rnd,
          215,
          0,
        );
      } else if (h < inflam + fibro) {
        const angle = L.fibreAngle(x, y) + (q - 0.5) * 0.3;
        n.add(x, y, 20 + q * 10, 5 + q * 2.5, angle, NUC.fibroblast, 0, rnd, 205, 0);
      }
    }
  }
}

/** Adipocytes (a Voronoi pattern in slide coordinates), drawn into the block's maps. */
function addFat(L: BigLayout, x0: number, y0: number): void {
  if (L.kind !== 'breastResection') return;
  const fat = new CoarseGrid(BLOCK, BLOCK, 32).fill((x, y) => L.fat(x + x0, y + y0));
  let any = false;
  for (const v of fat.data) if (v > 0.4) any = true;
  if (!any) return;
  const { px, py } = fatCellCentres(x0, y0, FAT_CELL, L.seed);
  const { alpha, fib } = maps;
  for (let j = 0; j < BLOCK; j++) {
    const y = y0 + j;
    for (let i = 0; i < BLOCK; i++) {
      const p = j * BLOCK + i;
      if ((alpha[p] as number) === 0) continue;
      const f = fat.at(i, j);
      if (f <= 0.4) continue;
      blendFat(alpha, fib, p, f, fatWallGap(px, py, x0 + i, y));
    }
  }
}
