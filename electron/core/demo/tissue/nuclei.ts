/**
 * The nuclei of a synthetic tissue: one growable struct-of-arrays list (position, shape,
 * kind, zone and per-nucleus random byte), shared by the placement code and the renderer.
 */

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
