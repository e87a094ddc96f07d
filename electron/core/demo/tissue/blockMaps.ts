/**
 * Renders one 256 × 256 block of a synthetic tissue into stain-independent maps
 * (tissue presence, collagen, cytoplasm, nuclei, cell membranes); colourBlock.ts then
 * colours them as a slide.
 *
 * Everything is plain typed-array arithmetic: this is the hot loop of the demo generator.
 */
import type { CoarseGrid } from '../random';
import { blendFat, fatCellCentres, fatWallGap } from './fatCells';
import { fibreTexture, grainTexture } from './textures';
import { BLOCK, EDGE, NUC } from './tissueTypes';
import type { Tissue } from './tissueTypes';

const N = BLOCK * BLOCK;

/** Stain-independent content of one block. */
export class BlockMaps {
  /** Tissue presence 0–255 (0: bare glass or empty lumen). */
  readonly alpha = new Uint8Array(N);
  /** Collagen density 0–255. */
  readonly fib = new Uint8Array(N);
  /** Epithelial cytoplasm 0–255. */
  readonly epi = new Uint8Array(N);
  /** Mucin (goblet cells) 0–255. */
  readonly mucin = new Uint8Array(N);
  /** Red blood cells 0–255. */
  readonly rbc = new Uint8Array(N);
  /** Nuclear chromatin 0–255 and the nucleus it belongs to (-1: none). */
  readonly nucH = new Uint8Array(N);
  readonly nucIdx = new Int32Array(N);
  /** Cell membrane 0–255 and the cell that owns the pixel (-1: none). */
  readonly memb = new Uint8Array(N);
  readonly cellIdx = new Int32Array(N);
  private readonly d1 = new Float32Array(N);
  private readonly d2 = new Float32Array(N);
  private readonly fA = new Float32Array(N);
  private readonly fB = new Float32Array(N);
  private readonly gaps = new Float32Array((BLOCK / 4 + 1) * (BLOCK / 4 + 1));

  /** Fills the maps for block (bx, by); membranes only when a stain needs them. */
  render(t: Tissue, bx: number, by: number, membranes: boolean): void {
    const x0 = bx * BLOCK;
    const y0 = by * BLOCK;
    this.base(t, x0, y0);
    if (t.fat) this.fatPass(t, x0, y0);
    this.glandPass(t, bx, by, x0, y0);
    this.nucleusPass(t, bx, by, x0, y0);
    if (membranes) this.membranePass(t, bx, by, x0, y0);
    else {
      this.memb.fill(0);
      this.cellIdx.fill(-1);
    }
  }

  private base(t: Tissue, x0: number, y0: number): void {
    const { fA: mask } = this;
    const tex = fibreTexture();
    const { alpha, fib } = this;
    // Well inside the tissue (outline farther than the fraying reaches) alpha is 1.
    let inside = true;
    for (let y = y0; y <= y0 + BLOCK && inside; y += 16) {
      for (let x = x0; x <= x0 + BLOCK; x += 16) {
        if (t.mask.at(x, y) < EDGE + 12) {
          inside = false;
          break;
        }
      }
    }
    if (inside) alpha.fill(255);
    else bilinear(t.mask, x0, y0, mask);
    // Warp and collagen density share one coarse grid layout: interpolate all three
    // along each row segment between grid columns, without per-pixel buffers.
    const { warpX, warpY, fibre } = t;
    const S = warpX.step;
    const cols = warpX.cols;
    const dx = warpX.data;
    const dy = warpY.data;
    const df = fibre.data;
    for (let j = 0; j < BLOCK; j++) {
      const y = y0 + j;
      const gy = y / S;
      const r = Math.min(warpX.rows - 2, Math.floor(gy));
      const fy = gy - r;
      const row = r * cols;
      for (let cs = 0; cs < BLOCK; cs += S) {
        const c = Math.min(cols - 2, Math.floor((x0 + cs) / S));
        const q = row + c;
        const q2 = q + cols;
        const xL = (dx[q] as number) + ((dx[q2] as number) - (dx[q] as number)) * fy;
        const xR = (dx[q + 1] as number) + ((dx[q2 + 1] as number) - (dx[q + 1] as number)) * fy;
        const yL = (dy[q] as number) + ((dy[q2] as number) - (dy[q] as number)) * fy;
        const yR = (dy[q + 1] as number) + ((dy[q2 + 1] as number) - (dy[q + 1] as number)) * fy;
        const fL = (df[q] as number) + ((df[q2] as number) - (df[q] as number)) * fy;
        const fR = (df[q + 1] as number) + ((df[q2 + 1] as number) - (df[q + 1] as number)) * fy;
        const off = x0 + cs - c * S;
        const sx = (xR - xL) / S;
        const sy = (yR - yL) / S;
        const sf = (fR - fL) / S;
        let u = x0 + cs + xL + sx * off;
        let v = y + yL + sy * off;
        let fd = fL + sf * off;
        const end = Math.min(BLOCK, cs + S);
        for (let i = cs; i < end; i++) {
          const p = j * BLOCK + i;
          const tv = tex[(((v | 0) & 511) << 9) | ((u | 0) & 511)] as number;
          if (inside) {
            const f = tv * fd;
            fib[p] = f > 255 ? 255 : f;
          } else {
            // The outline frays along the collagen fibres (where there is collagen).
            const m = (mask[p] as number) + (tv - 140) * 0.06 * (fd > 1 ? 1 : fd);
            let a = (m + EDGE) / (2 * EDGE);
            a = a < 0 ? 0 : a > 1 ? 1 : a;
            alpha[p] = a * 255;
            const f = tv * fd;
            fib[p] = a === 0 ? 0 : f > 255 ? 255 : f;
          }
          u += 1 + sx;
          v += sy;
          fd += sf;
        }
      }
    }
    this.epi.fill(0);
    this.mucin.fill(0);
  }

