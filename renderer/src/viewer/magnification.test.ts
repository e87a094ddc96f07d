import { describe, it, expect } from 'vitest';
import {
  currentMagnification,
  formatLength,
  formatMagnificationFor,
  imageZoomFor,
  isPresetActive,
  maxZoomPixelRatioFor,
  micronsPerPixel,
  scaleBarAt,
} from './magnification';

describe('magnification', () => {
  it('is 40× at one screen pixel per pixel of a 0.25 µm scan, 20× at half', () => {
    expect(currentMagnification(0.25, 1)).toBe(40);
    expect(currentMagnification(0.25, 0.5)).toBe(20);
    expect(currentMagnification(0.5, 1)).toBe(20);
    expect(currentMagnification(0.2522, 0.123456)).toBe(4.9);
  });

  it('is unknown without a pixel size or with a degenerate zoom', () => {
    expect(currentMagnification(null, 1)).toBeNull();
    expect(currentMagnification(0.25, 0)).toBeNull();
    expect(currentMagnification(0.25, Number.NaN)).toBeNull();
    expect(micronsPerPixel({ mpp: null })).toBeNull();
    expect(micronsPerPixel({ mpp: { x: 0.5, y: 0.51 } })).toBe(0.5);
  });

  it('round-trips presets', () => {
    for (const m of [1.25, 2.5, 5, 10, 20, 40]) {
      expect(currentMagnification(0.2522, imageZoomFor(0.2522, m)!)).toBe(m);
    }
    expect(imageZoomFor(null, 40)).toBeNull();
  });

  it('marks a preset active only near its value', () => {
    expect(isPresetActive(10, 10.1)).toBe(true);
    expect(isPresetActive(10, 11)).toBe(false);
    expect(isPresetActive(10, null)).toBe(false);
  });

  it('lets 40× be reached whatever the scan resolution', () => {
    expect(maxZoomPixelRatioFor(0.25)).toBe(2);
    expect(maxZoomPixelRatioFor(1)).toBe(8); // a 10× scan needs 4 screen px per pixel at 40×
    expect(maxZoomPixelRatioFor(null)).toBe(2);
  });
});

describe('scale bar', () => {
  it('follows the magnification', () => {
    // at 10× one screen pixel is 1 µm: 200 px max gives a 200 µm bar of 200 px
    expect(scaleBarAt(10, 200)).toMatchObject({ lengthMicrons: 200, px: 200 });
    expect(scaleBarAt(40, 200)).toMatchObject({ lengthMicrons: 50, px: 200 });
    expect(scaleBarAt(1.25, 150)?.label).toBe('1 mm');
    expect(scaleBarAt(null, 200)).toBeNull();
  });

  it('is written for the language', () => {
    expect(formatLength(500, 'fr')).toBe('500 µm');
    expect(formatLength(2000, 'en')).toBe('2 mm');
    expect(formatLength(0.5, 'fr')).toBe('0,5 µm');
    expect(formatMagnificationFor(1.25, 'fr')).toBe('1,25×');
    expect(formatMagnificationFor(2.5, 'en')).toBe('2.5×');
    expect(formatMagnificationFor(39.6, 'en')).toBe('40×');
  });
});
