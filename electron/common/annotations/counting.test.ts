import { describe, expect, it } from 'vitest';
import { slidePx } from '../pyramid';
import type { Annotation } from './model';
import type { AreaGeometry } from './geometry';
import { slidePoint } from './geometry';
import {
  DEFAULT_HPF_FIELD_DIAMETER_MM,
  containsPoint,
  countClassInArea,
  countInArea,
  hpfAreaMm2,
} from './counting';

const SPACING = { x: 0.25, y: 0.25 };

/** A 1 mm × 1 mm square at 0.25 µm/px: 4000 px a side, from (1000, 1000). */
const MM_SQUARE: AreaGeometry = {
  type: 'rectangle',
  x: slidePx(1000),
  y: slidePx(1000),
  width: slidePx(4000),
  height: slidePx(4000),
};

function annotation(partial: Partial<Annotation> & Pick<Annotation, 'geometry'>): Annotation {
  return {
    id: `a${Math.random().toString(36).slice(2)}`,
    slideId: 's1',
    kind: 'point',
    classId: 'mitosis',
    name: '',
    text: '',
    measurements: {},
    objectType: 'annotation',
    detectionStatus: null,
    author: 'local user',
    authorId: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...partial,
  };
}

describe('high-power fields', () => {
  it('the default field of 0.55 mm covers about 0.2376 mm²', () => {
    expect(DEFAULT_HPF_FIELD_DIAMETER_MM).toBe(0.55);
    expect(hpfAreaMm2(0.55)).toBeCloseTo(0.237583, 5);
  });
});

describe('point in area', () => {
  it('tells inside from outside for rectangles, ellipses and polygons with holes', () => {
    const ellipse: AreaGeometry = { ...MM_SQUARE, type: 'ellipse' };
    expect(containsPoint(ellipse, slidePoint(3000, 3000))).toBe(true);
    expect(containsPoint(ellipse, slidePoint(1100, 1100))).toBe(false); // a corner of the box
    expect(containsPoint(MM_SQUARE, slidePoint(1100, 1100))).toBe(true);
    const ring = (x0: number, y0: number, x1: number, y1: number) => [
      slidePoint(x0, y0),
      slidePoint(x1, y0),
      slidePoint(x1, y1),
      slidePoint(x0, y1),
    ];
    const donut: AreaGeometry = {
      type: 'polygon',
      rings: [ring(0, 0, 100, 100), ring(40, 40, 60, 60)],
    };
    expect(containsPoint(donut, slidePoint(10, 10))).toBe(true);
    expect(containsPoint(donut, slidePoint(50, 50))).toBe(false);
    expect(containsPoint(donut, slidePoint(150, 50))).toBe(false);
    const two: AreaGeometry = {
      type: 'multipolygon',
      polygons: [[ring(0, 0, 10, 10)], [ring(20, 0, 30, 10)]],
    };
    expect(containsPoint(two, slidePoint(25, 5))).toBe(true);
    expect(containsPoint(two, slidePoint(15, 5))).toBe(false);
  });
});

describe('counting', () => {
  it('counts points inside a 1 mm² square: density per mm² and per 10 HPF', () => {
    const inside = Array.from({ length: 12 }, (_, i) => slidePoint(1500 + i * 200, 2000));
    const outside = [slidePoint(500, 500), slidePoint(6000, 2000)];
    const summary = countInArea([...inside, ...outside], MM_SQUARE, SPACING, 0.55);
    expect(summary.count).toBe(12);
    expect(summary.areaMm2).toBeCloseTo(1, 10);
    expect(summary.areaPx2).toBe(16_000_000);
    expect(summary.densityPerMm2).toBeCloseTo(12, 10);
    expect(summary.per10Hpf).toBeCloseTo(12 * 10 * hpfAreaMm2(0.55), 10);
    expect(summary.hpfAreaMm2).toBeCloseTo(0.2376, 4);
    expect(summary.spacingKnown).toBe(true);
  });

  it('with anisotropic pixels the area and density are those on the glass', () => {
    // 1 mm × 1 mm with 0.25 × 0.5 µm pixels: 4000 × 2000 px.
    const area: AreaGeometry = { ...MM_SQUARE, height: slidePx(2000) };
    const summary = countInArea([slidePoint(2000, 2000)], area, { x: 0.25, y: 0.5 });
    expect(summary.areaMm2).toBeCloseTo(1, 10);
    expect(summary.densityPerMm2).toBeCloseTo(1, 10);
  });

  it('without a spacing, counts and gives the area in pixels only', () => {
    const summary = countInArea([slidePoint(2000, 2000)], MM_SQUARE, null);
    expect(summary).toMatchObject({
      count: 1,
      areaPx2: 16_000_000,
      areaMm2: null,
      densityPerMm2: null,
      per10Hpf: null,
      spacingKnown: false,
    });
  });

  it('counts point annotations of the class, not other classes, text notes or pending detections', () => {
    const at = (x: number, y: number) => ({ type: 'point' as const, point: slidePoint(x, y) });
    const annotations = [
      annotation({ geometry: at(2000, 2000) }),
      annotation({
        geometry: { type: 'multipoint', points: [slidePoint(2100, 2000), slidePoint(9000, 9000)] },
      }),
      annotation({ geometry: at(2200, 2000), classId: 'tumour' }),
      annotation({ geometry: at(2300, 2000), kind: 'text' }),
      annotation({ geometry: at(2400, 2000), objectType: 'detection', detectionStatus: 'pending' }),
      annotation({ geometry: at(2500, 2000), detectionStatus: 'accepted' }),
    ];
    expect(countClassInArea(annotations, 'mitosis', MM_SQUARE, SPACING).count).toBe(3);
  });
});