  /** Adipocytes: large empty cells with thin membranes (a Voronoi pattern). */
  private fatPass(t: Tissue, x0: number, y0: number): void {
    const fat = t.fat;
    if (!fat) return;
    const { fA: fv } = this;
    const { alpha, fib } = this;
    // Cell centres of the 4×4 neighbourhood of the block (block 256 < cell 300).
    const { px, py } = fatCellCentres(x0, y0, t.fatCell, t.seed);
    // Distance to the nearest cell wall, sampled every 4 px and interpolated (it is
    // piecewise smooth): 16 times fewer distance computations.
    const gaps = this.gaps;
    const G = 4;
    const n = BLOCK / G + 1;
    // Bilinear values never exceed the grid values around them: skip fat-free blocks.
    let any = false;
    for (let y = y0; y <= y0 + BLOCK + fat.step && !any; y += fat.step) {
      for (let x = x0; x <= x0 + BLOCK + fat.step; x += fat.step) {
        if (fat.cell(Math.floor(x / fat.step), Math.floor(y / fat.step)) > 0.4) {
          any = true;
          break;
        }
      }
    }
    if (!any) return;
    bilinear(fat, x0, y0, fv);
    for (let gy = 0; gy < n; gy++) {
      const y = y0 + gy * G;
      for (let gx = 0; gx < n; gx++) {
        gaps[gy * n + gx] = fatWallGap(px, py, x0 + gx * G, y);
      }
    }
    for (let j = 0; j < BLOCK; j++) {
      const gy = j >> 2;
      const fy = (j & 3) / G;
      for (let i = 0; i < BLOCK; i++) {
        const p = j * BLOCK + i;
        const f = fv[p] as number;
        if (f <= 0.4 || (alpha[p] as number) === 0) continue;
        const gx = i >> 2;
        const fx = (i & 3) / G;
        const q = gy * n + gx;
        const g00 = gaps[q] as number;
        const g01 = gaps[q + 1] as number;
        const g10 = gaps[q + n] as number;
        const g11 = gaps[q + n + 1] as number;
        const gap = g00 + (g01 - g00) * fx + (g10 - g00) * fy + (g00 - g01 - g10 + g11) * fx * fy;
        blendFat(alpha, fib, p, f, gap);
      }
    }
  }

