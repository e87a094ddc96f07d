import { describe, expect, it } from 'vitest';
import { formatArea, formatCount, formatLength, formatMeasurements } from './format';

const NBSP = '\u00a0';

describe('formatting measurements', () => {
  it('shows lengths in µm below 1 mm and in mm above, with three significant digits', () => {
    expect(formatLength(0.5, true).text).toBe(`0.500${NBSP}µm`);
    expect(formatLength(7.125, true).text).toBe(`7.13${NBSP}µm`);
    expect(formatLength(42.04, true).text).toBe(`42.0${NBSP}µm`);
    expect(formatLength(999.4, true).text).toBe(`999${NBSP}µm`);
    expect(formatLength(999.6, true).text).toBe(`1.00${NBSP}mm`);
    expect(formatLength(1500, true)).toMatchObject({
      value: 1.5,
      unit: 'mm',
      text: `1.50${NBSP}mm`,
    });
    expect(formatLength(9996, true).text).toBe(`10.0${NBSP}mm`);
    expect(formatLength(123_456, true).text).toBe(`123${NBSP}mm`);
  });

  it('shows areas in µm² below 0.01 mm² and in mm² above', () => {
    expect(formatArea(52.3, true).text).toBe(`52.3${NBSP}µm²`);
    expect(formatArea(9_999, true).text).toBe(`9,999${NBSP}µm²`);
    expect(formatArea(10_000, true).text).toBe(`0.0100${NBSP}mm²`);
    expect(formatArea(237_583, true).text).toBe(`0.238${NBSP}mm²`);
    expect(formatArea(12_345_678, true).text).toBe(`12.3${NBSP}mm²`);
  });

  it('writes French numbers the French way', () => {
    expect(formatLength(1500, true, 'fr').text).toBe(`1,50${NBSP}mm`);
    expect(formatArea(237_583, true, 'fr').text).toBe(`0,238${NBSP}mm²`);
  });

  it('uses pixels, flagged, when the spacing is unknown; never an invented unit', () => {
    expect(formatLength(1234.4, false)).toMatchObject({
      unit: 'px',
      text: `1,234${NBSP}px`,
      spacingKnown: false,
    });
    expect(formatLength(12.34, false).text).toBe(`12.3${NBSP}px`);
    expect(formatArea(5_000_000, false)).toMatchObject({ unit: 'px²', spacingKnown: false });
    const m = formatMeasurements({
      unit: 'px',
      spacingKnown: false,
      length: null,
      area: 1200,
      perimeter: 140,
    });
    expect(m.area?.unit).toBe('px²');
    expect(m.perimeter?.unit).toBe('px');
    expect(m.length).toBeNull();
    expect(m.spacingKnown).toBe(false);
  });

  it('formats densities and counts per 10 HPF', () => {
    expect(formatCount(12.345)).toBe('12.3');
    expect(formatCount(123.4)).toBe('123');
    expect(formatCount(2.5, 'fr')).toBe('2,5');
  });
});
