import { describe, expect, it } from 'vitest';
import { slidePoint as p } from './geometry';
import { measureText } from './measureText';
import { boxGeometry } from './shapes';

const words = {
  perimeter: (v: string) => `perimeter ${v}`,
  box: (w: string, h: string) => `${w} × ${h}`,
};
const spacing = { x: 0.25, y: 0.25 };

describe('measureText', () => {
  it('gives a ruler its length, in µm below 1 mm and mm above', () => {
    const short = {
      kind: 'line' as const,
      geometry: { type: 'polyline' as const, points: [p(0, 0), p(400, 0)] },
    };
    expect(measureText(short, spacing, 'en', words).main).toBe('100\u00a0µm');
    const long = {
      kind: 'line' as const,
      geometry: { type: 'polyline' as const, points: [p(0, 0), p(6000, 0)] },
    };
    expect(measureText(long, spacing, 'fr', words).main).toBe('1,50\u00a0mm');
  });

  it('gives an area with its perimeter, or the sides of a box', () => {
    const box = {
      kind: 'rectangle' as const,
      geometry: boxGeometry('rectangle', p(0, 0), p(4000, 4000)),
    };
    const t = measureText(box, spacing, 'en', words);
    expect(t.main).toBe('1.00\u00a0mm²');
    expect(t.detail).toBe('perimeter 4.00\u00a0mm');
    expect(measureText(box, spacing, 'en', words, { sides: true }).detail).toBe(
      '1.00\u00a0mm × 1.00\u00a0mm',
    );
  });

  it('stays in pixels when the slide does not give its pixel size', () => {
    const line = {
      kind: 'line' as const,
      geometry: { type: 'polyline' as const, points: [p(0, 0), p(300, 400)] },
    };
    expect(measureText(line, null, 'en', words)).toEqual({
      main: '500\u00a0px',
      detail: null,
      spacingKnown: false,
    });
  });

  it('has nothing to say about a point', () => {
    const dot = { kind: 'point' as const, geometry: { type: 'point' as const, point: p(1, 1) } };
    expect(measureText(dot, spacing, 'en', words).main).toBeNull();
  });
});