  private glandPass(t: Tissue, bx: number, by: number, x0: number, y0: number): void {
    const list = t.glandBuckets[by * t.blockCols + bx];
    if (!list || list.length === 0) return;
    const { fA: jx, fB: jy } = this;
    bilinear(t.jitterX, x0, y0, jx);
    bilinear(t.jitterY, x0, y0, jy);
    const { alpha, fib, epi, mucin } = this;
    for (const gi of list) {
      const g = t.glands[gi];
      if (!g) continue;
      const reach = Math.max(g.rx, g.ry) * (1 + g.wavy) + 24;
      const i0 = Math.max(0, Math.floor(g.cx - reach - x0));
      const i1 = Math.min(BLOCK - 1, Math.ceil(g.cx + reach - x0));
      const j0 = Math.max(0, Math.floor(g.cy - reach - y0));
      const j1 = Math.min(BLOCK - 1, Math.ceil(g.cy + reach - y0));
      const irx = 1 / g.rx;
      const iry = 1 / g.ry;
      const rEdge = Math.min(g.rx, g.ry);
      const inner = g.inner;
      const cyto = g.cyto * 255;
      const crypt = g.goblets;
      const vessel = g.vessel;
      const { wavy, lobes, phase } = g;
      const wavyLimit = (1.015 * (1 + wavy)) ** 2;
      // One goblet cell for about two columnar cells (nuclei every 24 px).
      const gobletCount = Math.round((Math.PI * (g.rx + g.ry)) / 2 / 24);
      // Row span of the ellipse grown by the outline jitter (≤ 20 px) and a margin.
      const Rx = g.rx * (1 + g.wavy) + 26;
      const Ry = g.ry * (1 + g.wavy) + 26;
      const qa = (g.cos * g.cos) / (Rx * Rx) + (g.sin * g.sin) / (Ry * Ry);
      const qb = 2 * g.cos * g.sin * (1 / (Rx * Rx) - 1 / (Ry * Ry));
      const qc = (g.sin * g.sin) / (Rx * Rx) + (g.cos * g.cos) / (Ry * Ry);
      for (let j = j0; j <= j1; j++) {
        const ry = y0 + j - g.cy;
        const disc = qb * qb * ry * ry - 4 * qa * (qc * ry * ry - 1);
        if (disc < 0) continue;
        const root = Math.sqrt(disc);
        const lo = Math.max(i0, Math.floor((-qb * ry - root) / (2 * qa) + g.cx - x0));
        const hi = Math.min(i1, Math.ceil((-qb * ry + root) / (2 * qa) + g.cx - x0));
        for (let i = lo; i <= hi; i++) {
          const p = j * BLOCK + i;
          const dx = x0 + i + (jx[p] as number) - g.cx;
          const dy = y0 + j + (jy[p] as number) - g.cy;
          const u = (dx * g.cos + dy * g.sin) * irx;
          const v = (-dx * g.sin + dy * g.cos) * iry;
          const q2 = u * u + v * v;
          if (q2 >= wavyLimit) continue;
          // Infolded glands: the radius swings with the polar angle.
          const q =
            wavy === 0
              ? Math.sqrt(q2)
              : Math.sqrt(q2) / (1 + wavy * Math.sin(lobes * Math.atan2(v, u) + phase));
          if (q >= 1.015) continue;
          // Antialiased outer edge (1.5 px), then lumen.
          let e = ((1 - q) * rEdge) / 1.5;
          e = e < 0 ? 0 : e > 1 ? 1 : e;
          if (e === 0) continue;
          const a = alpha[p] as number;
          if (a === 0) continue;
          let l = ((q - inner) * rEdge) / 1.5;
          l = l < 0 ? 0 : l > 1 ? 1 : l;
          if (inner === 0) l = 1;
          if (vessel) {
            // Thin pink wall around an empty lumen (red cells are drawn later).
            const lumen = e * (1 - l);
            alpha[p] = a * (1 - lumen);
            fib[p] = (fib[p] as number) * (1 - e) + 175 * e * l;
            continue;
          }
          // Lumen: mostly empty, a trace of pale secretion.
          const keep = e * (1 - l);
          alpha[p] = a * (1 - keep) + 28 * keep;
          const epiAmount = e * l;
          fib[p] = (fib[p] as number) * (1 - e);
          epi[p] = cyto * epiAmount;
          if (crypt && l > 0) {
            // Goblet cells: round mucin vacuoles on the luminal side, between nuclei.
            const depth = (q - inner) / (1 - inner);
            if (depth < 0.7) {
              const k = (Math.atan2(v, u) / (2 * Math.PI)) * gobletCount + 0.5;
              const da = (k - Math.round(k)) / 0.42;
              const dd = (depth - 0.24) / 0.12;
              const r = da * da + dd * dd;
              if (r < 1) {
                let m = (1 - r) * 4;
                m = m > 1 ? 1 : m;
                mucin[p] = 255 * m * epiAmount;
                epi[p] = cyto * epiAmount * (1 - 0.8 * m);
              }
            }
          }
        }
      }
    }
  }

