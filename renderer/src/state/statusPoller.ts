/**
 * Calls `poll` every `intervalMs` while the page is visible: the next call is scheduled when
 * the previous one has finished (a slow engine never gets two polls at once), nothing runs
 * while the window is hidden, and it polls at once when it becomes visible again.
 */

/** The part of `document` the poller needs; tests pass a small fake. */
export interface VisibilitySource {
  readonly hidden: boolean;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

export interface PollerOptions {
  poll: () => Promise<void>;
  intervalMs: number;
  visibility: VisibilitySource;
}

/** Starts polling; returns the function that stops it. */
export function startPolling({ poll, intervalMs, visibility }: PollerOptions): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let stopped = false;

  const schedule = () => {
    if (stopped || running || timer !== null || visibility.hidden) return;
    timer = setTimeout(tick, intervalMs);
  };

  const tick = () => {
    timer = null;
    if (stopped || running || visibility.hidden) return;
    running = true;
    poll()
      .catch(() => undefined) // the poll reports its own errors; keep polling
      .finally(() => {
        running = false;
        schedule();
      });
  };

  const onVisibility = () => {
    if (visibility.hidden) {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    } else if (timer === null) {
      tick();
    }
  };

  visibility.addEventListener('visibilitychange', onVisibility);
  tick();
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    visibility.removeEventListener('visibilitychange', onVisibility);
  };
}
