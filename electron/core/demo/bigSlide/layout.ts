/**
 * The resolution-independent description of a real-size demo section: smooth fields
 * (outline, fat, tumour area, lobules, collagen) that can be evaluated anywhere, and
 * glands, nests and vessels placed on global jittered grids, one candidate per grid cell,
 * decided by a hash of the cell. Any tile can therefore find every structure that touches
 * it without building the whole section, and two neighbouring tiles see the same gland.
 *
 * Units are level-0 pixels at 0.25 µm/px (4 px = 1 µm), as in tissue/tissueTypes.ts.
 */
import { Rng, fbm, hash2, valueNoise } from '../random';
import { glandEllipse } from '../tissue/glands';
import type { Gland } from '../tissue/tissueTypes';
import { BIG_SLIDE_SIZE } from '../../sources/synthetic/demoSlideDescriptor';
import type { BigSlideKind } from '../../sources/synthetic/demoSlideDescriptor';

/** Structure classes painted at coarse levels (their mean colours are in the descriptor). */
export const CLASS = {
  glass: 0,
  stroma: 1,
  looseStroma: 2,
  tumourStroma: 3,
  fat: 4,
  epithelium: 5,
  lumen: 6,
  tumour: 7,
  vessel: 8,
} as const;

export interface BigGland extends Gland {
  /** Unique per slide: seeds the gland's own nuclei. */
  id: number;
  /** Benign glands of prostate and breast have a basal (myoepithelial) cell layer. */
  basal: boolean;
}

interface LayerRule {
  /** Grid cell size, px: at most one structure per cell, so none overlap within a layer. */
  cell: number;
  /** Minimum stroma between structures, px. */
  gap: number;
  make(layout: BigLayout, x: number, y: number, rng: Rng): Omit<BigGland, 'id'> | null;
}

/** Needle core: a capsule along a gently bent centre line. */
interface Core {
  x0: number;
  x1: number;
  yc: number;
  bend: number;
  phase: number;
  halfWidth: number;
}

const CACHE_LIMIT = 200_000;

function ellipse(
  x: number,
  y: number,
  rx: number,
  ry: number,
  angle: number,
  o: Partial<Omit<BigGland, 'id'>>,
): Omit<BigGland, 'id'> {
  return {
    ...glandEllipse(x, y, rx, ry, angle),
    inner: 0,
    cyto: 0.5,
    tumour: false,
    goblets: false,
    vessel: false,
    wavy: 0,
    lobes: 6,
    phase: 0,
    basal: false,
    ...o,
  };
}

/** Radii of an ellipse of mean radius r and elongation up to `elong`. */
function radii(rng: Rng, rMin: number, rMax: number, elong: number): [number, number] {
  const r = rng.range(rMin, rMax);
  const e = rng.range(1, elong);
  return [r * Math.sqrt(e), r / Math.sqrt(e)];
}

export class BigLayout {
  readonly width: number;
  readonly height: number;
  private readonly rules: LayerRule[];
  private readonly caches: Map<number, BigGland | null>[];
  private readonly lobuleCache = new Map<number, [number, number, number] | null>();
  private readonly cores: Core[] = [];
  private readonly s: {
    noise: number;
    warp: number;
    fibre: number;
    fat: number;
    tumour: number;
    lobule: number;
    harmonics: number[];
  };

  constructor(
    readonly kind: BigSlideKind,
    readonly seed: number,
  ) {
    ({ width: this.width, height: this.height } = BIG_SLIDE_SIZE[kind]);
    const rng = new Rng(seed);
    const int = (): number => Math.floor(rng.next() * 1e9);
    this.s = {
      noise: int(),
      warp: int(),
      fibre: int(),
      fat: int(),
      tumour: int(),
      lobule: int(),
      harmonics: Array.from({ length: 6 }, () => rng.range(0, 2 * Math.PI)),
    };
    if (kind !== 'breastResection') {
      for (let i = 0; i < 3; i++) {
        const length = rng.range(52_000, 61_000);
        const x0 = (this.width - length) / 2 + rng.range(-1500, 1500);
        this.cores.push({
          x0,
          x1: x0 + length,
          yc: ((i + 0.5) / 3) * this.height + rng.range(-300, 300),
          bend: rng.range(-500, 500),
          phase: rng.range(0, 0.6),
          // About 1 mm wide (18G needle), crushed a little here and there.
          halfWidth: rng.range(1800, 2100),
        });
      }
    }
    this.rules = kind === 'breastResection' ? breastRules() : prostateRules(kind);
    this.caches = this.rules.map(() => new Map<number, BigGland | null>());
  }

  // --- Smooth fields ---------------------------------------------------------------------

