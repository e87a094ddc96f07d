import { describe, expect, it } from 'vitest';
import type { SettleCache, SettleTile, WhenIdle } from './frameSettler';
import { FrameSettler } from './frameSettler';

/** A tile whose cache converts in place, as OpenSeadragon's CacheRecord.transformTo does. */
function tile(type: string, loaded = true) {
  const cache = {
    type,
    loaded,
    transformTo(to: string) {
      cache.type = to;
    },
  } satisfies SettleCache;
  const t: SettleTile & { cache: typeof cache } = {
    cacheKey: 'k',
    cache,
    getCache: (key) => (key === 'k' ? cache : undefined),
  };
  return t;
}

/** Idle periods run by hand, each with a budget of `conversionsEach` conversions. */
function idleByHand() {
  const queue: ((remaining: () => number) => void)[] = [];
  let cancelled = 0;
  const idle: WhenIdle = (work) => {
    queue.push(work);
    return {
      cancel: () => {
        const i = queue.indexOf(work);
        if (i >= 0) queue.splice(i, 1);
        cancelled++;
      },
    };
  };
  return {
    idle,
    waiting: () => queue.length,
    cancelled: () => cancelled,
    /** Runs the next idle period, in which `conversionsEach` conversions fit. */
    runOne(conversionsEach: number) {
      const work = queue.shift()!;
      let asked = 0;
      // Each check of the time left is one conversion further into the period.
      work(() => (asked++ < conversionsEach ? 10 : 0));
    },
  };
}

describe('frame settler', () => {
  it('converts the frames on screen in idle time, and nothing else', () => {
    const idle = idleByHand();
    const s = new FrameSettler('videoFrame', 'context2d', idle.idle);
    const tiles = [
      tile('videoFrame'),
      tile('imageBitmap'),
      tile('videoFrame', false),
      tile('context2d'),
    ];
    s.settle(() => tiles);
    expect(tiles.map((t) => t.cache.type)).toEqual([
      'videoFrame',
      'imageBitmap',
      'videoFrame',
      'context2d',
    ]);
    idle.runOne(10);
    // A cache still loading is left alone (OpenSeadragon converts a loaded one only).
    expect(tiles.map((t) => t.cache.type)).toEqual([
      'context2d',
      'imageBitmap',
      'videoFrame',
      'context2d',
    ]);
    expect(idle.waiting()).toBe(0);
  });

  it('stops when the idle period runs out and goes on in the next one', () => {
    const idle = idleByHand();
    const s = new FrameSettler('videoFrame', 'context2d', idle.idle);
    const tiles = Array.from({ length: 5 }, () => tile('videoFrame'));
    s.settle(() => tiles);
    idle.runOne(2);
    expect(tiles.filter((t) => t.cache.type === 'context2d')).toHaveLength(2);
    expect(idle.waiting()).toBe(1);
    idle.runOne(2);
    idle.runOne(2);
    expect(tiles.every((t) => t.cache.type === 'context2d')).toBe(true);
    expect(idle.waiting()).toBe(0);
  });

  it('asks for one idle period however often the view is complete, and reads the latest tiles', () => {
    const idle = idleByHand();
    const s = new FrameSettler('videoFrame', 'context2d', idle.idle);
    const first = [tile('videoFrame')];
    const latest = [tile('videoFrame')];
    s.settle(() => first);
    s.settle(() => latest);
    expect(idle.waiting()).toBe(1);
    idle.runOne(10);
    expect(first[0]!.cache.type).toBe('videoFrame');
    expect(latest[0]!.cache.type).toBe('context2d');
  });

  it('cancels what waits (the drawer is destroyed)', () => {
    const idle = idleByHand();
    const s = new FrameSettler('videoFrame', 'context2d', idle.idle);
    s.settle(() => [tile('videoFrame')]);
    s.cancel();
    expect(idle.waiting()).toBe(0);
    expect(idle.cancelled()).toBe(1);
    s.cancel(); // nothing left to cancel
    expect(idle.cancelled()).toBe(1);
  });
});
