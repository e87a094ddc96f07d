import { describe, expect, it } from 'vitest';
import { backoffMs, ThroughputMeter } from './pacing';

describe('backoffMs', () => {
  it('doubles per attempt, is capped, and keeps half the delay fixed', () => {
    expect(backoffMs(0, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffMs(0, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffMs(3, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffMs(3, 1000, 60_000, () => 0)).toBe(4000);
    expect(backoffMs(20, 1000, 60_000, () => 1)).toBe(60_000);
    expect(backoffMs(1000, 1000, 60_000, () => 0.5)).toBe(45_000);
  });
});

describe('ThroughputMeter', () => {
  it('measures bytes over active time only, per window', () => {
    let t = 0;
    const meter = new ThroughputMeter(1000, () => t);
    meter.start();
    t = 500;
    expect(meter.end(10_000)).toBeNull(); // 500 ms active so far
    t = 5000; // idle time: not counted
    meter.start();
    meter.start();
    t = 5400;
    expect(meter.end(10_000)).toBeNull(); // 900 ms active
    t = 5500;
    const w = meter.end(20_000); // 1000 ms active, 40 000 bytes
    expect(w).toEqual({ bytesPerSec: 40_000, reads: 3 });
    expect(meter.last).toBe(40_000);
    // The next window starts empty.
    meter.start();
    t = 6500;
    expect(meter.end(1000)).toEqual({ bytesPerSec: 1000, reads: 1 });
  });
});
