/**
 * Geometry of a synthetic tissue section: fragment outlines, glands / tumour nests,
 * lymphoid follicles, fat, and every nucleus. Built once per case, because serial
 * sections of one block (H&E, then IHC) show the same tissue; each slide only stains it
 * differently (see tissueRender.ts).
 *
 * Units are level-0 pixels at 0.25 µm/px (40×), so 4 px = 1 µm. Sizes come from routine
 * histology: lymphocyte nucleus ~7 µm, epithelial nucleus 8–12 × 5–7 µm, fibroblast
 * ~12 × 3 µm, gastric / colonic gland cross-section 50–120 µm, adipocyte 50–100 µm.
 */
import { CoarseGrid, Rng, fbm, valueNoise } from './random';

export const BLOCK = 256;

export type TissueKind =
  | 'gastric'
  | 'colon'
  | 'breastCore'
  | 'breastResection'
  | 'prostate'
  | 'lymphNode'
  | 'lymphoma'
  | 'cytology';

/** Kinds of nucleus; they decide shape, chromatin and which markers stain them. */
export const NUC = {
  epithelial: 0,
  tumour: 1,
  fibroblast: 2,
  lymphocyte: 3,
  plasma: 4,
  basal: 5,
  centroblast: 6,
  endothelial: 7,
  /** Red blood cell: not a nucleus, but drawn the same way into its own map. */
  redCell: 8,
} as const;

/** Where a lymphoid nucleus sits, for B/T cell markers. */
export const ZONE = { none: 0, follicle: 1, germinal: 2 } as const;

/** A gland, duct, crypt or tumour nest: an ellipse with an optional lumen. */
export interface Gland {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  cos: number;
  sin: number;
  /** Lumen radius as a fraction of the outer radius (0: solid nest). */
  inner: number;
  /** Cytoplasm density 0–1 (foveolar mucin is pale, tumour cytoplasm is dense). */
  cyto: number;
  tumour: boolean;
  /** Mucin vacuoles (goblet cells) in the epithelium. */
  goblets: boolean;
  /** A capillary or venule: thin wall, lumen with red cells. */
  vessel: boolean;
  /** Papillary infolding: radius × (1 + wavy · sin(lobes · θ + phase)). */
  wavy: number;
  lobes: number;
  phase: number;
}

export interface Follicle {
  cx: number;
  cy: number;
  r: number;
  /** Germinal centre radius (0: primary follicle). */
  gc: number;
}

/** Struct-of-arrays list of nuclei. */
export class Nuclei {
  count = 0;
  x: Float32Array = new Float32Array(1024);
  y: Float32Array = new Float32Array(1024);
  /** Semi-axes in px (a along the orientation). */
  a: Float32Array = new Float32Array(1024);
  b: Float32Array = new Float32Array(1024);
  cos: Float32Array = new Float32Array(1024);
  sin: Float32Array = new Float32Array(1024);
  kind: Uint8Array = new Uint8Array(1024);
  zone: Uint8Array = new Uint8Array(1024);
  /** Per-nucleus random byte: decides marker positivity and intensity. */
  rnd: Uint8Array = new Uint8Array(1024);
  /** Chromatin darkness 0–255. */
  dark: Uint8Array = new Uint8Array(1024);
  /** Cell radius for membrane drawing (0: no membrane drawn). */
  cell: Float32Array = new Float32Array(1024);

  add(
    x: number,
    y: number,
    a: number,
    b: number,
    angle: number,
    kind: number,
    zone: number,
    rnd: number,
    dark: number,
    cell: number,
  ): void {
    if (this.count === this.x.length) this.grow();
    const i = this.count++;
    this.x[i] = x;
    this.y[i] = y;
    this.a[i] = a;
    this.b[i] = b;
    this.cos[i] = Math.cos(angle);
    this.sin[i] = Math.sin(angle);
    this.kind[i] = kind;
    this.zone[i] = zone;
    this.rnd[i] = rnd;
    this.dark[i] = dark;
    this.cell[i] = cell;
  }

