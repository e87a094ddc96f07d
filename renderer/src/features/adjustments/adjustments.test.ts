import { describe, expect, it } from 'vitest';
import {
  LIMITS,
  NEUTRAL,
  clampAdjustments,
  isNeutral,
  lookupTable,
  percentChange,
  transfer,
} from './adjustments';

describe('image adjustments', () => {
  it('leaves the image alone when neutral: no table at all', () => {
    expect(isNeutral(NEUTRAL)).toBe(true);
    expect(lookupTable(NEUTRAL)).toBeNull();
    for (const x of [0, 0.25, 0.5, 1]) expect(transfer(NEUTRAL, x)).toBeCloseTo(x, 10);
  });

  it('builds an 8-bit table that follows the model and stays in range', () => {
    const a = { brightness: 1.2, contrast: 1.5, gamma: 1.4 };
    const lut = lookupTable(a)!;
    expect(lut).toHaveLength(256);
    for (const v of [0, 37, 128, 200, 255])
      expect(lut[v]).toBe(Math.round(transfer(a, v / 255) * 255));
    // Monotonic: an adjustment never inverts tones.
    for (let v = 1; v < 256; v++) expect(lut[v]!).toBeGreaterThanOrEqual(lut[v - 1]!);
    expect(lookupTable({ brightness: 2, contrast: 3, gamma: 1 })![255]).toBe(255);
  });

  it('clamps to the slider ranges and turns garbage into neutral', () => {
    expect(clampAdjustments({ brightness: 99, contrast: -3, gamma: Number.NaN })).toEqual({
      brightness: LIMITS.brightness.max,
      contrast: LIMITS.contrast.min,
      gamma: 1,
    });
    expect(clampAdjustments({})).toEqual(NEUTRAL);
    expect(clampAdjustments({ brightness: 1.23456 }).brightness).toBe(1.235);
  });

  it('follows the model: gamma > 1 lifts mid-tones, contrast pivots on mid-grey', () => {
    const lighter = transfer({ brightness: 1, contrast: 1, gamma: 2 }, 0.25);
    expect(lighter).toBeCloseTo(0.5, 10);
    expect(transfer({ brightness: 1, contrast: 2, gamma: 1 }, 0.5)).toBeCloseTo(0.5, 10);
    expect(transfer({ brightness: 1, contrast: 2, gamma: 1 }, 0.75)).toBeCloseTo(1, 10);
    expect(transfer({ brightness: 1, contrast: 2, gamma: 1 }, 0.9)).toBe(1);
    expect(transfer({ brightness: 1.5, contrast: 1, gamma: 1 }, 0.4)).toBeCloseTo(0.6, 10);
  });

  it('shows brightness and contrast as a change in percent', () => {
    expect(percentChange(1)).toBe(0);
    expect(percentChange(1.25)).toBe(25);
    expect(percentChange(0.5)).toBe(-50);
  });
});
