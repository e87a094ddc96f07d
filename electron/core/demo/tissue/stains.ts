/**
 * The stains of the demo slides: which cells each one marks (H&E, IHC markers) and what
 * its colours are on glass, as optical densities for a Beer–Lambert model (see
 * colourBlock.ts).
 */
import { NUC, ZONE } from './tissueTypes';
import type { Tissue } from './tissueTypes';

export type StainId =
  'HE' | 'Ki67' | 'ER' | 'PR' | 'HER2' | 'CK7' | 'CD20' | 'CD3' | 'p63' | 'TTF1' | 'PAP';

/** How a stain marks each kind of cell: intensity 0–1 per nucleus, by compartment. */
interface StainRule {
  ihc: boolean;
  membranes: boolean;
  nuclear?: (kind: number, zone: number, rnd: number) => number;
  membrane?: (kind: number, zone: number, rnd: number) => number;
  cytoplasm?: (kind: number, zone: number, rnd: number) => number;
}

const epithelialKinds = (k: number): boolean => k === NUC.epithelial || k === NUC.tumour;
/** B cells: most follicle and germinal-centre lymphocytes, few elsewhere (the rest are T). */
const bCell = (k: number, z: number, r: number): boolean =>
  (k === NUC.lymphocyte || k === NUC.centroblast) && (z !== ZONE.none ? r < 235 : r < 45);

/** Marker patterns follow the textbook: Ki-67 in cycling cells, ER in luminal cells ... */
const RULES: Record<StainId, StainRule> = {
  HE: { ihc: false, membranes: false },
  PAP: { ihc: false, membranes: false },
  Ki67: {
    ihc: true,
    membranes: false,
    nuclear: (k, z, r) => {
      const frac =
        k === NUC.tumour ? 0.32 : z === ZONE.germinal ? 0.85 : k === NUC.centroblast ? 0.8 : 0.04;
      return r < frac * 256 ? 0.55 + (0.45 * ((r * 7) % 64)) / 64 : 0;
    },
  },
  ER: {
    ihc: true,
    membranes: false,
    nuclear: (k, _z, r) =>
      epithelialKinds(k) ? (r < 225 ? 0.35 + (0.65 * ((r * 13) % 100)) / 100 : 0) : 0,
  },
  PR: {
    ihc: true,
    membranes: false,
    nuclear: (k, _z, r) =>
      epithelialKinds(k) ? (r < 150 ? 0.3 + (0.7 * ((r * 11) % 100)) / 100 : 0) : 0,
  },
  TTF1: {
    ihc: true,
    membranes: false,
    nuclear: (k, _z, r) => (k === NUC.tumour && r < 200 ? 0.7 : 0),
  },
  p63: {
    ihc: true,
    membranes: false,
    nuclear: (k, _z, r) => (k === NUC.basal ? 0.8 + 0.2 * (r / 255) : 0),
  },
  HER2: {
    ihc: true,
    membranes: true,
    membrane: (k, _z, r) => (k === NUC.tumour ? 0.75 + 0.25 * (r / 255) : 0),
    cytoplasm: (k) => (k === NUC.tumour ? 0.08 : 0),
  },
  CK7: {
    ihc: true,
    membranes: true,
    membrane: (k) => (epithelialKinds(k) ? 0.9 : 0),
    cytoplasm: (k, _z, r) => (epithelialKinds(k) ? 0.5 + 0.25 * (r / 255) : 0),
  },
  CD20: {
    ihc: true,
    membranes: true,
    membrane: (k, z, r) => (bCell(k, z, r) ? 0.62 + 0.2 * (r / 255) : 0),
    cytoplasm: (k, z, r) => (bCell(k, z, r) ? 0.5 : 0),
  },
  CD3: {
    ihc: true,
    membranes: true,
    membrane: (k, z, r) => (k === NUC.lymphocyte && !bCell(k, z, r) ? 0.62 + 0.2 * (r / 255) : 0),
    cytoplasm: (k, z, r) => (k === NUC.lymphocyte && !bCell(k, z, r) ? 0.5 : 0),
  },
};

export function stainNeedsMembranes(stain: StainId): boolean {
  return RULES[stain].membranes;
}

/**
 * Optical density per unit of each stain and channel (a stain amount byte of 160 is one
 * unit), and a table from total density to transmitted light.
 */
interface Palette {
  /** Hematoxylin, eosin (or the faint tint of unstained tissue in IHC), DAB, mucin, red cells. */
  od: Float32Array;
  /** glass × exp(-density), per channel, indexed by density × OD_SCALE. */
  light: [Uint8Array, Uint8Array, Uint8Array];
}

