import { describe, expect, it } from 'vitest';
import { createIdleTimer } from './idleTimer';

/** A clock moved by hand: timers fire, in order, when time passes them. */
function fakeClock() {
  let time = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => time,
    setTimeout: (fn: () => void, ms: number) => {
      const id = nextId++;
      timers.set(id, { at: time + ms, fn });
      return id;
    },
    clearTimeout: (id: unknown) => void timers.delete(id as number),
    advance(ms: number) {
      const end = time + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, t]) => t.at <= end)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        time = due[1].at;
        due[1].fn();
      }
      time = end;
    },
    pending: () => timers.size,
  };
}

const MIN = 60_000;

describe('createIdleTimer', () => {
  it('fires once after the delay without input', () => {
    const clock = fakeClock();
    let idle = 0;
    createIdleTimer(15 * MIN, () => idle++, clock);
    clock.advance(15 * MIN - 1);
    expect(idle).toBe(0);
    clock.advance(1);
    expect(idle).toBe(1);
    clock.advance(60 * MIN);
    expect(idle).toBe(1);
  });

  it('starts again at each input, with one timer whatever the number of inputs', () => {
    const clock = fakeClock();
    let idle = 0;
    const timer = createIdleTimer(5 * MIN, () => idle++, clock);
    for (let i = 0; i < 100; i++) {
      clock.advance(4 * MIN);
      timer.activity();
    }
    expect(idle).toBe(0);
    expect(clock.pending()).toBe(1);
    clock.advance(5 * MIN);
    expect(idle).toBe(1);
    // Input after it fired arms it again.
    timer.activity();
    clock.advance(5 * MIN);
    expect(idle).toBe(2);
  });

  it('never fires with a delay of 0, and takes a new delay from the last input', () => {
    const clock = fakeClock();
    let idle = 0;
    const timer = createIdleTimer(0, () => idle++, clock);
    clock.advance(600 * MIN);
    expect(idle).toBe(0);
    expect(clock.pending()).toBe(0);
    timer.activity();
    clock.advance(2 * MIN);
    timer.setDelay(3 * MIN);
    clock.advance(MIN - 1);
    expect(idle).toBe(0);
    clock.advance(1);
    expect(idle).toBe(1);
  });

  it('does nothing once stopped', () => {
    const clock = fakeClock();
    let idle = 0;
    const timer = createIdleTimer(MIN, () => idle++, clock);
    timer.stop();
    timer.activity();
    clock.advance(10 * MIN);
    expect(idle).toBe(0);
    expect(clock.pending()).toBe(0);
  });
});
