/**
 * When may the prefetcher start a source read? The gate every read goes through:
 *
 * - never while the viewer waits for a tile: the main thread counts its interactive reads
 *   in a SharedArrayBuffer, and the gate waits (Atomics.waitAsync) while it is above zero,
 *   so a tile the user is waiting for gets the bandwidth and the archive's connections;
 * - not beyond `concurrency` reads in flight, nor while the cache writer is far behind;
 * - per source ('archive:<id>', 'local'): its health. 'unavailable' blocks it with
 *   exponential back-off and jitter, then probes with one read at a time until one
 *   succeeds; a source slower than `slowBytesPerSec` over a window of active fetching is
 *   left alone for `slowRecheckMs`, then measured again.
 */
import type { Logger } from '../log/logger';
import { backoffMs, ThroughputMeter } from './pacing';
import type { PrefetchTuning } from './types';

export interface SourceHealth {
  failures: number;
  blockedUntil: number;
  reason: 'unavailable' | 'slow' | 'error' | null;
  /** After a failure, one read at a time until one succeeds. */
  probing: boolean;
  inFlight: number;
  meter: ThroughputMeter;
}

export interface GateDeps {
  tuning: PrefetchTuning;
  /** Int32 counter: interactive source reads in flight on the main thread. */
  interactive: Int32Array;
  log: Logger;
  /** Something changed (wakes waiters, reports progress). */
  changed(): void;
  /** Resolves at the next change(). */
  nextChange(): Promise<void>;
  /** The cache writer can take more (prefetchCache.mayStartRead). */
  writerReady(): boolean;
}

type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeout?: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** Waits on the interactive counter expire after this, so stale waiters do not pile up. */
const INTERACTIVE_WAIT_MS = 1000;
/** The engine yields to the worker's event loop at least this often (ms). */
const YIELD_EVERY_MS = 10;

function sleep(ms: number): { promise: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))));
  return { promise, cancel: () => clearTimeout(timer) };
}

export class SourceGate {
  private readonly sources = new Map<string, SourceHealth>();
  /** Reads in flight, all sources. */
  inFlight = 0;
  private lastYield = 0;

  constructor(private readonly deps: GateDeps) {}

  health(key: string): SourceHealth {
    let h = this.sources.get(key);
    if (!h) {
      h = {
        failures: 0,
        blockedUntil: 0,
        reason: null,
        probing: false,
        inFlight: 0,
        meter: new ThroughputMeter(this.deps.tuning.throughputWindowMs),
      };
      this.sources.set(key, h);
    }
    return h;
  }

  /**
   * Waits until a read of `key` may start, and takes a slot. False when the work is no
   * longer wanted (paused, preempted, replanned, closing).
   */
  async acquire(key: string, wanted: () => boolean): Promise<boolean> {
    const { deps } = this;
    const h = this.health(key);
    if (performance.now() - this.lastYield > YIELD_EVERY_MS) {
      // Reads that resolve at once (a warm disk) would otherwise chain microtasks forever
      // and starve the message port: pause, sync and close would wait for the case.
      await new Promise((resolve) => setImmediate(resolve));
      this.lastYield = performance.now();
    }
    for (;;) {
      if (!wanted()) return false;
      const interactive = Atomics.load(deps.interactive, 0);
      if (interactive > 0) {
        const w = waitAsync(deps.interactive, 0, interactive, INTERACTIVE_WAIT_MS);
        if (w.async) await Promise.race([w.value, deps.nextChange()]);
        continue;
      }
      const now = Date.now();
      if (h.blockedUntil > now) {
        const t = sleep(h.blockedUntil - now);
        await Promise.race([t.promise, deps.nextChange()]);
        t.cancel();
        continue;
      }
      if (
        this.inFlight >= deps.tuning.concurrency ||
        (h.probing && h.inFlight > 0) ||
        !deps.writerReady()
      ) {
        await deps.nextChange();
        continue;
      }
      this.inFlight++;
      h.inFlight++;
      return true;
    }
  }

  release(key: string): void {
    const h = this.health(key);
    this.inFlight--;
    h.inFlight--;
    this.deps.changed();
  }

  succeeded(key: string): void {
    const h = this.health(key);
    if (h.failures > 0 || h.probing) {
      if (h.reason === 'unavailable')
        this.deps.log.info('prefetch.source_back', { source: key, failures: h.failures });
      h.failures = 0;
      h.probing = false;
      h.reason = null;
      h.blockedUntil = 0;
      this.deps.changed();
    }
  }

  /** Blocks a source after a failure, unless a concurrent failure already did. */
  failed(key: string, reason: 'unavailable' | 'error'): void {
    const { tuning, log } = this.deps;
    const h = this.health(key);
    const now = Date.now();
    if (h.blockedUntil > now) return;
    const delay = backoffMs(h.failures, tuning.backoffBaseMs, tuning.backoffMaxMs);
    h.failures++;
    h.blockedUntil = now + delay;
    h.reason = reason;
    h.probing = true;
    h.meter.reset();
    if (h.failures === 1 || h.failures % 10 === 0) {
      log.warn('prefetch.source_failing', {
        source: key,
        reason,
        failures: h.failures,
        retryInMs: delay,
      });
    }
    this.deps.changed();
  }

  /** A read of `key` starts: measured for throughput while it runs. */
  readStarted(key: string): void {
    this.health(key).meter.start();
  }

  /** A read of `key` ended with `bytes` (0 when it failed); a slow window blocks the source. */
  readEnded(key: string, bytes: number): void {
    const h = this.health(key);
    const window = h.meter.end(bytes);
    if (!window || window.bytesPerSec >= this.deps.tuning.slowBytesPerSec) return;
    h.blockedUntil = Date.now() + this.deps.tuning.slowRecheckMs;
    h.reason = 'slow';
    this.deps.log.warn('prefetch.source_slow', {
      source: key,
      bytesPerSec: Math.round(window.bytesPerSec),
    });
    this.deps.changed();
  }

  /** Lifts every back-off now (a person asked to resume; new archive settings): not 'slow' unless `slow`. */
  unblock(slow: boolean): void {
    for (const s of this.sources.values()) if (slow || s.reason !== 'slow') s.blockedUntil = 0;
  }

  /** Sources blocked now, for people: unreachable or slow (not a single odd error). */
  blocked(now = Date.now()): { reason: 'unavailable' | 'slow'; blockedUntil: number }[] {
    return [...this.sources.values()]
      .filter((s) => s.blockedUntil > now && (s.reason === 'unavailable' || s.reason === 'slow'))
      .map((s) => ({ reason: s.reason as 'unavailable' | 'slow', blockedUntil: s.blockedUntil }));
  }

  /** Bytes per second of each source's last measured window. */
  throughput(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, s] of this.sources)
      if (s.meter.last !== null) out[key] = Math.round(s.meter.last);
    return out;
  }
}
