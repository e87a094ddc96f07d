import { describe, expect, it } from 'vitest';
import { slidePoint as p } from './geometry';
import type { Shape } from './shapes';
import {
  boxGeometry,
  handlesOf,
  keepOnSlide,
  moveHandle,
  moveShape,
  simplify,
  snapAngle,
  squareFrom,
} from './shapes';

describe('shapes', () => {
  it('build a box whichever way it was dragged', () => {
    expect(boxGeometry('ellipse', p(100, 50), p(0, 0))).toEqual({
      type: 'ellipse',
      x: 0,
      y: 0,
      width: 100,
      height: 50,
    });
  });

  it('drag a box corner with the opposite one fixed', () => {
    const box: Shape = {
      kind: 'rectangle',
      geometry: boxGeometry('rectangle', p(0, 0), p(100, 50)),
    };
    expect(handlesOf(box)).toEqual([p(0, 0), p(100, 0), p(100, 50), p(0, 50)]);
    expect(moveHandle(box, 1, p(200, -10)).geometry).toEqual(
      boxGeometry('rectangle', p(0, 50), p(200, -10)),
    );
    expect(moveShape(box, 5, 5).geometry).toEqual(boxGeometry('rectangle', p(5, 5), p(105, 55)));
  });

  it('move one vertex of a polygon, or all of a shape', () => {
    const tri: Shape = {
      kind: 'polygon',
      geometry: { type: 'polygon', rings: [[p(0, 0), p(10, 0), p(0, 10)]] },
    };
    expect(moveHandle(tri, 2, p(5, 5)).geometry).toEqual({
      type: 'polygon',
      rings: [[p(0, 0), p(10, 0), p(5, 5)]],
    });
    expect(moveShape(tri, 1, 2).geometry).toEqual({
      type: 'polygon',
      rings: [[p(1, 2), p(11, 2), p(1, 12)]],
    });
    expect(moveHandle(tri, 9, p(5, 5))).toBe(tri);
    const dot: Shape = { kind: 'point', geometry: { type: 'point', point: p(1, 1) } };
    expect(moveHandle(dot, 0, p(3, 4)).geometry).toEqual({ type: 'point', point: p(3, 4) });
  });

  it('offer no handles on freehand outlines', () => {
    const lasso: Shape = {
      kind: 'freehand',
      geometry: { type: 'polygon', rings: [[p(0, 0), p(10, 0), p(0, 10)]] },
    };
    expect(handlesOf(lasso)).toEqual([]);
  });

  it('constrain to squares and 45° steps', () => {
    expect(squareFrom(p(0, 0), p(30, -10))).toEqual(p(30, -30));
    const q = snapAngle(p(0, 0), p(100, 8));
    expect(q.x).toBeCloseTo(Math.hypot(100, 8));
    expect(q.y).toBeCloseTo(0);
  });

  it('simplify a stroke to the vertices that make its shape', () => {
    const stroke = [p(0, 0), p(1, 0.1), p(2, 0), p(3, 0.1), p(4, 0), p(4, 4)];
    expect(simplify(stroke, 0.5)).toEqual([p(0, 0), p(4, 0), p(4, 4)]);
  });
});

describe('keepOnSlide', () => {
  const box: Shape = {
    kind: 'rectangle',
    geometry: boxGeometry('rectangle', p(-10, 5), p(50, 40)),
  };

  it('slides a moved shape back onto the slide whole', () => {
    expect(keepOnSlide(box, 100, 100, true).geometry).toEqual(
      boxGeometry('rectangle', p(0, 5), p(60, 40)),
    );
  });

  it('brings drawn vertices to the edge', () => {
    expect(keepOnSlide(box, 100, 30).geometry).toEqual(
      boxGeometry('rectangle', p(0, 5), p(50, 30)),
    );
    const inside: Shape = { kind: 'point', geometry: { type: 'point', point: p(1, 1) } };
    expect(keepOnSlide(inside, 10, 10)).toBe(inside);
  });
});
