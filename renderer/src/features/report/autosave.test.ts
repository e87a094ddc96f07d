import { describe, expect, it } from 'vitest';
import type { Clock, SaveStatus } from './autosave';
import { MAX_WAIT_MS, QUIET_MS, RETRY_MS, createAutosave } from './autosave';

/** A clock whose time moves only when the test says so. */
function fakeClock() {
  let now = 0;
  let next = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = next++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (h) => void timers.delete(h as number),
  };
  const advance = async (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...timers.entries()]
        .filter(([, t]) => t.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].fn();
      // Let the save's promise settle before the next timer.
      await Promise.resolve();
      await Promise.resolve();
      await Promise.resolve();
    }
    now = end;
    await Promise.resolve();
  };
  return { clock, advance, time: () => now };
}

function setup(fail: () => boolean = () => false) {
  const c = fakeClock();
  const saved: { value: string; at: number }[] = [];
  const statuses: SaveStatus[] = [];
  const autosave = createAutosave<string>({
    clock: c.clock,
    save: (value) => {
      if (fail()) return Promise.reject(new Error('disk full'));
      saved.push({ value, at: c.time() });
      return Promise.resolve();
    },
    onStatus: (s) => statuses.push(s),
  });
  return { ...c, saved, statuses, autosave };
}

describe('autosave', () => {
  it('saves QUIET_MS after typing stops, once', async () => {
    const t = setup();
    t.autosave.change('a');
    await t.advance(100);
    t.autosave.change('ab');
    await t.advance(QUIET_MS - 1);
    expect(t.saved).toEqual([]);
    await t.advance(1);
    expect(t.saved).toEqual([{ value: 'ab', at: 100 + QUIET_MS }]);
    await t.advance(5000);
    expect(t.saved).toHaveLength(1);
    expect(t.autosave.status()).toBe('saved');
    expect(QUIET_MS).toBeLessThanOrEqual(300);
  });

  it('saves at least every MAX_WAIT_MS while typing goes on', async () => {
    const t = setup();
    // A keystroke every 80 ms for 3 s: the debounce alone would never fire.
    for (let i = 0; i < 38; i++) {
      t.autosave.change('x'.repeat(i + 1));
      await t.advance(80);
    }
    expect(t.saved.length).toBeGreaterThanOrEqual(6);
    let last = 0;
    for (const s of t.saved) {
      expect(s.at - last).toBeLessThanOrEqual(MAX_WAIT_MS);
      last = s.at;
    }
    // Anything typed more than 0.5 s before "now" is stored.
    const typedBefore = Math.floor((t.time() - 500) / 80);
    expect(t.saved.at(-1)!.value.length).toBeGreaterThanOrEqual(typedBefore);
    expect(MAX_WAIT_MS).toBeLessThan(500);
  });

  it('keeps a failed save, says so, and retries by itself and on demand', async () => {
    let failing = true;
    const t = setup(() => failing);
    t.autosave.change('text');
    await t.advance(QUIET_MS);
    expect(t.autosave.status()).toBe('error');
    expect(t.saved).toEqual([]);
    // Retried on demand: still failing.
    t.autosave.retry();
    await t.advance(0);
    expect(t.autosave.status()).toBe('error');
    failing = false;
    await t.advance(RETRY_MS);
    expect(t.saved.map((s) => s.value)).toEqual(['text']);
    expect(t.autosave.status()).toBe('saved');
  });

  it('a change typed during a failing save is the one saved next', async () => {
    let failing = true;
    const t = setup(() => failing);
    t.autosave.change('one');
    await t.advance(QUIET_MS);
    t.autosave.change('one two');
    failing = false;
    await t.advance(QUIET_MS);
    expect(t.saved.map((s) => s.value)).toEqual(['one two']);
  });

  it('flush saves what is pending at once', async () => {
    const t = setup();
    t.autosave.change('now');
    await t.autosave.flush();
    expect(t.saved.map((s) => s.value)).toEqual(['now']);
    expect(t.statuses).toEqual(['pending', 'saving', 'saved']);
  });

  it('saves one at a time, and what was typed meanwhile right after', async () => {
    const c = fakeClock();
    const calls: string[] = [];
    let release: () => void = () => {};
    const autosave = createAutosave<string>({
      clock: c.clock,
      save: (value) => {
        calls.push(value);
        return new Promise<void>((r) => (release = r));
      },
      onStatus: () => {},
    });
    autosave.change('a');
    await c.advance(QUIET_MS);
    autosave.change('ab');
    await c.advance(MAX_WAIT_MS * 2);
    expect(calls).toEqual(['a']);
    release();
    await c.advance(0);
    expect(calls).toEqual(['a', 'ab']);
  });

  it('does nothing after dispose', async () => {
    const t = setup();
    t.autosave.change('a');
    t.autosave.dispose();
    await t.advance(1000);
    expect(t.saved).toEqual([]);
  });
});
