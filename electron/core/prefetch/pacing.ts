/**
 * Pacing of the prefetcher's source reads: back-off after errors and throughput
 * measurement to notice a slow link. Pure logic with an injected clock, tested alone.
 */

/**
 * Exponential back-off with "equal jitter": half the delay is fixed, half random, so that
 * many workstations that lost the archive at the same moment do not come back in step.
 * `attempt` counts failures so far (0 for the first retry).
 */
export function backoffMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Throughput of one source, measured over the time at least one read was in flight (time
 * spent waiting for the user's tiles or paused does not count as slow). Every
 * `windowMs` of such active time, the window closes and `onWindow` reports bytes/s.
 */
export class ThroughputMeter {
  private active = 0;
  private activeSince = 0;
  private activeMs = 0;
  private bytes = 0;
  private reads = 0;
  /** Bytes per second of the last closed window, or null before the first one. */
  last: number | null = null;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    if (this.active++ === 0) this.activeSince = this.now();
  }

  /**
   * A read ended (`bytes` = 0 for a failure). Returns the window's bytes/s when this read
   * closed a window, else null.
   */
  end(bytes: number): { bytesPerSec: number; reads: number } | null {
    this.bytes += bytes;
    this.reads++;
    if (--this.active === 0) {
      const t = this.now();
      this.activeMs += t - this.activeSince;
      this.activeSince = t;
    }
    const activeMs = this.activeMs + (this.active > 0 ? this.now() - this.activeSince : 0);
    if (activeMs < this.windowMs) return null;
    const result = { bytesPerSec: (this.bytes * 1000) / activeMs, reads: this.reads };
    this.last = result.bytesPerSec;
    this.reset();
    return result;
  }

  /** Forgets the current window (after a pause, the link may have changed). */
  reset(): void {
    this.bytes = 0;
    this.reads = 0;
    this.activeMs = 0;
    this.activeSince = this.now();
  }
}