export const OD_SCALE = 512;
export const OD_MAX = 8;
const STAINS = 5;

/** `colours`: what one unit of each stain looks like on glass (from real scans). */
function palette(colours: [number, number, number][], glass: [number, number, number]): Palette {
  const od = new Float32Array(STAINS * 3);
  colours.forEach((c, s) => {
    for (let ch = 0; ch < 3; ch++)
      od[s * 3 + ch] = -Math.log((c[ch] as number) / (glass[ch] as number)) / 160;
  });
  const light = glass.map((g) => {
    const t = new Uint8Array(OD_SCALE * OD_MAX + 1);
    for (let i = 0; i < t.length; i++) t[i] = Math.round(g * Math.exp(-i / OD_SCALE));
    return t;
  }) as [Uint8Array, Uint8Array, Uint8Array];
  return { od, light };
}

// Glass: Aperio scanners white-balance to a near-white, very slightly warm background.
const GLASS: [number, number, number] = [243, 242, 240];
/** H&E: hematoxylin blue-purple, eosin pink, mucin pale grey-blue, red cells orange-red. */
const HE_PALETTE = palette(
  [
    [104, 78, 150],
    [238, 150, 200],
    [243, 242, 240],
    [222, 225, 236],
    [226, 112, 120],
  ],
  GLASS,
);
/** IHC: pale blue hematoxylin counterstain, unstained tissue faintly grey, DAB brown. */
const IHC_PALETTE = palette(
  [
    [112, 128, 190],
    [222, 221, 228],
    [150, 96, 52],
    [225, 228, 238],
    [226, 196, 170],
  ],
  GLASS,
);

export interface SlideStain {
  id: StainId;
  rule: StainRule;
  palette: Palette;
  /** Per nucleus: nuclear, membrane and cytoplasm DAB intensities 0–255. */
  nuc: Uint8Array;
  mem: Uint8Array;
  cyt: Uint8Array;
  /** 1 for epithelial cells, whose cytoplasm is the epithelium map. */
  epithelialCell: Uint8Array;
  /** Stroma fast path: eosin amount by collagen value, and colour by amount. */
  fastE: Float32Array;
  fast: [Uint8Array, Uint8Array, Uint8Array];
}

/** Weights of collagen, tissue presence and hematoxylin background, per stain type. */
export const WEIGHTS = {
  he: { fib: 0.62 / 255, a: 0.06, ha: 0.05 },
  ihc: { fib: 0.3 / 255, a: 0.05, ha: 0.02 },
};

/** Precomputes which cells a stain marks, for one tissue. */
export function prepareStain(t: Tissue, id: StainId): SlideStain {
  const rule = RULES[id];
  const n = t.nuclei;
  const nuc = new Uint8Array(n.count);
  const mem = new Uint8Array(n.count);
  const cyt = new Uint8Array(n.count);
  const epithelialCell = new Uint8Array(n.count);
  for (let i = 0; i < n.count; i++) {
    const k = n.kind[i] as number;
    if (epithelialKinds(k)) epithelialCell[i] = 1;
    const z = n.zone[i] as number;
    const r = n.rnd[i] as number;
    if (rule.nuclear) nuc[i] = 255 * rule.nuclear(k, z, r);
    if (rule.membrane) mem[i] = 255 * rule.membrane(k, z, r);
    if (rule.cytoplasm) cyt[i] = 255 * rule.cytoplasm(k, z, r);
  }
  const palette = rule.ihc ? IHC_PALETTE : HE_PALETTE;
  const w = rule.ihc ? WEIGHTS.ihc : WEIGHTS.he;
  const fastE = new Float32Array(256);
  for (let f = 0; f < 256; f++) fastE[f] = f * 255 * w.fib + 255 * w.a;
  const h = 255 * w.ha;
  const od = palette.od;
  const fast = palette.light.map((light, ch) => {
    const t = new Uint8Array(256);
    for (let e = 0; e < 256; e++) {
      const x = h * (od[ch] as number) + e * (od[3 + ch] as number);
      t[e] = light[Math.min(OD_SCALE * OD_MAX, Math.round(x * OD_SCALE))] as number;
    }
    return t;
  }) as [Uint8Array, Uint8Array, Uint8Array];
  return { id, rule, palette, nuc, mem, cyt, epithelialCell, fastE, fast };
}

/** Background colour of bare glass (for tiles with no tissue). */
export const GLASS_RGB: readonly [number, number, number] = GLASS;
