import { describe, expect, it } from 'vitest';
import {
  LIMITS,
  NEUTRAL,
  clampAdjustments,
  cssFilter,
  gammaExponent,
  isNeutral,
  percentChange,
  transfer,
} from './adjustments';

describe('image adjustments', () => {
  it('leaves the image alone when neutral: no filter at all', () => {
    expect(isNeutral(NEUTRAL)).toBe(true);
    expect(cssFilter(NEUTRAL, 'g')).toBe('none');
    for (const x of [0, 0.25, 0.5, 1]) expect(transfer(NEUTRAL, x)).toBeCloseTo(x, 10);
  });

  it('writes only the functions that change something, gamma first through the SVG filter', () => {
    expect(cssFilter({ brightness: 1.2, contrast: 1, gamma: 1 }, 'g1')).toBe('brightness(1.2)');
    expect(cssFilter({ brightness: 1, contrast: 1.5, gamma: 1 }, 'g1')).toBe('contrast(1.5)');
    expect(cssFilter({ brightness: 0.8, contrast: 1.5, gamma: 2 }, 'g1')).toBe(
      'url(#g1) brightness(0.8) contrast(1.5)',
    );
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
    // The SVG exponent is the inverse of the display gamma.
    expect(gammaExponent(2)).toBe(0.5);
    expect(gammaExponent(0.5)).toBe(2);
  });

  it('shows brightness and contrast as a change in percent', () => {
    expect(percentChange(1)).toBe(0);
    expect(percentChange(1.25)).toBe(25);
    expect(percentChange(0.5)).toBe(-50);
  });
});
