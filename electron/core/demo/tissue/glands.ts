/**
 * Glands, ducts, tumour nests, vessels and lymphoid follicles of a synthetic tissue: where
 * they lie, the cells of solid nests and vessels, and the stroma they keep cells out of.
 */
import { CoarseGrid } from '../random';
import type { Rng } from '../random';
import type { Nuclei } from './nuclei';
import { NODE_FAT, NUC } from './tissueTypes';
import type { Gland, Tissue } from './tissueTypes';

interface GlandOptions {
  rMin: number;
  rMax: number;
  /** Maximum ratio of the long to the short axis. */
  elong: number;
  /** Minimum stroma between two glands, px. */
  gap: number;
  inner: [number, number];
  cyto: number;
  /** Minimum depth inside the tissue outline, px. */
  minDepth: number;
  tumour?: boolean;
  goblets?: boolean;
  region?: (x: number, y: number) => boolean;
  /** Group glands in lobules. */
  cluster?: boolean;
  vessel?: boolean;
  /** Amplitude of papillary infolding (benign prostate). */
  wavy?: number;
  /** Stop after this many. */
  limit?: number;
}

export function placeGlands(t: Tissue, rng: Rng, o: GlandOptions): void {
  const attempts = Math.floor((t.width * t.height) / 4000);
  let centres: { x: number; y: number }[] = [];
  if (o.cluster) {
    centres = Array.from({ length: 5 }, () => ({
      x: rng.range(0, t.width),
      y: rng.range(0, t.height),
    }));
  }
  let placed = 0;
  for (let k = 0; k < attempts && placed < (o.limit ?? Infinity); k++) {
    let x = rng.range(0, t.width);
    let y = rng.range(0, t.height);
    if (o.cluster) {
      const c = rng.pick(centres);
      x = c.x + rng.gauss() * 500;
      y = c.y + rng.gauss() * 500;
    }
    const r = rng.range(o.rMin, o.rMax);
    const e = rng.range(1, o.elong);
    const rx = r * Math.sqrt(e);
    const ry = r / Math.sqrt(e);
    if (t.mask.at(x, y) < rx + o.minDepth - 80) continue;
    if (o.region && !o.region(x, y)) continue;
    if ((t.fat?.at(x, y) ?? 0) > 0.5) continue;
    let clash = false;
    for (const g of t.glands) {
      const d = Math.hypot(g.cx - x, g.cy - y);
      if (d < Math.max(g.rx, g.ry) + rx + o.gap) {
        clash = true;
        break;
      }
    }
    if (clash) continue;
    const angle = rng.range(0, Math.PI);
    placed++;
    t.glands.push({
      ...glandEllipse(x, y, rx, ry, angle),
      inner: rng.range(o.inner[0], o.inner[1]),
      cyto: o.cyto,
      tumour: o.tumour ?? false,
      goblets: o.goblets ?? false,
      vessel: o.vessel ?? false,
      wavy: o.wavy ? rng.range(0.5, 1) * o.wavy : 0,
      lobes: rng.int(5, 9),
      phase: rng.range(0, 2 * Math.PI),
    });
  }
}

/**
 * Where a gland (nest, vessel) lies: centre (x, y), radii and the long axis at `angle`.
 * Shared with the real-size slides' layout (bigSlide/layout.ts).
 */
export function glandEllipse(
  x: number,
  y: number,
  rx: number,
  ry: number,
  angle: number,
): Pick<Gland, 'cx' | 'cy' | 'rx' | 'ry' | 'cos' | 'sin'> {
  return { cx: x, cy: y, rx, ry, cos: Math.cos(angle), sin: Math.sin(angle) };
}

/** Turns a point in a gland's own coordinates (u along its long axis) into pixels. */
export type GlandPlace = (u: number, v: number) => [number, number];

export function placeFollicles(t: Tissue, rng: Rng): void {
  // Follicles lie in the outer cortex, under the sinus.
  for (let k = 0; k < 4000 && t.follicles.length < 9; k++) {
    const x = rng.range(0, t.width);
    const y = rng.range(0, t.height);
    const r = rng.range(420, 700);
    const m = t.mask.at(x, y);
    if (m < r + NODE_FAT + 320 || m > r + NODE_FAT + 1100) continue;
    if (t.follicles.some((f) => Math.hypot(f.cx - x, f.cy - y) < f.r + r + 120)) continue;
    t.follicles.push({ cx: x, cy: y, r, gc: rng.next() < 0.8 ? r * rng.range(0.55, 0.7) : 0 });
  }
}

