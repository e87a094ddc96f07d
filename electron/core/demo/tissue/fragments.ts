/**
 * The outline of a synthetic tissue section: biopsy fragments, needle cores and resections
 * as a signed field with ragged edges, or the cell clusters of a cytology smear.
 */
import { CoarseGrid, fbm } from '../random';
import type { Rng } from '../random';
import { MASK_STEP } from './tissueTypes';
import type { Gland, TissueKind } from './tissueTypes';

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

/**
 * The tissue outline field (> 0 inside): fragments with ragged edges, or for cytology the
 * smeared clusters, which it adds to `glands`.
 */
export function tissueMask(
  kind: TissueKind,
  width: number,
  height: number,
  rng: Rng,
  glands: Gland[],
): CoarseGrid {
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
  return mask;
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