  private grow(): void {
    const n = this.x.length * 2;
    const f = (old: Float32Array): Float32Array => {
      const next = new Float32Array(n);
      next.set(old);
      return next;
    };
    const u = (old: Uint8Array): Uint8Array => {
      const next = new Uint8Array(n);
      next.set(old);
      return next;
    };
    this.x = f(this.x);
    this.y = f(this.y);
    this.a = f(this.a);
    this.b = f(this.b);
    this.cos = f(this.cos);
    this.sin = f(this.sin);
    this.cell = f(this.cell);
    this.kind = u(this.kind);
    this.zone = u(this.zone);
    this.rnd = u(this.rnd);
    this.dark = u(this.dark);
  }
}

export interface Tissue {
  kind: TissueKind;
  width: number;
  height: number;
  seed: number;
  /** Signed distance-like field in px: > 0 inside tissue. */
  mask: CoarseGrid;
  /** > 0.5 where the tissue is fat (adipocytes). */
  fat: CoarseGrid | null;
  /** Collagen density multiplier (low in lymphoid tissue, high in capsule). */
  fibre: CoarseGrid;
  /** Large, slow displacement that bends collagen fibres. */
  warpX: CoarseGrid;
  warpY: CoarseGrid;
  /** Small displacement that makes gland outlines irregular. */
  jitterX: CoarseGrid;
  jitterY: CoarseGrid;
  glands: Gland[];
  follicles: Follicle[];
  nuclei: Nuclei;
  blockCols: number;
  blockRows: number;
  /** Per block: gland indices touching it. */
  glandBuckets: number[][];
  /** Per block: nucleus indices whose cell (not just nucleus) touches it. */
  nucleusBuckets: number[][];
  /** Per block: 1 when the block is bare glass (rendered as one shared tile). */
  empty: Uint8Array;
  /** Adipocyte spacing in px. */
  fatCell: number;
}

interface Fragment {
  cx: number;
  cy: number;
  /** Half length and half width in px. */
  a: number;
  b: number;
  angle: number;
  /** 0: ellipse, 1: needle core (capsule with straight sides). */
  core: boolean;
}

/** Slide size (level 0 px) for each kind; biopsies are small, resections larger. */
export const TISSUE_SIZE: Record<TissueKind, { width: number; height: number }> = {
  gastric: { width: 6144, height: 3584 },
  colon: { width: 6144, height: 3584 },
  breastCore: { width: 8192, height: 2560 },
  breastResection: { width: 6656, height: 4608 },
  prostate: { width: 8192, height: 2816 },
  lymphNode: { width: 6144, height: 4608 },
  lymphoma: { width: 6144, height: 4096 },
  cytology: { width: 6144, height: 4096 },
};

const MASK_STEP = 16;
/** Width of the perinodal fat around a lymph node, in px of the outline field. */
const NODE_FAT = 480;
const JITTER_STEP = 16;
const WARP_STEP = 64;
/** Edge softness of fragments, in px of the mask field. */
export const EDGE = 3;

function fragmentField(f: Fragment, x: number, y: number): number {
  const dx = x - f.cx;
  const dy = y - f.cy;
  const c = Math.cos(f.angle);
  const s = Math.sin(f.angle);
  let u = dx * c + dy * s;
  const v = -dx * s + dy * c;
  if (f.core) {
    // Capsule: straight sides, rounded (slightly ragged) ends.
    const half = f.a - f.b;
    u = Math.max(0, Math.abs(u) - half);
    return f.b - Math.hypot(u, v);
  }
  const d = Math.hypot(u / f.a, v / f.b);
  return (1 - d) * Math.min(f.a, f.b);
}

