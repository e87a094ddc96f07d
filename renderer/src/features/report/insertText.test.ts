import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../../../electron/common/annotations/geometry';
import { insertAt, measurementValue, slideName } from './insertText';

const line = (length: number): { geometry: Geometry } => ({
  geometry: {
    type: 'polyline',
    points: [
      { x: 0, y: 0 },
      { x: length, y: 0 },
    ],
  } as Geometry,
});

describe('measurementValue', () => {
  it('gives a line length in mm, in the UI language', () => {
    // 49,600 px at 0.25 µm/px = 12.4 mm.
    expect(measurementValue(line(49_600), { x: 0.25, y: 0.25 }, 'en')).toBe('12.4\u00a0mm');
    expect(measurementValue(line(49_600), { x: 0.25, y: 0.25 }, 'fr')).toBe('12,4\u00a0mm');
  });

  it('gives pixels when the slide has no pixel size', () => {
    expect(measurementValue(line(300), null, 'en')).toBe('300\u00a0px');
  });
});

describe('insertAt', () => {
  it('inserts at the cursor, with a space where words would touch', () => {
    expect(insertAt('Size:', 5, 5, '12 mm')).toEqual({ value: 'Size: 12 mm', cursor: 11 });
    expect(insertAt('ab', 1, 1, 'X')).toEqual({ value: 'a X b', cursor: 3 });
    expect(insertAt('', 0, 0, 'X')).toEqual({ value: 'X', cursor: 1 });
    expect(insertAt('end.', 3, 3, 'X')).toEqual({ value: 'end X.', cursor: 5 });
  });

  it('replaces the selection', () => {
    expect(insertAt('a old b', 2, 5, 'new')).toEqual({ value: 'a new b', cursor: 5 });
  });
});

describe('slideName', () => {
  it('takes the block code of the label, else the position', () => {
    expect(slideName('A3 HE cytobloc', 2)).toBe('A3');
    expect(slideName('B12', 1)).toBe('B12');
    expect(slideName('slide of the day', 4)).toBe('4');
    expect(slideName('', 1)).toBe('1');
  });
});
