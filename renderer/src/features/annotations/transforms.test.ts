import { describe, expect, it } from 'vitest';
import { screenPoint, slidePoint } from './geometry';
import { apply, invert, matrixFromSamples, transformFromMatrix, viewMatrix } from './transforms';

const view = (degrees: number, flipped: boolean) =>
  viewMatrix({
    center: { x: 5000, y: 3000 },
    scale: 0.25,
    degrees,
    flipped,
    width: 800,
    height: 600,
  });

describe('view transforms', () => {
  it('put the centre of the view in the middle of the element, whatever the orientation', () => {
    for (const degrees of [0, 90, -37, 180]) {
      for (const flipped of [false, true]) {
        const t = transformFromMatrix(view(degrees, flipped));
        const c = t.toScreen(slidePoint(5000, 3000));
        expect(c.x).toBeCloseTo(400, 6);
        expect(c.y).toBeCloseTo(300, 6);
        expect(t.scale).toBeCloseTo(0.25, 9);
      }
    }
  });

  it('turn clockwise and mirror the way the screen does', () => {
    // 100 slide px to the right of the centre is 25 px right on screen, 25 px down at 90°,
    // and 25 px left when flipped.
    const p = slidePoint(5100, 3000);
    expect(transformFromMatrix(view(0, false)).toScreen(p)).toMatchObject({ x: 425, y: 300 });
    const r = transformFromMatrix(view(90, false)).toScreen(p);
    expect(r.x).toBeCloseTo(400, 6);
    expect(r.y).toBeCloseTo(325, 6);
    expect(transformFromMatrix(view(0, true)).toScreen(p)).toMatchObject({ x: 375, y: 300 });
  });

  it('go back and forth without drift', () => {
    const t = transformFromMatrix(view(-37, true));
    const p = slidePoint(12345.5, 6789.25);
    const back = t.toSlide(t.toScreen(p));
    expect(back.x).toBeCloseTo(p.x, 6);
    expect(back.y).toBeCloseTo(p.y, 6);
    const s = screenPoint(10, 590);
    const again = t.toScreen(t.toSlide(s));
    expect(again.x).toBeCloseTo(10, 6);
    expect(again.y).toBeCloseTo(590, 6);
  });

  it('rebuild a matrix from three samples of the mapping', () => {
    const m = view(33, true);
    const sampled = matrixFromSamples((x, y) => apply(m, x, y), 46000);
    sampled.forEach((v, i) => expect(v).toBeCloseTo(m[i]!, 9));
  });

  it('refuse a view that squashes the slide to nothing', () => {
    expect(() => invert([0, 0, 0, 0, 1, 1])).toThrow(/singular/);
  });
});