  private nucleusPass(t: Tissue, bx: number, by: number, x0: number, y0: number): void {
    const { nucH, nucIdx, rbc, epi } = this;
    nucH.fill(0);
    nucIdx.fill(-1);
    rbc.fill(0);
    const list = t.nucleusBuckets[by * t.blockCols + bx];
    if (!list) return;
    const n = t.nuclei;
    const grain = grainTexture();
    for (const k of list) {
      const cx = (n.x[k] as number) - x0;
      const cy = (n.y[k] as number) - y0;
      const a = n.a[k] as number;
      const b = n.b[k] as number;
      const kind = n.kind[k] as number;
      const c = n.cos[k] as number;
      const s = n.sin[k] as number;
      if (kind === NUC.plasma) {
        // Amphophilic cytoplasm, nucleus at one end (eccentric).
        this.disc(epi, cx + c * a * 0.7, cy + s * a * 0.7, a * 1.75, b * 1.5, c, s, 90);
      }
      const i0 = Math.max(0, Math.floor(cx - a - 1));
      const i1 = Math.min(BLOCK - 1, Math.ceil(cx + a + 1));
      const j0 = Math.max(0, Math.floor(cy - a - 1));
      const j1 = Math.min(BLOCK - 1, Math.ceil(cy + a + 1));
      if (i0 > i1 || j0 > j1) continue;
      const ia = 1 / a;
      const ib = 1 / b;
      const dark = n.dark[k] as number;
      if (kind === NUC.redCell) {
        this.disc(rbc, cx, cy, a, b, c, s, 170, true);
        continue;
      }
      const vesicular = kind === NUC.tumour || kind === NUC.centroblast || kind === NUC.epithelial;
      const nucleolus = kind === NUC.tumour || kind === NUC.centroblast;
      // Edge ramp about 1.5 px wide.
      const edgePx = b * 0.33;
      // Grain offset per nucleus so that neighbours do not share a chromatin pattern.
      const go = Math.imul(k, 2654435761) >>> 0;
      const gox = go & 255;
      const goy = (go >>> 8) & 255;
      // Nucleolus position in nucleus coordinates.
      const nu = ((((go >>> 16) & 15) - 7.5) / 7.5) * 0.3;
      const nv = ((((go >>> 20) & 15) - 7.5) / 7.5) * 0.3;
      // disc()'s ellipse scan, kept inline: via a per-pixel callback, render() ran ~1.5× slower.
      for (let j = j0; j <= j1; j++) {
        const dy = j - cy;
        for (let i = i0; i <= i1; i++) {
          const dx = i - cx;
          const u = (dx * c + dy * s) * ia;
          const v = (-dx * s + dy * c) * ib;
          const q0 = u * u + v * v;
          if (q0 >= 1.15) continue;
          const g = (grain[(((j + goy) & 255) << 8) | ((i + gox) & 255)] as number) / 255;
          // Slightly irregular nuclear outline.
          const q = q0 + (g - 0.5) * 0.3;
          if (q >= 1) continue;
          let e = (1 - q) * edgePx;
          e = e > 1 ? 1 : e;
          let val: number;
          if (vesicular) {
            // Chromatin along the nuclear membrane, clumps inside, pale centre.
            val = dark * (0.36 + 0.6 * q * q + (g - 0.5) * 1.0);
            if (nucleolus) {
              const du = u - nu;
              const dv = v - nv;
              if (du * du + dv * dv < 0.045) val = 255;
            }
          } else if (kind === NUC.plasma) {
            val = dark * (0.5 + (g > 0.55 ? 0.45 : 0) + q * 0.2);
          } else {
            // Dense chromatin with coarse clumps.
            val = dark * (0.8 + (g - 0.5) * 0.7);
          }
          val *= e;
          const p = j * BLOCK + i;
          if (val > (nucH[p] as number)) {
            nucH[p] = val > 255 ? 255 : val;
            nucIdx[p] = k;
          }
        }
      }
    }
  }

