import { afterEach, beforeEach, describe, it, expect, vi } from 'vitest';
import { startPolling } from './statusPoller';

class FakeVisibility extends EventTarget {
  hidden = false;
  set(hidden: boolean) {
    this.hidden = hidden;
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

describe('startPolling', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('polls at once, then every interval after the previous poll ended', async () => {
    const visibility = new FakeVisibility();
    let calls = 0;
    let release: () => void = () => {};
    const poll = () => {
      calls++;
      return new Promise<void>((r) => (release = r));
    };
    const stop = startPolling({ poll, intervalMs: 2000, visibility });
    expect(calls).toBe(1);
    // a slow poll: no second call while the first runs
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(1);
    release();
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(2);
    stop();
    release();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(2);
  });

  it('stops while hidden and polls at once when visible again', async () => {
    const visibility = new FakeVisibility();
    const poll = vi.fn(() => Promise.resolve());
    const stop = startPolling({ poll, intervalMs: 2000, visibility });
    await vi.advanceTimersByTimeAsync(0);
    expect(poll).toHaveBeenCalledTimes(1);
    visibility.set(true);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(poll).toHaveBeenCalledTimes(1);
    visibility.set(false);
    expect(poll).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(poll).toHaveBeenCalledTimes(3);
    stop();
  });

  it('keeps polling after a failed poll', async () => {
    const visibility = new FakeVisibility();
    const poll = vi.fn(() => Promise.reject(new Error('engine down')));
    const stop = startPolling({ poll, intervalMs: 1000, visibility });
    await vi.advanceTimersByTimeAsync(3000);
    expect(poll).toHaveBeenCalledTimes(4);
    stop();
  });
});
