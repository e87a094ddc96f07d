/**
 * When the report draft is saved (issue 8). Pure scheduling with an injected clock, so the
 * timing rules are unit-tested with a fake one:
 *
 * - a save starts QUIET_MS after typing stops (debounce);
 * - during continuous typing, a save starts at most MAX_WAIT_MS after the first change that
 *   is not saved yet, so whatever was typed more than half a second before a crash is on
 *   disk (MAX_WAIT_MS plus one save, a few milliseconds with SQLite);
 * - one save at a time: changes made while one is under way are saved right after it;
 * - a failed save keeps the text (nothing here touches it), reports the error and is tried
 *   again after RETRY_MS, or at once with retry().
 */

/** Debounce after the last keystroke (the brief: ≤ 300 ms). */
export const QUIET_MS = 300;
/** Longest wait for a save while typing goes on (the brief: < 0.5 s lost in a crash). */
export const MAX_WAIT_MS = 400;
/** A failed save is tried again after this long, without the user doing anything. */
export const RETRY_MS = 3000;

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface AutosaveOptions<T> {
  save: (value: T) => Promise<void>;
  onStatus: (status: SaveStatus, error: unknown) => void;
  clock?: Clock;
  quietMs?: number;
  maxWaitMs?: number;
  retryMs?: number;
}

export interface Autosave<T> {
  /** The value changed (a keystroke): schedules a save. */
  change(value: T): void;
  /** Saves what is pending now (leaving the panel, before signing). */
  flush(): Promise<void>;
  /** Tries a failed save again at once. */
  retry(): void;
  status(): SaveStatus;
  /** Stops the timers; what was not saved stays unsaved. */
  dispose(): void;
}

export function createAutosave<T>(options: AutosaveOptions<T>): Autosave<T> {
  const clock = options.clock ?? realClock;
  const quietMs = options.quietMs ?? QUIET_MS;
  const maxWaitMs = options.maxWaitMs ?? MAX_WAIT_MS;
  const retryMs = options.retryMs ?? RETRY_MS;

  let pending: { value: T } | null = null;
  /** When the oldest unsaved change was made. */
  let firstChangeAt: number | null = null;
  let timer: unknown = null;
  let inFlight: Promise<void> | null = null;
  let current: SaveStatus = 'idle';
  let disposed = false;

  const setStatus = (s: SaveStatus, error: unknown = null) => {
    current = s;
    options.onStatus(s, error);
  };

  const clearTimer = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };

  const schedule = (ms: number) => {
    clearTimer();
    timer = clock.setTimeout(() => {
      timer = null;
      void start();
    }, ms);
  };

  const start = async (): Promise<void> => {
    if (disposed || pending === null) return;
    if (inFlight) return; // the running save's end starts the next
    clearTimer();
    const { value } = pending;
    pending = null;
    firstChangeAt = null;
    setStatus('saving');
    let failed = false;
    let error: unknown = null;
    const run = options.save(value).catch((e: unknown) => {
      failed = true;
      error = e;
    });
    inFlight = run;
    await run;
    inFlight = null;
    if (disposed) return;
    if (failed) {
      // Keep the newest value: a change typed during the save wins over the failed one.
      if (pending === null) pending = { value };
      firstChangeAt ??= clock.now();
      setStatus('error', error);
      schedule(retryMs);
      return;
    }
    if (pending !== null) {
      // Typed during the save: its own deadline still counts from its first change.
      const waited = clock.now() - (firstChangeAt ?? clock.now());
      if (waited >= maxWaitMs) void start();
      else {
        setStatus('pending');
        schedule(Math.min(quietMs, maxWaitMs - waited));
      }
      return;
    }
    setStatus('saved');
  };

  return {
    change(value) {
      if (disposed) return;
      pending = { value };
      const now = clock.now();
      firstChangeAt ??= now;
      if (inFlight) return;
      if (current !== 'error') setStatus('pending');
      const left = maxWaitMs - (now - firstChangeAt);
      if (left <= 0) void start();
      else schedule(Math.min(quietMs, left));
    },
    async flush() {
      if (inFlight) await inFlight;
      if (pending !== null) await start();
      if (inFlight) await inFlight;
    },
    retry() {
      if (current === 'error' && !inFlight) void start();
    },
    status: () => current,
    dispose() {
      disposed = true;
      clearTimer();
    },
  };
}
