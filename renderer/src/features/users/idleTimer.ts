/**
 * Locks the session after a period without input (issue 8). Pure: the clock and the timer
 * are passed in, so tests drive it with a fake clock.
 *
 * Input arrives many times a second (pointer moves), so activity() only notes the time;
 * a single timer is armed for the earliest moment the delay can have passed, and when it
 * fires it either reports idleness or re-arms for the time that is left.
 */
export interface IdleClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface IdleTimer {
  /** Input happened: the delay starts again. */
  activity(): void;
  /** A new delay (ms); 0 or less never fires. Counts from the last activity. */
  setDelay(ms: number): void;
  stop(): void;
}

export function createIdleTimer(delayMs: number, onIdle: () => void, clock: IdleClock): IdleTimer {
  let delay = delayMs;
  let last = clock.now();
  let handle: unknown = null;
  let stopped = false;

  const disarm = () => {
    if (handle !== null) clock.clearTimeout(handle);
    handle = null;
  };
  const arm = () => {
    disarm();
    if (stopped || delay <= 0) return;
    const left = Math.max(0, last + delay - clock.now());
    handle = clock.setTimeout(fire, left);
  };
  function fire() {
    handle = null;
    if (stopped || delay <= 0) return;
    if (clock.now() - last >= delay) {
      // Fires once; activity() re-arms it.
      onIdle();
      return;
    }
    arm();
  }
  arm();

  return {
    activity() {
      last = clock.now();
      if (handle === null) arm();
    },
    setDelay(ms) {
      delay = ms;
      arm();
    },
    stop() {
      stopped = true;
      disarm();
    },
  };
}