  /** Signed distance-like field in px: > 0 inside the tissue. */
  mask(x: number, y: number): number {
    if (this.kind === 'breastResection') {
      const dx = x - this.width / 2;
      const dy = y - this.height / 2;
      const th = Math.atan2(dy / this.height, dx / this.width);
      const h = this.s.harmonics;
      const f =
        1 +
        0.07 * Math.sin(2 * th + (h[0] as number)) +
        0.05 * Math.sin(3 * th + (h[1] as number)) +
        0.03 * Math.sin(5 * th + (h[2] as number));
      const a = this.width * 0.45;
      const b = this.height * 0.43;
      const d = Math.hypot(dx / a, dy / b) / f;
      return (1 - d) * b + (fbm(x / 2500, y / 2500, this.s.noise, 4) - 0.5) * 1200;
    }
    let m = -1e9;
    for (const c of this.cores) {
      const centre = c.yc + c.bend * Math.sin(Math.PI * ((x - c.x0) / (c.x1 - c.x0) + c.phase));
      const w = c.halfWidth * (1 + (fbm(x / 6000, c.yc / 6000, this.s.noise + 7, 2) - 0.5) * 0.3);
      const beyond = Math.max(0, c.x0 - x, x - c.x1);
      m = Math.max(m, w - Math.hypot(beyond, y - centre));
    }
    // Ragged, slightly torn edges (as the biopsies of tissue/fragments.ts).
    return m + (fbm(x / 700, y / 700, this.s.noise, 4) - 0.5) * 220;
  }

  /** > 0 inside the invasive tumour (breast), or the cancer focus (prostate). */
  tumour(x: number, y: number): number {
    if (this.kind === 'breastResection') {
      const d = Math.hypot((x - this.width * 0.42) / 13_600, (y - this.height * 0.52) / 12_000);
      const th = Math.atan2(y - this.height * 0.52, x - this.width * 0.42);
      // Stellate outline: spicules into the surrounding fat and stroma.
      const spikes = 0.1 * Math.sin(9 * th + (this.s.harmonics[3] as number));
      return 1 - d + spikes + (fbm(x / 5000, y / 5000, this.s.tumour, 3) - 0.5) * 0.7;
    }
    if (this.kind !== 'prostateCoresTumour') return -1;
    const c = this.cores[1];
    if (!c) return -1;
    const u = (x - c.x0) / (c.x1 - c.x0);
    return 0.16 - Math.abs(u - 0.55) + (fbm(x / 3000, y / 3000, this.s.tumour, 2) - 0.5) * 0.12;
  }

  /** > 0.5 where the tissue is fat. */
  fat(x: number, y: number): number {
    if (this.kind !== 'breastResection') return 0;
    const t = this.tumour(x, y);
    return (fbm(x / 9000, y / 9000, this.s.fat, 3) - 0.5) * 4.5 + 0.62 - 2.2 * Math.max(0, t + 0.2);
  }

  /** Terminal duct-lobular unit containing (x, y): its centre and radius, or null. */
  lobule(x: number, y: number): [number, number, number] | null {
    if (this.kind !== 'breastResection') return null;
    const C = 3200;
    const c0 = Math.floor(x / C);
    const r0 = Math.floor(y / C);
    for (let r = r0 - 1; r <= r0 + 1; r++) {
      for (let c = c0 - 1; c <= c0 + 1; c++) {
        const l = this.lobuleAt(c, r, C);
        if (l && Math.hypot(x - l[0], y - l[1]) < l[2]) return l;
      }
    }
    return null;
  }

  private lobuleAt(c: number, r: number, C: number): [number, number, number] | null {
    const key = r * 100_000 + c;
    const hit = this.lobuleCache.get(key);
    if (hit !== undefined) return hit;
    const rng = new Rng(Math.floor(hash2(c, r, this.s.lobule) * 4294967296));
    let out: [number, number, number] | null = null;
    if (rng.next() < 0.5) {
      const x = (c + rng.range(0.35, 0.65)) * C;
      const y = (r + rng.range(0.35, 0.65)) * C;
      const radius = rng.range(800, 1300);
      if (this.mask(x, y) > radius + 600 && this.tumour(x, y) < -0.12 && this.fat(x, y) < 0.25)
        out = [x, y, radius];
    }
    if (this.lobuleCache.size > CACHE_LIMIT) this.lobuleCache.clear();
    this.lobuleCache.set(key, out);
    return out;
  }

  /** Collagen density multiplier (as Tissue.fibre). */
  fibre(x: number, y: number): number {
    const base = 0.75 + 0.5 * fbm(x / 1200, y / 1200, this.s.fibre, 2);
    if (this.kind !== 'breastResection') return 1.05 * base;
    if (this.tumour(x, y) > 0) return 0.8 * base;
    if (this.lobule(x, y)) return 0.45 * base;
    return base;
  }

