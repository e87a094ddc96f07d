/**
 * Every nucleus of a synthetic tissue: the epithelium of each gland, then the stroma or
 * lymphoid tissue on a jittered grid (lymph node zones, lymphoma sheets), oriented along
 * the collagen where the cell follows it.
 */
import type { Rng } from '../random';
import { glandCoverage, glandPoint, solidNestNuclei, vesselCells } from './glands';
import type { GlandPlace } from './glands';
import type { Nuclei } from './nuclei';
import { NODE_FAT, NUC, ZONE } from './tissueTypes';
import type { Gland, Tissue } from './tissueTypes';

/** Direction of the collagen fibres at (x, y): the iso-lines of y + warpY. */
export function fibreAngle(t: Tissue, x: number, y: number): number {
  const h = 32;
  const dx = (t.warpY.at(x + h, y) - t.warpY.at(x - h, y)) / (2 * h);
  const dy = 1 + (t.warpY.at(x, y + h) - t.warpY.at(x, y - h)) / (2 * h);
  return Math.atan2(-dx, dy) + Math.PI / 2;
}

/** Basal (myoepithelial) cells of a benign gland: flat nuclei along its basement membrane. */
export interface BasalLayer {
  /** One nucleus every so many px along the membrane. */
  every: number;
  /** Radius of the layer, a fraction of the gland's. */
  at: number;
  /** The layer follows the gland's infolding. */
  wavy: boolean;
  /** Nucleus length and width ranges, px. */
  len: [number, number];
  wid: [number, number];
}

const PROSTATE_BASAL: BasalLayer = { every: 70, at: 0.955, wavy: true, len: [16, 22], wid: [5, 7] };
const BREAST_BASAL: BasalLayer = { every: 80, at: 0.95, wavy: false, len: [14, 18], wid: [6, 8] };

/**
 * What one gland's cells are drawn with: into `n`, from `rng` (`rnd`: a byte of it), at
 * `place`(u, v) for a point in the gland's own coordinates.
 */
export interface GlandCells {
  n: Nuclei;
  g: Gland;
  rng: Rng;
  rnd: () => number;
  place: GlandPlace;
}

/**
 * The epithelium around a gland's lumen: columnar (or cuboidal) cells `spacing` apart,
 * nucleus near the base, long axis radial. `place` turns the gland's own coordinates into
 * pixels; `notShorter` keeps each nucleus at least as long as it is wide. Shared with the
 * real-size slides (bigSlide/fineTile.ts): same draws, same cells.
 */
export function epithelialRing(c: GlandCells, spacing: number, notShorter: boolean): void {
  const { n, g, rng, rnd, place } = c;
  const tumour = g.tumour;
  const mean = (g.rx + g.ry) / 2;
  const q = g.inner + (1 - g.inner) * (tumour ? 0.55 : 0.72);
  const count = Math.max(8, Math.round((2 * Math.PI * q * mean) / spacing));
  const wall = (1 - g.inner) * mean;
  for (let k = 0; k < count; k++) {
    const th = ((k + rng.range(-0.25, 0.25)) / count) * 2 * Math.PI;
    const qq = q + rng.range(-0.04, 0.04) * (tumour ? 2 : 1);
    const w = 1 + g.wavy * Math.sin(g.lobes * th + g.phase);
    const [x, y] = place(qq * w * g.rx * Math.cos(th), qq * w * g.ry * Math.sin(th));
    const radial = Math.atan2(g.ry * Math.sin(th), g.rx * Math.cos(th)) + Math.atan2(g.sin, g.cos);
    const len = tumour ? rng.range(17, 24) : Math.min(wall * 0.3, rng.range(15, 19));
    const wid = tumour ? rng.range(13, 18) : rng.range(7, 9.5);
    n.add(
      x,
      y,
      notShorter ? Math.max(len, wid) : len,
      wid,
      radial,
      tumour ? NUC.tumour : NUC.epithelial,
      0,
      rnd(),
      tumour ? 150 : 185,
      Math.max(spacing * 1.2, wall * 0.7),
    );
  }
}

/**
 * A gland's basal cell layer (see BasalLayer); `place` as for epithelialRing. Shared with
 * the real-size slides (bigSlide/fineTile.ts).
 */
export function basalNuclei(c: GlandCells, o: BasalLayer): void {
  const { n, g, rng, rnd, place } = c;
  const mean = (g.rx + g.ry) / 2;
  const bc = Math.round((2 * Math.PI * mean * 0.96) / o.every);
  for (let k = 0; k < bc; k++) {
    const th = ((k + rng.range(-0.3, 0.3)) / bc) * 2 * Math.PI;
    // Without the infolding w is exactly 1: the products below are unchanged by it.
    const w = o.wavy ? 1 + g.wavy * Math.sin(g.lobes * th + g.phase) : 1;
    const [x, y] = place(o.at * w * g.rx * Math.cos(th), o.at * w * g.ry * Math.sin(th));
    const tangent =
      Math.atan2(g.ry * Math.cos(th), -g.rx * Math.sin(th)) + Math.atan2(g.sin, g.cos);
    const len = rng.range(o.len[0], o.len[1]);
    n.add(x, y, len, rng.range(o.wid[0], o.wid[1]), tangent, NUC.basal, 0, rnd(), 200, 0);
  }
}

