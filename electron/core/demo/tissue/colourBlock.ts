/**
 * Colours the maps of one block (blockMaps.ts) as an H&E or an IHC slide with a
 * Beer–Lambert model: each stain absorbs light in proportion to its amount, so
 * overlapping stains darken the way they do on glass.
 *
 * Everything is plain typed-array arithmetic: this is the hot loop of the demo generator.
 */
import type { BlockMaps } from './blockMaps';
import { GLASS_RGB, OD_MAX, OD_SCALE, WEIGHTS } from './stains';
import type { SlideStain } from './stains';
import { grainTexture } from './textures';
import { BLOCK } from './tissueTypes';

/**
 * Colours the maps of one block into `out` (RGB, BLOCK × BLOCK, row stride `stride`
 * bytes, starting at `offset`).
 */
export function colourBlock(
  m: BlockMaps,
  st: SlideStain,
  bx: number,
  by: number,
  out: Uint8Array,
  offset: number,
  stride: number,
): void {
  const { alpha, fib, epi, mucin, rbc, nucH, nucIdx, memb, cellIdx } = m;
  const od = st.palette.od;
  const [lr, lg, lb] = st.palette.light;
  const hR = od[0] as number;
  const hG = od[1] as number;
  const hB = od[2] as number;
  const eR = od[3] as number;
  const eG = od[4] as number;
  const eB = od[5] as number;
  const dR = od[6] as number;
  const dG = od[7] as number;
  const dB = od[8] as number;
  const mR = od[9] as number;
  const mG = od[10] as number;
  const mB = od[11] as number;
  const rR = od[12] as number;
  const rG = od[13] as number;
  const rB = od[14] as number;
  const gR = GLASS_RGB[0];
  const gG = GLASS_RGB[1];
  const gB = GLASS_RGB[2];
  const ihc = st.rule.ihc;
  const grain = grainTexture();
  const { nuc, mem, cyt, epithelialCell } = st;
  const gx0 = (bx * 37) & 255;
  const gy0 = (by * 91) & 255;
  const maxIndex = OD_SCALE * OD_MAX;
  // Collagen and tissue-presence weights, per stain type.
  const w = ihc ? WEIGHTS.ihc : WEIGHTS.he;
  const kFib = w.fib;
  const kA = w.a;
  const kHa = w.ha;
  const { fastE } = st;
  const [fr, fg, fb] = st.fast;
  for (let j = 0; j < BLOCK; j++) {
    let o = offset + j * stride;
    const grow = ((j + gy0) & 255) << 8;
    for (let i = 0; i < BLOCK; i++, o += 3) {
      const p = j * BLOCK + i;
      const a = alpha[p] as number;
      let nh = nucH[p] as number;
      const rc = rbc[p] as number;
      if (a === 0 && nh === 0 && rc === 0) {
        out[o] = gR;
        out[o + 1] = gG;
        out[o + 2] = gB;
        continue;
      }
      const f = fib[p] as number;
      const ep = epi[p] as number;
      const mc = mucin[p] as number;
      // Stain irregularity: ±12% of the amount, smooth at the scale of a few px.
      const g = 0.88 + (grain[grow | ((i + gx0) & 255)] as number) * 0.00094;
      if (a === 255 && (nh | ep | mc | rc) === 0 && (cellIdx[p] as number) < 0) {
        // Plain stroma (most pixels): one table lookup per channel.
        let ei = ((fastE[f] as number) * g) | 0;
        if (ei > 255) ei = 255;
        out[o] = fr[ei] as number;
        out[o + 1] = fg[ei] as number;
        out[o + 2] = fb[ei] as number;
        continue;
      }
      let H: number;
      let E: number;
      let D = 0;
      if (!ihc) {
        H = nh * 1.05 + ep * 0.14 + a * kHa + mc * 0.05;
        E = (f * a * kFib + ep * 0.62 + a * kA) * (1 - nh / 400);
      } else {
        const k = nucIdx[p] as number;
        if (k >= 0) {
          const pos = (nuc[k] as number) / 255;
          D = nh * pos * 1.15;
          nh *= 1 - 0.85 * pos;
        }
        const c = cellIdx[p] as number;
        if (c >= 0) {
          // Epithelial cytoplasm follows the epithelium map; other cells (lymphocytes)
          // have a thin rim of cytoplasm filling their cell.
          // The nucleus itself stays counterstained.
          const body = (epithelialCell[c] === 1 ? ep : 130) * (1 - (nucH[p] as number) / 255);
          D += ((memb[p] as number) * (mem[c] as number) + body * (cyt[c] as number)) / 255;
        }
        H = nh * 0.72 + ep * 0.05 + a * kHa;
        E = f * a * kFib + ep * 0.3 + a * kA;
      }
      H *= g;
      E *= g;
      let xR = H * hR + E * eR;
      let xG = H * hG + E * eG;
      let xB = H * hB + E * eB;
      if (D > 0) {
        D *= g;
        xR += D * dR;
        xG += D * dG;
        xB += D * dB;
      }
      if (mc > 0) {
        xR += mc * mR;
        xG += mc * mG;
        xB += mc * mB;
      }
      if (rc > 0) {
        xR += rc * rR;
        xG += rc * rG;
        xB += rc * rB;
      }
      let iR = (xR * OD_SCALE) | 0;
      let iG = (xG * OD_SCALE) | 0;
      let iB = (xB * OD_SCALE) | 0;
      if (iR > maxIndex) iR = maxIndex;
      if (iG > maxIndex) iG = maxIndex;
      if (iB > maxIndex) iB = maxIndex;
      out[o] = lr[iR] as number;
      out[o + 1] = lg[iG] as number;
      out[o + 2] = lb[iB] as number;
    }
  }
}
