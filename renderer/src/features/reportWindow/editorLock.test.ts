import { describe, expect, it, vi } from 'vitest';
import type { ClaimMessage, EditorState, Locks, ReportChannel } from './editorLock';
import { startEditorLock } from './editorLock';
import { fakeLocks } from './testing/fakeLocks';

/** Channels of one origin: what one posts, the others receive. */
function fakeChannels() {
  const all = new Set<(data: unknown) => void>();
  return (): ReportChannel => {
    let mine: ((data: unknown) => void) | null = null;
    return {
      postMessage: (m: ClaimMessage) => {
        for (const l of all) if (l !== mine) queueMicrotask(() => l(m));
      },
      addEventListener: (_t, listener) => {
        mine = (data) => listener({ data });
        all.add(mine);
      },
      close: () => {
        if (mine) all.delete(mine);
      },
    };
  };
}

const settle = () => new Promise((r) => setTimeout(r, 5));

function window(
  locks: Locks,
  channel: ReportChannel,
  id: string,
  opts: { requeue: boolean; log: string[]; graceMs?: number },
) {
  const states: EditorState[] = [];
  let handedOver = 0;
  const lock = startEditorLock({
    locks,
    channel,
    windowId: id,
    requeue: opts.requeue,
    graceMs: opts.graceMs ?? 0,
    onState: (s) => states.push(s),
    handOver: async () => {
      opts.log.push(`${id} saving`);
      await settle();
      opts.log.push(`${id} saved`);
    },
    onHandedOver: () => handedOver++,
  });
  return {
    lock,
    states,
    state: () => states[states.length - 1],
    handedOver: () => handedOver,
  };
}