export function makeNuclei(t: Tissue, rng: Rng): void {
  const n = t.nuclei;
  const rnd = (): number => Math.floor(rng.next() * 256);
  // Epithelium around each gland / filling each nest.
  for (const g of t.glands) {
    const place: GlandPlace = (u, v) => glandPoint(t, g, u, v);
    if (g.vessel) {
      vesselCells(n, g, rng, place);
      continue;
    }
    if (g.inner > 0.05) {
      // Columnar cells: nucleus near the base, long axis radial.
      const spacing = g.tumour ? 30 : g.goblets ? 24 : 17;
      const cells: GlandCells = { n, g, rng, rnd, place };
      epithelialRing(cells, spacing, false);
      if (t.kind === 'prostate' && !g.tumour) basalNuclei(cells, PROSTATE_BASAL);
      if (t.kind === 'breastResection' && !g.tumour) basalNuclei(cells, BREAST_BASAL);
    } else {
      // Solid nest or cell cluster: a jittered grid of pleomorphic tumour cells.
      const spacing = t.kind === 'cytology' ? (g.tumour ? 46 : 200) : 44;
      if (t.kind === 'cytology' && !g.tumour) {
        // A single cell: one nucleus in the middle of its cytoplasm.
        const r = rng.range(12, 16);
        n.add(
          g.cx,
          g.cy,
          r * 1.15,
          r,
          rng.range(0, Math.PI),
          NUC.epithelial,
          0,
          rnd(),
          190,
          Math.min(g.rx, g.ry) * 0.95,
        );
        continue;
      }
      solidNestNuclei(n, g, spacing, rng, rnd, place);
    }
  }
  if (t.kind === 'cytology') {
    // A few lymphocytes and red cells' absence: the smear is mostly clean.
    // Lymphocytes and red cells lie around the clusters (the smear is otherwise clean).
    const near = (): [number, number] => {
      const g = rng.pick(t.glands);
      return [g.cx + rng.gauss() * 260, g.cy + rng.gauss() * 260];
    };
    for (let k = 0; k < 700; k++) {
      const [x, y] = near();
      const r = rng.range(12, 15);
      n.add(x, y, r, r * 0.92, rng.range(0, Math.PI), NUC.lymphocyte, 0, rnd(), 215, 0);
    }
    for (let k = 0; k < 1300; k++) {
      const [x, y] = near();
      const r = rng.range(13, 15);
      n.add(x, y, r, r * rng.range(0.85, 1), rng.range(0, Math.PI), NUC.redCell, 0, 0, 200, 0);
    }
    return;
  }
  // Stroma and lymphoid tissue: a jittered grid, each site kept with a probability
  // that depends on where it is.
  // Site spacing: lymphocytes pack at about one per 7.5 µm.
  const S = t.kind === 'lymphNode' || t.kind === 'lymphoma' ? 30 : 34;
  const glandGrid = glandCoverage(t);
  for (let gy = S / 2; gy < t.height; gy += S) {
    for (let gx = S / 2; gx < t.width; gx += S) {
      const x = gx + rng.range(-0.4, 0.4) * S;
      const y = gy + rng.range(-0.4, 0.4) * S;
      const m = t.mask.at(x, y);
      if (m < 20) continue;
      if (glandGrid.at(x, y) > 0.02) continue;
      if ((t.fat?.at(x, y) ?? 0) > 0.5) {
        if (rng.next() < 0.004)
          n.add(x, y, 18, 6, rng.range(0, Math.PI), NUC.fibroblast, 0, rnd(), 190, 0);
        continue;
      }
      const p = rng.next();
      switch (t.kind) {
        case 'lymphNode':
          lymphoidSite(t, n, rng, x, y, m - NODE_FAT, p);
          break;
        case 'lymphoma':
          lymphoidSite(t, n, rng, x, y, m, p);
          break;
        default: {
          // Lamina propria (gastric, colon) is cellular; breast and prostate stroma are not.
          const inflam =
            t.kind === 'gastric' || t.kind === 'colon'
              ? 0.34
              : t.kind === 'breastCore'
                ? 0.07
                : 0.025;
          const fibro = t.kind === 'prostate' ? 0.1 : 0.06;
          if (p < inflam) {
            const plasma = rng.next() < 0.35;
            const r = plasma ? rng.range(11, 13) : rng.range(12, 15);
            n.add(
              x,
              y,
              plasma ? r * 1.25 : r,
              r,
              rng.range(0, Math.PI),
              plasma ? NUC.plasma : NUC.lymphocyte,
              0,
              rnd(),
              215,
              0,
            );
          } else if (p < inflam + fibro) {
            const angle = fibreAngle(t, x, y) + rng.gauss() * 0.15;
            n.add(
              x,
              y,
              rng.range(20, 30),
              rng.range(5, 7.5),
              angle,
              NUC.fibroblast,
              0,
              rnd(),
              205,
              0,
            );
          }
        }
      }
    }
  }
}

