/**
 * Textures of the synthetic tissue, built once and deterministic: collagen bundles and
 * fine grain (chromatin, stain irregularity).
 */
import { hash2, valueNoise } from '../random';

let fibreTex: Uint8Array | null = null;
let grainTex: Uint8Array | null = null;

/**
 * 512 × 512 tileable collagen texture: long horizontal bundles 3–10 µm thick with thin
 * clear clefts between them (the warp in the renderer bends them).
 */
export function fibreTexture(): Uint8Array {
  if (fibreTex) return fibreTex;
  const S = 512;
  const out = new Uint8Array(S * S);
  const seed = 0x1234;
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      let v = 0;
      let amp = 0.55;
      let norm = 0;
      // Octaves: wavelength along the fibre 256 → 64 px, across 32 → 8 px.
      for (let o = 0; o < 4; o++) {
        const px = 4 << o;
        const py = 32 << o;
        v += amp * tileNoise((x / S) * px, (y / S) * py, seed + o, px, py);
        norm += amp;
        amp *= 0.55;
      }
      v /= norm;
      // Bundles and clefts: a soft threshold.
      let f = (v - 0.3) / 0.4;
      f = f < 0 ? 0 : f > 1 ? 1 : f;
      out[y * S + x] = 70 + f * 185;
    }
  }
  fibreTex = out;
  return out;
}

/** 256 × 256 tileable fine grain (chromatin clumps, stain irregularity, sensor noise). */
export function grainTexture(): Uint8Array {
  if (grainTex) return grainTex;
  const S = 256;
  const out = new Uint8Array(S * S);
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      const v = 0.6 * tileNoise(x / 4, y / 4, 77, S / 4, S / 4) + 0.4 * hash2(x, y, 91);
      out[y * S + x] = v * 255;
    }
  }
  grainTex = out;
  return out;
}

function tileNoise(x: number, y: number, seed: number, px: number, py: number): number {
  return valueNoise(x, y, seed, Math.round(px), Math.round(py));
}