describe('one live report editor across windows', () => {
  it('gives the editor to the first window; a second waits and says it is elsewhere', async () => {
    const locks = fakeLocks();
    const channel = fakeChannels();
    const log: string[] = [];
    const main = window(locks, channel(), 'main', { requeue: true, log });
    await settle();
    expect(main.state()).toBe('live');
    const second = window(locks, channel(), 'second', { requeue: true, log });
    await settle();
    expect(second.state()).toBe('elsewhere');
    expect(main.state()).toBe('live');
  });

  it('hands over on a claim only after the holder has saved, and gets it back when the other closes', async () => {
    const locks = fakeLocks();
    const channel = fakeChannels();
    const log: string[] = [];
    const main = window(locks, channel(), 'main', { requeue: true, log });
    await settle();
    const report = window(locks, channel(), 'report', { requeue: false, log });
    report.lock.claim();
    await settle();
    // The report window becomes live only once the main window's text is stored.
    expect(main.state()).toBe('elsewhere');
    expect(log).toEqual(['main saving']);
    expect(report.state()).not.toBe('live');
    await settle();
    await settle();
    expect(log).toEqual(['main saving', 'main saved']);
    expect(report.state()).toBe('live');
    expect(main.handedOver()).toBe(1);

    // The report window closes: the main window's queued request gets the editor back.
    report.lock.stop();
    await settle();
    await settle();
    await settle();
    expect(log).toEqual(['main saving', 'main saved', 'report saving', 'report saved']);
    expect(main.state()).toBe('live');
  });

  it('a report window that yields does not queue again; the main window gets the editor', async () => {
    const locks = fakeLocks();
    const channel = fakeChannels();
    const log: string[] = [];
    const report = window(locks, channel(), 'report', { requeue: false, log });
    await settle();
    expect(report.state()).toBe('live');
    const main = window(locks, channel(), 'main', { requeue: true, log });
    await settle();
    expect(main.state()).toBe('elsewhere');
    await report.lock.yieldEditor();
    await settle();
    expect(report.handedOver()).toBe(1);
    expect(report.state()).toBe('elsewhere');
    expect(main.state()).toBe('live');
    // "Bring it here" in the report window: it queues again and takes the editor back.
    report.lock.claim();
    await settle();
    await settle();
    await settle();
    expect(main.state()).toBe('elsewhere');
    expect(report.state()).toBe('live');
    expect(log).toEqual(['report saving', 'report saved', 'main saving', 'main saved']);
  });

  it('does not flash the notice when the editor moves from one panel to the next in a window', async () => {
    vi.useFakeTimers();
    try {
      const locks = fakeLocks();
      const channel = fakeChannels();
      const log: string[] = [];
      const onCase = window(locks, channel(), 'w', { requeue: true, log });
      await vi.advanceTimersByTimeAsync(10);
      expect(onCase.state()).toBe('live');
      // The case screen gives way to the slide's: its panel lets go once saved, the next takes it.
      onCase.lock.stop();
      const onSlide = window(locks, channel(), 'w', { requeue: true, log, graceMs: 400 });
      await vi.advanceTimersByTimeAsync(1000);
      expect(onSlide.states).toEqual(['live']);
      expect(log).toEqual(['w saving', 'w saved']);
      // Still waiting after the grace: then it says where the editor is.
      const third = window(locks, channel(), 'x', { requeue: true, log, graceMs: 400 });
      await vi.advanceTimersByTimeAsync(399);
      expect(third.states).toEqual([]);
      await vi.advanceTimersByTimeAsync(10);
      expect(third.states).toEqual(['elsewhere']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('claims again until it gets the editor when its first claim was lost', async () => {
    vi.useFakeTimers();
    try {
      const locks = fakeLocks();
      const channels = fakeChannels();
      const log: string[] = [];
      const main = window(locks, channels(), 'main', { requeue: true, log });
      await vi.advanceTimersByTimeAsync(10);
      expect(main.state()).toBe('live');
      // The report window's first claim reaches nobody (posted in the instant between two panels).
      const own = channels();
      let dropped = 0;
      const lossy: ReportChannel = {
        ...own,
        postMessage: (m) => (dropped++ === 0 ? undefined : own.postMessage(m)),
      };
      const report = window(locks, lossy, 'report', { requeue: false, log, graceMs: 400 });
      report.lock.claim();
      await vi.advanceTimersByTimeAsync(100);
      expect(main.state()).toBe('live');
      await vi.advanceTimersByTimeAsync(400);
      // Claimed again after the grace: the main window hands over once saved.
      await vi.advanceTimersByTimeAsync(50);
      expect(main.state()).toBe('elsewhere');
      expect(report.state()).toBe('live');
      // Granted: no more claims, the main window waits for the editor without taking it back.
      await vi.advanceTimersByTimeAsync(5000);
      expect(report.state()).toBe('live');
      expect(main.state()).toBe('elsewhere');
      expect(log).toEqual(['main saving', 'main saved']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('looks again when its first look fell while the lock passed between windows', async () => {
    vi.useFakeTimers();
    try {
      const real = fakeLocks();
      let looks = 0;
      // The first look sees no holder: the lock is between two windows at that instant.
      const locks: Locks = {
        request: (name, options, callback) => real.request(name, options, callback),
        query: () => (looks++ === 0 ? Promise.resolve({ held: [] }) : real.query()),
      };
      const channels = fakeChannels();
      const log: string[] = [];
      const holder = window(locks, channels(), 'holder', { requeue: true, log });
      await vi.advanceTimersByTimeAsync(10);
      const other = window(locks, channels(), 'other', { requeue: true, log, graceMs: 400 });
      await vi.advanceTimersByTimeAsync(410);
      expect(other.state()).toBe('waiting');
      await vi.advanceTimersByTimeAsync(1000);
      expect(other.state()).toBe('elsewhere');
      expect(holder.state()).toBe('live');
    } finally {
      vi.useRealTimers();
    }
  });

  it('is always live without Web Locks', () => {
    const states: EditorState[] = [];
    startEditorLock({
      locks: null,
      channel: null,
      windowId: 'w',
      requeue: true,
      onState: (s) => states.push(s),
      handOver: () => Promise.resolve(),
    });
    expect(states).toEqual(['live']);
  });
});
