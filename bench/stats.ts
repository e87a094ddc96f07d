/** Small helpers for benchmark figures: percentiles, rates, aligned tables. */

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export interface Timing {
  count: number;
  totalMs: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Runs `fn` once per item, sequentially, timing each call. */
export async function timeEach<T>(items: readonly T[], fn: (item: T) => unknown): Promise<Timing> {
  const times: number[] = [];
  const start = performance.now();
  for (const item of items) {
    const t0 = performance.now();
    await fn(item);
    times.push(performance.now() - t0);
  }
  const totalMs = performance.now() - start;
  return summarize(times, totalMs);
}

export function summarize(times: number[], totalMs: number): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    count: times.length,
    totalMs,
    perSecond: (times.length / totalMs) * 1000,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

export function table(rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells
    .map((r) =>
      r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '),
    )
    .join('\n');
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return '-';
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export function shuffle<T>(items: T[], seed = 1): T[] {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