  warpX(x: number, y: number): number {
    return (fbm(x / 1800, y / 1800, this.s.warp, 3) - 0.5) * 900;
  }

  warpY(x: number, y: number): number {
    return (fbm(x / 1500, y / 1500, this.s.warp + 99, 3) - 0.5) * 1100;
  }

  jitterX(x: number, y: number): number {
    return (valueNoise(x / 90, y / 90, this.s.warp + 5) - 0.5) * 40;
  }

  jitterY(x: number, y: number): number {
    return (valueNoise(x / 90, y / 90, this.s.warp + 6) - 0.5) * 40;
  }

  /** The stroma class at a point inside the tissue that no structure covers. */
  stromaClass(x: number, y: number): number {
    if (this.fat(x, y) > 0.5) return CLASS.fat;
    if (this.tumour(x, y) > 0) return CLASS.tumourStroma;
    if (this.lobule(x, y)) return CLASS.looseStroma;
    return CLASS.stroma;
  }

  /** Direction of collagen fibres at (x, y) (as fibreAngle in tissue/nucleiPlacement.ts). */
  fibreAngle(x: number, y: number): number {
    const h = 32;
    const dx = (this.warpY(x + h, y) - this.warpY(x - h, y)) / (2 * h);
    const dy = 1 + (this.warpY(x, y + h) - this.warpY(x, y - h)) / (2 * h);
    return Math.atan2(-dx, dy) + Math.PI / 2;
  }

  // --- Structures ------------------------------------------------------------------------

  /** Largest distance from a structure's centre that it can cover, px. */
  static reach(g: Gland): number {
    return Math.max(g.rx, g.ry) * (1 + g.wavy) + 30;
  }

  /** Every gland, nest or vessel that may touch the rectangle [x0, x1) × [y0, y1). */
  glandsIn(x0: number, y0: number, x1: number, y1: number): BigGland[] {
    const out: BigGland[] = [];
    this.rules.forEach((rule, layer) => {
      const C = rule.cell;
      for (let r = Math.floor(y0 / C) - 1; r <= Math.floor(y1 / C) + 1; r++) {
        for (let c = Math.floor(x0 / C) - 1; c <= Math.floor(x1 / C) + 1; c++) {
          const g = this.cellGland(layer, c, r);
          if (!g) continue;
          const reach = BigLayout.reach(g);
          if (g.cx + reach < x0 || g.cx - reach > x1 || g.cy + reach < y0 || g.cy - reach > y1)
            continue;
          out.push(g);
        }
      }
    });
    return out;
  }

  private cellGland(layer: number, c: number, r: number): BigGland | null {
    const cache = this.caches[layer] as Map<number, BigGland | null>;
    const key = r * 1_000_000 + c;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const g = this.decide(layer, c, r);
    if (cache.size > CACHE_LIMIT) cache.clear();
    cache.set(key, g);
    return g;
  }

  private decide(layer: number, c: number, r: number): BigGland | null {
    const rule = this.rules[layer] as LayerRule;
    const C = rule.cell;
    if (c < 0 || r < 0 || c * C > this.width || r * C > this.height) return null;
    const rng = new Rng(Math.floor(hash2(c, r, this.seed ^ (layer * 0x9e3779b1)) * 4294967296));
    const ox = rng.range(-0.2, 0.2);
    const oy = rng.range(-0.2, 0.2);
    const x = (c + 0.5 + ox) * C;
    const y = (r + 0.5 + oy) * C;
    const made = rule.make(this, x, y, rng);
    if (!made) return null;
    // Stay inside the cell (less half the gap): structures of a layer never overlap.
    const room = C * (0.5 - Math.max(Math.abs(ox), Math.abs(oy))) - rule.gap / 2;
    const reach = Math.max(made.rx, made.ry) * (1 + made.wavy);
    if (reach > room) {
      const k = room / reach;
      made.rx *= k;
      made.ry *= k;
    }
    if (Math.min(made.rx, made.ry) < 20) return null;
    const g: BigGland = { ...made, id: (layer << 28) ^ Math.imul(r, 92821) ^ c };
    if (this.mask(x, y) < BigLayout.reach(g) + 60) return null;
    if (!g.vessel || this.kind === 'breastResection') {
      if (this.fat(x, y) > 0.35) return null;
    }
    // Earlier layers win: drop a structure that would overlap one of theirs.
    for (let l = 0; l < layer; l++) {
      const other = this.rules[l] as LayerRule;
      const span = BigLayout.reach(g) + other.cell + rule.gap;
      for (
        let rr = Math.floor((y - span) / other.cell);
        rr <= Math.floor((y + span) / other.cell);
        rr++
      ) {
        for (
          let cc = Math.floor((x - span) / other.cell);
          cc <= Math.floor((x + span) / other.cell);
          cc++
        ) {
          const o = this.cellGland(l, cc, rr);
          if (
            o &&
            Math.hypot(o.cx - x, o.cy - y) < BigLayout.reach(o) + BigLayout.reach(g) + rule.gap / 2
          )
            return null;
        }
      }
    }
    return g;
  }

