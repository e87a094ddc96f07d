/**
 * Deterministic randomness for the demo library: a seeded generator and lattice value
 * noise. Everything the demo draws derives from these, so the same generator version
 * always produces the same pixels (and the tile cache stays valid across regenerations).
 */

/** Mixes a string into a 32-bit seed (FNV-1a). */
export function seedFrom(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Small fast generator (mulberry32); good enough for pictures, not for cryptography. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }
  /** Approximately normal (sum of three uniforms), mean 0, standard deviation ~1. */
  gauss(): number {
    return (this.next() + this.next() + this.next() - 1.5) * 2;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }
  /** A child generator, so that adding draws in one place does not shift another. */
  fork(label: string): Rng {
    return new Rng(seedFrom(label) ^ Math.floor(this.next() * 4294967296));
  }
}

/** Integer lattice hash in [0, 1). */
export function hash2(x: number, y: number, seed: number): number {
  let h = Math.imul(x | 0, 0x27d4eb2d) ^ Math.imul(y | 0, 0x165667b1) ^ seed;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

function wrapIndex(v: number, p: number): number {
  return ((v % p) + p) % p;
}

/** Value noise in [0, 1) on a unit lattice; `period` > 0 makes it tile with that period. */
export function valueNoise(x: number, y: number, seed: number, periodX = 0, periodY = 0): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = smooth(x - x0);
  const fy = smooth(y - y0);
  const xa = periodX > 0 ? wrapIndex(x0, periodX) : x0;
  const xb = periodX > 0 ? wrapIndex(x0 + 1, periodX) : x0 + 1;
  const ya = periodY > 0 ? wrapIndex(y0, periodY) : y0;
  const yb = periodY > 0 ? wrapIndex(y0 + 1, periodY) : y0 + 1;
  const a = hash2(xa, ya, seed);
  const b = hash2(xb, ya, seed);
  const c = hash2(xa, yb, seed);
  const d = hash2(xb, yb, seed);
  return a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
}

/** Fractal sum of value noise, roughly in [0, 1). */
export function fbm(x: number, y: number, seed: number, octaves: number): number {
  let sum = 0;
  let amp = 0.5;
  let norm = 0;
  let f = 1;
  for (let o = 0; o < octaves; o++) {
    sum += amp * valueNoise(x * f, y * f, seed + o * 1013);
    norm += amp;
    amp *= 0.5;
    f *= 2;
  }
  return sum / norm;
}

/**
 * A coarse grid of values sampled every `step` pixels over a width × height image, read
 * back with bilinear interpolation. Smooth fields (tissue outline, fibre warp) are cheap
 * to evaluate this way at full resolution.
 */
export class CoarseGrid {
  readonly cols: number;
  readonly rows: number;
  readonly data: Float32Array;
  constructor(
    width: number,
    height: number,
    readonly step: number,
  ) {
    this.cols = Math.ceil(width / step) + 2;
    this.rows = Math.ceil(height / step) + 2;
    this.data = new Float32Array(this.cols * this.rows);
  }
  fill(f: (x: number, y: number) => number): this {
    for (let r = 0; r < this.rows; r++) {
      for (let c = 0; c < this.cols; c++)
        this.data[r * this.cols + c] = f(c * this.step, r * this.step);
    }
    return this;
  }
  /** Bilinear value at pixel (x, y); clamps outside the grid. */
  at(x: number, y: number): number {
    let gx = x / this.step;
    let gy = y / this.step;
    if (gx < 0) gx = 0;
    if (gy < 0) gy = 0;
    if (gx > this.cols - 1.001) gx = this.cols - 1.001;
    if (gy > this.rows - 1.001) gy = this.rows - 1.001;
    const c = Math.floor(gx);
    const r = Math.floor(gy);
    const fx = gx - c;
    const fy = gy - r;
    const i = r * this.cols + c;
    const d = this.data;
    const a = d[i] as number;
    const b = d[i + 1] as number;
    const e = d[i + this.cols] as number;
    const g = d[i + this.cols + 1] as number;
    return a + (b - a) * fx + (e - a) * fy + (a - b - e + g) * fx * fy;
  }
  /** The grid value at lattice point (c, r), clamped. */
  cell(c: number, r: number): number {
    const cc = Math.min(this.cols - 1, Math.max(0, c));
    const rr = Math.min(this.rows - 1, Math.max(0, r));
    return this.data[rr * this.cols + cc] as number;
  }
}
