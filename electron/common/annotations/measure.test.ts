import { describe, expect, it } from 'vitest';
import type { SlidePoint } from './geometry';
import { slidePoint } from './geometry';
import { slidePx } from '../pyramid';
import type { Spacing } from './measure';
import { ellipsePerimeter, measure, polylineLength } from './measure';

/** Relative error allowed by issue 7. */
const TOLERANCE = 0.005;
const close = (actual: number | null, expected: number) => {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected) / expected).toBeLessThan(TOLERANCE);
};

const ISOTROPIC: Spacing = { x: 0.25, y: 0.25 };
/** A scanner whose pixels are 0.25 µm wide and 0.5 µm tall. */
const ANISOTROPIC: Spacing = { x: 0.25, y: 0.5 };
const ANGLES = [0, 7, 30, 45, 90, 123.4, 200, 271, 333.3];

/**
 * Points of a shape drawn on the glass (µm, around a centre), rotated by `degrees` on the
 * glass, then turned into level-0 pixels for a slide of `spacing`: what a pathologist
 * would draw on a rotated specimen.
 */
function onSlide(
  micronPoints: [number, number][],
  degrees: number,
  spacing: Spacing,
): SlidePoint[] {
  const s = spacing ?? { x: 1, y: 1 };
  const t = (degrees * Math.PI) / 180;
  const [cx, cy] = [12_000, 9_000]; // µm: somewhere in the middle of the slide
  return micronPoints.map(([x, y]) =>
    slidePoint(
      (cx + x * Math.cos(t) - y * Math.sin(t)) / s.x,
      (cy + x * Math.sin(t) + y * Math.cos(t)) / s.y,
    ),
  );
}

const square = (side: number): [number, number][] => [
  [-side / 2, -side / 2],
  [side / 2, -side / 2],
  [side / 2, side / 2],
  [-side / 2, side / 2],
];

function ellipseOutline(a: number, b: number, n: number): [number, number][] {
  return Array.from({ length: n }, (_, i) => {
    const t = (2 * Math.PI * i) / n;
    return [a * Math.cos(t), b * Math.sin(t)];
  });
}

describe('measurements at a known spacing', () => {
  for (const spacing of [ISOTROPIC, ANISOTROPIC]) {
    const label = `${spacing.x}×${spacing.y} µm/px`;

    it(`a 1.5 mm ruler measures 1500 µm at any angle (${label})`, () => {
      for (const angle of ANGLES) {
        const points = onSlide(
          [
            [-750, 0],
            [750, 0],
          ],
          angle,
          spacing,
        );
        close(polylineLength(points, spacing), 1500);
        close(measure({ type: 'polyline', points }, spacing).length, 1500);
      }
    });

    it(`a bent line sums its segments (${label})`, () => {
      for (const angle of ANGLES) {
        const points = onSlide(
          [
            [0, 0],
            [300, 0],
            [300, 400],
            [0, 400],
          ],
          angle,
          spacing,
        );
        close(polylineLength(points, spacing), 1000);
      }
    });

    it(`a 500 µm square: 0.25 mm², 2 mm around, at any angle (${label})`, () => {
      for (const angle of ANGLES) {
        const m = measure(
          { type: 'polygon', rings: [onSlide(square(500), angle, spacing)] },
          spacing,
        );
        close(m.area, 250_000);
        close(m.perimeter, 2000);
        expect(m.unit).toBe('µm');
        expect(m.spacingKnown).toBe(true);
      }
    });

    it(`a square with a square hole subtracts the hole, and its outline counts both (${label})`, () => {
      for (const angle of ANGLES) {
        const rings = [onSlide(square(1000), angle, spacing), onSlide(square(400), angle, spacing)];
        const m = measure({ type: 'polygon', rings }, spacing);
        close(m.area, 1_000_000 - 160_000);
        close(m.perimeter, 4000 + 1600);
      }
    });

    it(`an ellipse outline drawn freehand at any angle matches πab and Ramanujan (${label})`, () => {
      const [a, b] = [800, 300];
      for (const angle of ANGLES) {
        const rings = [onSlide(ellipseOutline(a, b, 2000), angle, spacing)];
        const p = measure({ type: 'polygon', rings }, spacing);
        close(p.area, Math.PI * a * b);
        close(p.perimeter, ellipsePerimeter(a, b));
      }
    });

    it(`a multipolygon adds its parts (${label})`, () => {
      const m = measure(
        {
          type: 'multipolygon',
          polygons: [[onSlide(square(100), 10, spacing)], [onSlide(square(200), 80, spacing)]],
        },
        spacing,
      );
      close(m.area, 10_000 + 40_000);
      close(m.perimeter, 400 + 800);
    });
  }

  it('an axis-aligned rectangle and ellipse with anisotropic pixels are measured on the glass', () => {
    const s = ANISOTROPIC;
    // 2000 × 600 µm on the glass: 8000 px wide, 1200 px tall.
    const box = { x: slidePx(100), y: slidePx(200), width: slidePx(8000), height: slidePx(1200) };
    const rect = measure({ type: 'rectangle', ...box }, s);
    close(rect.area, 2000 * 600);
    close(rect.perimeter, 2 * (2000 + 600));
    const ellipse = measure({ type: 'ellipse', ...box }, s);
    close(ellipse.area, Math.PI * 1000 * 300);
    // Against a dense outline of the same ellipse, measured independently of Ramanujan.
    const outline = ellipseOutline(1000, 300, 4000);
    const polygon = measure({ type: 'polygon', rings: [onSlide(outline, 0, s)] }, s);
    close(ellipse.perimeter, polygon.perimeter!);
    close(ellipse.area, polygon.area!);
  });

  it('Ramanujan II matches a numerical integration, within 0.05% even for a flat ellipse', () => {
    const integrate = (a: number, b: number) => {
      const n = 200_000;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const t = ((i + 0.5) / n) * 2 * Math.PI;
        sum += Math.hypot(a * Math.sin(t), b * Math.cos(t));
      }
      return (sum * 2 * Math.PI) / n;
    };
    for (const [a, b, tolerance] of [
      [1, 1, 1e-9],
      [5, 3, 1e-6],
      [100, 1, 5e-4],
      [1, 0, 5e-4],
    ] as const) {
      const exact = integrate(a, b);
      expect(Math.abs(ellipsePerimeter(a, b) - exact) / exact).toBeLessThan(tolerance);
    }
    expect(ellipsePerimeter(0, 0)).toBe(0);
  });

  it('measures in pixels and says so when the spacing is unknown', () => {
    const m = measure(
      { type: 'rectangle', x: slidePx(0), y: slidePx(0), width: slidePx(30), height: slidePx(40) },
      null,
    );
    expect(m).toEqual({
      unit: 'px',
      spacingKnown: false,
      length: null,
      area: 1200,
      perimeter: 140,
    });
    const line = measure(
      { type: 'polyline', points: [slidePoint(0, 0), slidePoint(30, 40)] },
      null,
    );
    expect(line.length).toBe(50);
    expect(line.unit).toBe('px');
  });

  it('points have no length or area', () => {
    expect(measure({ type: 'point', point: slidePoint(1, 2) }, ISOTROPIC)).toEqual({
      unit: 'µm',
      spacingKnown: true,
      length: null,
      area: null,
      perimeter: null,
    });
  });
});