  /** Where (x, y) falls in gland g: outside, in its wall (epithelium) or in its lumen. */
  static glandPart(g: Gland, x: number, y: number): 'out' | 'wall' | 'lumen' {
    const dx = x - g.cx;
    const dy = y - g.cy;
    const u = (dx * g.cos + dy * g.sin) / g.rx;
    const v = (-dx * g.sin + dy * g.cos) / g.ry;
    let q = Math.hypot(u, v);
    if (q > 1 + g.wavy) return 'out';
    if (g.wavy > 0) q /= 1 + g.wavy * Math.sin(g.lobes * Math.atan2(v, u) + g.phase);
    if (q >= 1) return 'out';
    return q < g.inner ? 'lumen' : 'wall';
  }
}

function breastRules(): LayerRule[] {
  return [
    {
      // Interlobular ducts: two-layered epithelium around an open lumen.
      cell: 2600,
      gap: 120,
      make: (L, x, y, rng) => {
        if (rng.next() > 0.3 || L.tumour(x, y) > -0.05 || L.lobule(x, y)) return null;
        const [rx, ry] = radii(rng, 240, 420, 2.6);
        return ellipse(x, y, rx, ry, rng.range(0, Math.PI), {
          inner: rng.range(0.55, 0.68),
          cyto: 0.5,
          basal: true,
        });
      },
    },
    {
      // Invasive carcinoma of no special type: solid nests and a few tubules.
      cell: 560,
      gap: 70,
      make: (L, x, y, rng) => {
        const t = L.tumour(x, y);
        if (t <= 0 || rng.next() > 0.85 * Math.min(1, t * 5)) return null;
        const [rx, ry] = radii(rng, 80, 230, 2.2);
        const tubule = rng.next() < 0.35;
        return ellipse(x, y, rx, ry, rng.range(0, Math.PI), {
          inner: tubule ? rng.range(0.2, 0.35) : 0,
          cyto: 0.75,
          tumour: true,
        });
      },
    },
    {
      // Acini of a lobule (TDLU).
      cell: 340,
      gap: 50,
      make: (L, x, y, rng) => {
        if (!L.lobule(x, y) || rng.next() > 0.85) return null;
        const [rx, ry] = radii(rng, 100, 140, 1.3);
        return ellipse(x, y, rx, ry, rng.range(0, Math.PI), {
          inner: rng.range(0.35, 0.5),
          cyto: 0.5,
          basal: true,
        });
      },
    },
    vesselRule(90),
  ];
}

function prostateRules(kind: BigSlideKind): LayerRule[] {
  const rules: LayerRule[] = [];
  if (kind === 'prostateCoresTumour') {
    rules.push({
      // Acinar adenocarcinoma: small crowded glands with one cell layer, no basal cells.
      cell: 300,
      gap: 40,
      make: (L, x, y, rng) => {
        if (L.tumour(x, y) <= 0 || rng.next() > 0.8) return null;
        const [rx, ry] = radii(rng, 60, 100, 1.4);
        return ellipse(x, y, rx, ry, rng.range(0, Math.PI), {
          inner: rng.range(0.3, 0.5),
          cyto: 0.6,
          tumour: true,
        });
      },
    });
  }
  rules.push({
    // Benign glands: large, with papillary infolding and a basal cell layer.
    cell: 1000,
    gap: 80,
    make: (L, x, y, rng) => {
      if (rng.next() > 0.75 || L.tumour(x, y) > -0.05) return null;
      const [rx, ry] = radii(rng, 150, 360, 1.8);
      return ellipse(x, y, rx, ry, rng.range(0, Math.PI), {
        inner: rng.range(0.6, 0.75),
        cyto: 0.3,
        wavy: rng.range(0.04, 0.1),
        lobes: rng.int(5, 9),
        phase: rng.range(0, 2 * Math.PI),
        basal: true,
      });
    },
  });
  rules.push(vesselRule(60));
  return rules;
}

/** Capillaries and venules in the stroma. */
function vesselRule(rMax: number): LayerRule {
  return {
    cell: 1100,
    gap: 30,
    make: (_L, x, y, rng) => {
      if (rng.next() > 0.5) return null;
      const [rx, ry] = radii(rng, 24, rMax, 2.2);
      return ellipse(x, y, rx, ry, rng.range(0, Math.PI), {
        inner: rng.range(0.72, 0.82),
        cyto: 0,
        vessel: true,
      });
    },
  };
}