/**
 * A solid nest or cell cluster: a jittered grid of pleomorphic tumour cells over the
 * gland's ellipse, `spacing` apart. `place` turns the gland's own coordinates into slide
 * pixels. Shared with the real-size slides (bigSlide/fineTile.ts): same draws, same cells.
 */
export function solidNestNuclei(
  n: Nuclei,
  g: Gland,
  spacing: number,
  rng: Rng,
  rnd: () => number,
  place: GlandPlace,
): void {
  const reach = Math.max(g.rx, g.ry);
  for (let v = -reach; v <= reach; v += spacing) {
    for (let u = -reach; u <= reach; u += spacing) {
      const uu = u + rng.range(-0.3, 0.3) * spacing;
      const vv = v + rng.range(-0.3, 0.3) * spacing;
      if (Math.hypot(uu / g.rx, vv / g.ry) > 0.9) continue;
      const [x, y] = place(uu, vv);
      const size = rng.range(14, 22) * (rng.next() < 0.08 ? 1.4 : 1);
      n.add(
        x,
        y,
        size * rng.range(1, 1.35),
        size,
        rng.range(0, Math.PI),
        NUC.tumour,
        0,
        rnd(),
        rng.range(120, 200),
        spacing * 0.85,
      );
    }
  }
}

/** Position of a point given in gland-local coordinates, before the outline jitter. */
export function glandPoint(t: Tissue, g: Gland, u: number, v: number): [number, number] {
  const lx = g.cx + u * g.cos - v * g.sin;
  const ly = g.cy + u * g.sin + v * g.cos;
  return [lx - t.jitterX.at(lx, ly), ly - t.jitterY.at(lx, ly)];
}

/**
 * A vessel: flat endothelial nuclei along its wall, red cells filling part of its lumen.
 * `place` turns the gland's own coordinates into pixels. Shared with the real-size slides
 * (bigSlide/fineTile.ts): same draws, same cells.
 */
export function vesselCells(n: Nuclei, g: Gland, rng: Rng, place: GlandPlace): void {
  const mean = (g.rx + g.ry) / 2;
  // Flat endothelial nuclei along the wall.
  const count = Math.max(2, Math.round((2 * Math.PI * mean) / 70));
  for (let k = 0; k < count; k++) {
    const th = ((k + rng.range(-0.3, 0.3)) / count) * 2 * Math.PI;
    const q = (g.inner + 1) / 2;
    const [x, y] = place(q * g.rx * Math.cos(th), q * g.ry * Math.sin(th));
    const tangent =
      Math.atan2(g.ry * Math.cos(th), -g.rx * Math.sin(th)) + Math.atan2(g.sin, g.cos);
    n.add(x, y, rng.range(14, 20), rng.range(4, 5.5), tangent, NUC.endothelial, 0, 0, 200, 0);
  }
  // Red cells (7.5 µm) filling part of the lumen.
  const fill = rng.range(0.3, 0.9);
  for (let v = -g.ry; v <= g.ry; v += 26) {
    for (let u = -g.rx; u <= g.rx; u += 26) {
      const uu = u + rng.range(-7, 7);
      const vv = v + rng.range(-7, 7);
      if (Math.hypot(uu / g.rx, vv / g.ry) > g.inner - 0.12 || rng.next() > fill) continue;
      const [x, y] = place(uu, vv);
      const r = rng.range(13, 15);
      n.add(x, y, r, r * rng.range(0.8, 1), rng.range(0, Math.PI), NUC.redCell, 0, 0, 200, 0);
    }
  }
}

/** A coarse grid that is > 0 inside (or near) any gland, to keep stroma cells out. */
export function glandCoverage(t: Tissue): CoarseGrid {
  const g = new CoarseGrid(t.width, t.height, 16);
  for (const gl of t.glands) {
    const reach = Math.max(gl.rx, gl.ry) * (1 + gl.wavy) + 40;
    const c0 = Math.max(0, Math.floor((gl.cx - reach) / 16));
    const c1 = Math.min(g.cols - 1, Math.ceil((gl.cx + reach) / 16));
    const r0 = Math.max(0, Math.floor((gl.cy - reach) / 16));
    const r1 = Math.min(g.rows - 1, Math.ceil((gl.cy + reach) / 16));
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const dx = c * 16 - gl.cx;
        const dy = r * 16 - gl.cy;
        const u = dx * gl.cos + dy * gl.sin;
        const v = -dx * gl.sin + dy * gl.cos;
        // 8% beyond the outline (plus jitter) is still counted as gland.
        if (Math.hypot(u / (gl.rx + 24), v / (gl.ry + 24)) < 1.04 * (1 + gl.wavy))
          g.data[r * g.cols + c] = 1;
      }
    }
  }
  return g;
}
