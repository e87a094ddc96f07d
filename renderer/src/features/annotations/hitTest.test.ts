import { describe, expect, it } from 'vitest';
import { slidePoint as p } from './geometry';
import {
  distanceToGeometry,
  hitHandle,
  hitTest,
  insideGeometry,
  toleranceInSlide,
} from './hitTest';
import type { Shape } from './shapes';
import { boxGeometry } from './shapes';

const region: Shape = {
  kind: 'polygon',
  geometry: { type: 'polygon', rings: [[p(0, 0), p(1000, 0), p(1000, 1000), p(0, 1000)]] },
};
const box: Shape = {
  kind: 'rectangle',
  geometry: boxGeometry('rectangle', p(400, 400), p(500, 500)),
};
const ruler: Shape = {
  kind: 'line',
  geometry: { type: 'polyline', points: [p(0, 2000), p(1000, 2000)] },
};
const ellipse: Shape = {
  kind: 'ellipse',
  geometry: boxGeometry('ellipse', p(2000, 0), p(2400, 200)),
};
const dot: Shape = { kind: 'point', geometry: { type: 'point', point: p(700, 700) } };

const items = [
  { id: 'region', ...region },
  { id: 'box', ...box },
  { id: 'ruler', ...ruler },
  { id: 'ellipse', ...ellipse },
  { id: 'dot', ...dot },
];

describe('hit testing', () => {
  it('converts a screen tolerance to slide pixels', () => {
    expect(toleranceInSlide(12, 0.5)).toBe(24);
    expect(toleranceInSlide(12, 4)).toBe(3);
  });

  it('measures distances to outlines', () => {
    expect(distanceToGeometry(ruler.geometry, p(500, 2010))).toBeCloseTo(10);
    expect(distanceToGeometry(region.geometry, p(500, 5))).toBeCloseTo(5);
    expect(distanceToGeometry(ellipse.geometry, p(2200, -10))).toBeCloseTo(10);
    expect(distanceToGeometry(ellipse.geometry, p(2410, 100))).toBeCloseTo(10);
    expect(distanceToGeometry(dot.geometry, p(703, 704))).toBeCloseTo(5);
    expect(
      distanceToGeometry({ type: 'multipoint', points: [p(0, 0), p(10, 0)] }, p(10, 3)),
    ).toBeCloseTo(3);
  });

  it('knows the inside of areas only', () => {
    expect(insideGeometry(ellipse.geometry, p(2200, 100))).toBe(true);
    expect(insideGeometry(ellipse.geometry, p(2010, 10))).toBe(false);
    expect(insideGeometry(region.geometry, p(10, 990))).toBe(true);
    expect(insideGeometry(ruler.geometry, p(500, 2000))).toBe(false);
  });

  it('prefers the nearest outline, then the smallest area around the point', () => {
    expect(hitTest(items, p(702, 700), 5)).toBe('dot');
    expect(hitTest(items, p(450, 450), 5)).toBe('box');
    expect(hitTest(items, p(200, 200), 5)).toBe('region');
    expect(hitTest(items, p(500, 2003), 5)).toBe('ruler');
    expect(hitTest(items, p(500, 1500), 5)).toBeNull();
    // Near the box's edge, from outside: the edge, not the region around it.
    expect(hitTest(items, p(398, 450), 5)).toBe('box');
  });

  it('finds the vertex handle under the pointer', () => {
    expect(hitHandle(box, p(501, 401), 5)).toBe(1);
    expect(hitHandle(box, p(450, 450), 5)).toBeNull();
    expect(hitHandle({ ...region, kind: 'freehand' }, p(0, 0), 5)).toBeNull();
  });
});