/** Large pale centroblasts mixed with small lymphocytes: a germinal centre, a lymphoma sheet. */
interface BlastSheet {
  /** Sites below this draw are centroblasts; the next ones, up to 0.72, lymphocytes. */
  blasts: number;
  /** Centroblast radius range, px, and its largest elongation. */
  radius: [number, number];
  elong: number;
  /** Centroblast darkness and cell radius (membranes), px. */
  dark: number;
  cell: number;
  /** Zone of the lymphocytes (the centroblasts': germinal). */
  lymphZone: number;
  /** Lymphocyte darkness. */
  lymphDark: number;
}

/** A lymph node's germinal centre: larger, paler cells (centroblasts), looser. */
const GERMINAL_CENTRE: BlastSheet = {
  blasts: 0.55,
  radius: [16, 21],
  elong: 1.25,
  dark: 150,
  cell: 24,
  lymphZone: ZONE.germinal,
  lymphDark: 235,
};
/** Lymphoma: diffuse sheets of large atypical B cells with a few small reactive T cells. */
const LYMPHOMA_SHEET: BlastSheet = {
  blasts: 0.5,
  radius: [17, 24],
  elong: 1.3,
  dark: 165,
  cell: 26,
  lymphZone: ZONE.none,
  lymphDark: 240,
};

/** One site of a BlastSheet: a centroblast, a lymphocyte or nothing, by the draw `p`. */
function blastSheetSite(
  n: Nuclei,
  rng: Rng,
  x: number,
  y: number,
  p: number,
  rnd: number,
  s: BlastSheet,
): void {
  if (p < s.blasts) {
    const r = rng.range(s.radius[0], s.radius[1]);
    n.add(
      x,
      y,
      r * rng.range(1, s.elong),
      r,
      rng.range(0, Math.PI),
      NUC.centroblast,
      ZONE.germinal,
      rnd,
      s.dark,
      s.cell,
    );
  } else if (p < 0.72) {
    n.add(x, y, 13, 12, rng.range(0, Math.PI), NUC.lymphocyte, s.lymphZone, rnd, s.lymphDark, 17);
  }
}

/**
 * One lymphoid site of a lymph node (capsule, sinus, follicles, germinal centres) or of a
 * lymphoma (fibrous rim, diffuse sheet); `m` is the depth inside the node, `p` a draw.
 */
function lymphoidSite(
  t: Tissue,
  n: Nuclei,
  rng: Rng,
  x: number,
  y: number,
  m: number,
  p: number,
): void {
  const rnd = Math.floor(rng.next() * 256);
  const node = t.kind === 'lymphNode';
  if (m < (node ? 130 : 90)) {
    // Capsule (lymphoma: fibrous rim): a few fibroblasts along the collagen.
    if (p < (node ? 0.12 : 0.1))
      n.add(
        x,
        y,
        rng.range(20, 28),
        rng.range(5, 7),
        fibreAngle(t, x, y),
        NUC.fibroblast,
        0,
        rnd,
        205,
        0,
      );
    return;
  }
  if (!node) {
    blastSheetSite(n, rng, x, y, p, rnd, LYMPHOMA_SHEET);
    return;
  }
  if (m < 280) {
    // Subcapsular sinus: sparse histiocytes and lymphocytes.
    if (p < 0.22)
      n.add(
        x,
        y,
        rng.range(13, 17),
        rng.range(11, 14),
        rng.range(0, Math.PI),
        NUC.lymphocyte,
        0,
        rnd,
        200,
        0,
      );
    return;
  }
  let zone: number = ZONE.none;
  for (const f of t.follicles) {
    const d = Math.hypot(x - f.cx, y - f.cy);
    if (d < f.gc) zone = ZONE.germinal;
    else if (d < f.r && zone === ZONE.none) zone = ZONE.follicle;
  }
  if (zone === ZONE.germinal) {
    // Germinal centre: larger, paler cells (centroblasts), looser.
    blastSheetSite(n, rng, x, y, p, rnd, GERMINAL_CENTRE);
    return;
  }
  const keep = zone === ZONE.follicle ? 0.95 : 0.84;
  if (p < keep) {
    const r = rng.range(12, 14.5);
    n.add(
      x,
      y,
      r * rng.range(1, 1.12),
      r,
      rng.range(0, Math.PI),
      NUC.lymphocyte,
      zone,
      rnd,
      240,
      17,
    );
  } else if (p < keep + 0.02) {
    n.add(x, y, 22, 7, rng.range(0, Math.PI), NUC.endothelial, 0, rnd, 200, 0);
  }
}