export function buildTissue(kind: TissueKind, seed: number): Tissue {
  const { width, height } = TISSUE_SIZE[kind];
  const rng = new Rng(seed);
  const fragments = makeFragments(kind, width, height, rng.fork('fragments'));
  const noiseSeed = Math.floor(rng.next() * 1e9);
  // Ragged edges: noise amplitude in px, larger for biopsies (crushed, torn).
  const ragged =
    kind === 'lymphNode' || kind === 'breastResection' || kind === 'gastric' || kind === 'colon'
      ? 170
      : kind === 'cytology'
        ? 0
        : 110;
  const mask = new CoarseGrid(width, height, MASK_STEP);
  const glands: Gland[] = [];
  const follicles: Follicle[] = [];
  if (kind === 'cytology') {
    makeCytologyClusters(width, height, rng.fork('clusters'), glands);
    mask.fill((x, y) => cytologyField(glands, x, y));
  } else {
    mask.fill((x, y) => {
      let m = -1e9;
      for (const f of fragments) m = Math.max(m, fragmentField(f, x, y));
      const n = fbm(x / 700, y / 700, noiseSeed, 4) - 0.5;
      // Small tears inside fragments: narrow dips of a second noise.
      return m + n * 2 * ragged;
    });
  }
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

function makeFragments(kind: TissueKind, width: number, height: number, rng: Rng): Fragment[] {
  const out: Fragment[] = [];
  switch (kind) {
    case 'gastric':
    case 'colon': {
      // Three or four small endoscopic biopsy fragments.
      const n = rng.int(2, 3);
      const margin = 450;
      const spacing = (width - 2 * margin) / n;
      for (let i = 0; i < n; i++) {
        const cx = margin + (i + 0.5) * spacing + rng.range(-100, 100);
        const cy = height * (0.5 + rng.range(-0.1, 0.1));
        const a = Math.min(spacing * rng.range(0.4, 0.47), height * 0.36);
        out.push({
          cx,
          cy,
          a,
          b: a * rng.range(0.65, 0.85),
          angle: rng.range(-0.5, 0.5),
          core: false,
        });
      }
      break;
    }
    case 'breastCore':
    case 'prostate': {
      // Needle cores lying along the slide: one wide breast core, two thin prostate cores.
      const n = kind === 'prostate' ? 2 : 1;
      const w = kind === 'prostate' ? 500 : 860;
      for (let i = 0; i < n; i++) {
        out.push({
          cx: width * 0.5 + rng.range(-200, 200),
          cy: ((i + 0.5) / n) * height + rng.range(-80, 80),
          a: width * 0.45,
          b: w + rng.range(-60, 60),
          angle: rng.range(-0.05, 0.05),
          core: true,
        });
      }
      break;
    }
    case 'breastResection':
      out.push({
        cx: width * 0.5,
        cy: height * 0.5,
        a: width * 0.44,
        b: height * 0.42,
        angle: 0.04,
        core: false,
      });
      break;
    case 'lymphNode':
      out.push({
        cx: width * 0.5,
        cy: height * 0.5,
        a: width * 0.43,
        b: height * 0.41,
        angle: -0.15,
        core: false,
      });
      break;
    case 'lymphoma':
      out.push({
        cx: width * 0.5,
        cy: height * 0.5,
        a: width * 0.42,
        b: height * 0.3,
        angle: 0.1,
        core: false,
      });
      out.push({ cx: width * 0.8, cy: height * 0.8, a: 500, b: 380, angle: 0.5, core: false });
      break;
    case 'cytology':
      break;
  }
  return out;
}

function makeCytologyClusters(width: number, height: number, rng: Rng, glands: Gland[]): void {
  // Cell clusters and isolated cells smeared over the middle of the slide.
  for (let i = 0; i < 150; i++) {
    const cluster = rng.next() < 0.35;
    const r = cluster ? rng.range(70, 170) : rng.range(38, 58);
    const angle = rng.range(0, Math.PI);
    glands.push({
      cx: width * 0.5 + rng.gauss() * width * 0.2,
      cy: height * 0.5 + rng.gauss() * height * 0.14,
      rx: r * (cluster ? rng.range(1, 1.8) : rng.range(1, 1.3)),
      ry: r,
      cos: Math.cos(angle),
      sin: Math.sin(angle),
      inner: 0,
      cyto: cluster ? 0.55 : 0.35,
      tumour: cluster,
      goblets: false,
      vessel: false,
      wavy: 0,
      lobes: 0,
      phase: 0,
    });
  }
}

function cytologyField(glands: readonly Gland[], x: number, y: number): number {
  let m = -1e9;
  for (const g of glands) {
    const dx = x - g.cx;
    const dy = y - g.cy;
    if (Math.abs(dx) > g.rx + 300 || Math.abs(dy) > g.rx + 300) continue;
    const u = dx * g.cos + dy * g.sin;
    const v = -dx * g.sin + dy * g.cos;
    m = Math.max(m, (1 - Math.hypot(u / g.rx, v / g.ry)) * g.ry);
  }
  return m;
}

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

function placeGlands(t: Tissue, rng: Rng, o: GlandOptions): void {
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
      cx: x,
      cy: y,
      rx,
      ry,
      cos: Math.cos(angle),
      sin: Math.sin(angle),
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

function placeFollicles(t: Tissue, rng: Rng): void {
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

/** Position of a point given in gland-local coordinates, before the outline jitter. */
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
  place: (u: number, v: number) => [number, number],
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

function glandPoint(t: Tissue, g: Gland, u: number, v: number): [number, number] {
  const lx = g.cx + u * g.cos - v * g.sin;
  const ly = g.cy + u * g.sin + v * g.cos;
  return [lx - t.jitterX.at(lx, ly), ly - t.jitterY.at(lx, ly)];
}

/** Direction of the collagen fibres at (x, y): the iso-lines of y + warpY. */
export function fibreAngle(t: Tissue, x: number, y: number): number {
  const h = 32;
  const dx = (t.warpY.at(x + h, y) - t.warpY.at(x - h, y)) / (2 * h);
  const dy = 1 + (t.warpY.at(x, y + h) - t.warpY.at(x, y - h)) / (2 * h);
  return Math.atan2(-dx, dy) + Math.PI / 2;
}

function makeNuclei(t: Tissue, rng: Rng): void {
  const n = t.nuclei;
  const rnd = (): number => Math.floor(rng.next() * 256);
  // Epithelium around each gland / filling each nest.
  for (const g of t.glands) {
    const mean = (g.rx + g.ry) / 2;
    if (g.vessel) {
      vesselCells(t, g, rng);
      continue;
    }
    if (g.inner > 0.05) {
      const tumour = g.tumour;
      // Columnar cells: nucleus near the base, long axis radial.
      const q = g.inner + (1 - g.inner) * (tumour ? 0.55 : 0.72);
      const spacing = tumour ? 30 : g.goblets ? 24 : 17;
      const count = Math.max(8, Math.round((2 * Math.PI * q * mean) / spacing));
      const wall = (1 - g.inner) * mean;
      for (let k = 0; k < count; k++) {
        const th = ((k + rng.range(-0.25, 0.25)) / count) * 2 * Math.PI;
        const qq = q + rng.range(-0.04, 0.04) * (tumour ? 2 : 1);
        const w = 1 + g.wavy * Math.sin(g.lobes * th + g.phase);
        const [x, y] = glandPoint(t, g, qq * w * g.rx * Math.cos(th), qq * w * g.ry * Math.sin(th));
        const radial =
          Math.atan2(g.ry * Math.sin(th), g.rx * Math.cos(th)) + Math.atan2(g.sin, g.cos);
        const len = tumour ? rng.range(17, 24) : Math.min(wall * 0.3, rng.range(15, 19));
        const wid = tumour ? rng.range(13, 18) : rng.range(7, 9.5);
        n.add(
          x,
          y,
          len,
          wid,
          radial,
          tumour ? NUC.tumour : NUC.epithelial,
          0,
          rnd(),
          tumour ? 150 : 185,
          Math.max(spacing * 1.2, wall * 0.7),
        );
      }
      if (t.kind === 'prostate' && !tumour) {
        // Basal cell layer: flat nuclei along the basement membrane.
        const bc = Math.round((2 * Math.PI * mean * 0.96) / 70);
        for (let k = 0; k < bc; k++) {
          const th = ((k + rng.range(-0.3, 0.3)) / bc) * 2 * Math.PI;
          const w = 1 + g.wavy * Math.sin(g.lobes * th + g.phase);
          const [x, y] = glandPoint(
            t,
            g,
            0.955 * w * g.rx * Math.cos(th),
            0.955 * w * g.ry * Math.sin(th),
          );
          const tangent =
            Math.atan2(g.ry * Math.cos(th), -g.rx * Math.sin(th)) + Math.atan2(g.sin, g.cos);
          n.add(x, y, rng.range(16, 22), rng.range(5, 7), tangent, NUC.basal, 0, rnd(), 200, 0);
        }
      }
      if (t.kind === 'breastResection' && !tumour) {
        const bc = Math.round((2 * Math.PI * mean * 0.96) / 80);
        for (let k = 0; k < bc; k++) {
          const th = ((k + rng.range(-0.3, 0.3)) / bc) * 2 * Math.PI;
          const [x, y] = glandPoint(t, g, 0.95 * g.rx * Math.cos(th), 0.95 * g.ry * Math.sin(th));
          const tangent =
            Math.atan2(g.ry * Math.cos(th), -g.rx * Math.sin(th)) + Math.atan2(g.sin, g.cos);
          n.add(x, y, rng.range(14, 18), rng.range(6, 8), tangent, NUC.basal, 0, rnd(), 200, 0);
        }
      }
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
      solidNestNuclei(n, g, spacing, rng, rnd, (u, v) => glandPoint(t, g, u, v));
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
          lymphomaSite(t, n, rng, x, y, m, p);
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

function vesselCells(t: Tissue, g: Gland, rng: Rng): void {
  const n = t.nuclei;
  const mean = (g.rx + g.ry) / 2;
  // Flat endothelial nuclei along the wall.
  const count = Math.max(2, Math.round((2 * Math.PI * mean) / 70));
  for (let k = 0; k < count; k++) {
    const th = ((k + rng.range(-0.3, 0.3)) / count) * 2 * Math.PI;
    const q = (g.inner + 1) / 2;
    const [x, y] = glandPoint(t, g, q * g.rx * Math.cos(th), q * g.ry * Math.sin(th));
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
      const [x, y] = glandPoint(t, g, uu, vv);
      const r = rng.range(13, 15);
      n.add(x, y, r, r * rng.range(0.8, 1), rng.range(0, Math.PI), NUC.redCell, 0, 0, 200, 0);
    }
  }
}

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
  if (m < 130) {
    // Capsule: a few fibroblasts along the collagen.
    if (p < 0.12)
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
    if (p < 0.55) {
      const r = rng.range(16, 21);
      n.add(
        x,
        y,
        r * rng.range(1, 1.25),
        r,
        rng.range(0, Math.PI),
        NUC.centroblast,
        zone,
        rnd,
        150,
        24,
      );
    } else if (p < 0.72) {
      n.add(x, y, 13, 12, rng.range(0, Math.PI), NUC.lymphocyte, zone, rnd, 235, 17);
    }
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

function lymphomaSite(
  t: Tissue,
  n: Nuclei,
  rng: Rng,
  x: number,
  y: number,
  m: number,
  p: number,
): void {
  const rnd = Math.floor(rng.next() * 256);
  if (m < 90) {
    if (p < 0.1)
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
  // Diffuse sheets of large atypical B cells with a few small reactive T cells.
  if (p < 0.5) {
    const r = rng.range(17, 24);
    n.add(
      x,
      y,
      r * rng.range(1, 1.3),
      r,
      rng.range(0, Math.PI),
      NUC.centroblast,
      ZONE.germinal,
      rnd,
      165,
      26,
    );
  } else if (p < 0.72) {
    n.add(x, y, 13, 12, rng.range(0, Math.PI), NUC.lymphocyte, ZONE.none, rnd, 240, 17);
  }
}

/** A coarse grid that is > 0 inside (or near) any gland, to keep stroma cells out. */
function glandCoverage(t: Tissue): CoarseGrid {
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