  /** Max-blends an antialiased ellipse into `map` (block coordinates). */
  private disc(
    map: Uint8Array,
    cx: number,
    cy: number,
    a: number,
    b: number,
    c: number,
    s: number,
    value: number,
    paleCentre = false,
  ): void {
    const i0 = Math.max(0, Math.floor(cx - a - 1));
    const i1 = Math.min(BLOCK - 1, Math.ceil(cx + a + 1));
    const j0 = Math.max(0, Math.floor(cy - a - 1));
    const j1 = Math.min(BLOCK - 1, Math.ceil(cy + a + 1));
    const ia = 1 / a;
    const ib = 1 / b;
    const edgePx = b * 0.4;
    for (let j = j0; j <= j1; j++) {
      const dy = j - cy;
      for (let i = i0; i <= i1; i++) {
        const dx = i - cx;
        const u = (dx * c + dy * s) * ia;
        const v = (-dx * s + dy * c) * ib;
        const q = u * u + v * v;
        if (q >= 1) continue;
        let e = (1 - q) * edgePx;
        e = e > 1 ? 1 : e;
        // Red cells are biconcave: paler in the middle.
        const val = value * e * (paleCentre ? 0.62 + 0.38 * q : 1);
        const p = j * BLOCK + i;
        if (val > (map[p] as number)) map[p] = val;
      }
    }
  }

  /**
   * Cell outlines: each pixel belongs to the nearest cell centre within that cell's
   * radius; membranes run where two cells meet and along the free edge of a cell.
   */
  private membranePass(t: Tissue, bx: number, by: number, x0: number, y0: number): void {
    const { d1, d2, memb, cellIdx, epi } = this;
    d1.fill(1e9);
    d2.fill(1e9);
    cellIdx.fill(-1);
    memb.fill(0);
    const list = t.nucleusBuckets[by * t.blockCols + bx];
    if (!list) return;
    const n = t.nuclei;
    for (const k of list) {
      const r = n.cell[k] as number;
      if (r <= 0) continue;
      const cx = (n.x[k] as number) - x0;
      const cy = (n.y[k] as number) - y0;
      const i0 = Math.max(0, Math.floor(cx - r));
      const i1 = Math.min(BLOCK - 1, Math.ceil(cx + r));
      const j0 = Math.max(0, Math.floor(cy - r));
      const j1 = Math.min(BLOCK - 1, Math.ceil(cy + r));
      const r2 = r * r;
      for (let j = j0; j <= j1; j++) {
        const dy = j - cy;
        for (let i = i0; i <= i1; i++) {
          const dx = i - cx;
          const dd = dx * dx + dy * dy;
          if (dd > r2) continue;
          const p = j * BLOCK + i;
          const d = Math.sqrt(dd);
          if (d < (d1[p] as number)) {
            d2[p] = d1[p] as number;
            d1[p] = d;
            cellIdx[p] = k;
          } else if (d < (d2[p] as number)) d2[p] = d;
        }
      }
    }
    for (let p = 0; p < N; p++) {
      const k = cellIdx[p] as number;
      if (k < 0) continue;
      const r = n.cell[k] as number;
      const a = d1[p] as number;
      const b = d2[p] as number;
      // About 6 px (1.5 µm) wide where two cells meet, and along a cell's free edge.
      let m = 1 - (b - a - 2) / 4;
      if (b > 1e8) m = 0;
      const edge = 1 - (r - a) / 3;
      if (edge > m) m = edge;
      m = m < 0 ? 0 : m > 1 ? 1 : m;
      const kind = n.kind[k] as number;
      if (kind === NUC.tumour || kind === NUC.epithelial) {
        // Epithelial cells end where the epithelium ends.
        const ep = (epi[p] as number) / 50;
        if (ep < 1) m *= ep;
      }
      memb[p] = m * 255;
    }
  }
}

/** Fills a BLOCK × BLOCK buffer with the bilinear interpolation of a coarse grid. */
function bilinear(grid: CoarseGrid, x0: number, y0: number, out: Float32Array): void {
  const step = grid.step;
  const cols = grid.cols;
  const d = grid.data;
  const inv = 1 / step;
  for (let j = 0; j < BLOCK; j++) {
    const gy = (y0 + j) * inv;
    let r = Math.floor(gy);
    if (r > grid.rows - 2) r = grid.rows - 2;
    const fy = gy - r;
    const row = r * cols;
    let p = j * BLOCK;
    for (let cs = 0; cs < BLOCK; cs += step) {
      const c = Math.min(cols - 2, Math.floor((x0 + cs) * inv));
      const top0 = d[row + c] as number;
      const top1 = d[row + c + 1] as number;
      const bot0 = d[row + cols + c] as number;
      const bot1 = d[row + cols + c + 1] as number;
      const left = top0 + (bot0 - top0) * fy;
      const right = top1 + (bot1 - top1) * fy;
      const slope = (right - left) * inv;
      const n = Math.min(step, BLOCK - cs);
      const startFx = x0 + cs - c * step;
      for (let i = 0; i < n; i++) out[p++] = left + slope * (startFx + i);
    }
  }
}
