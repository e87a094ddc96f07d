import { describe, expect, it } from 'vitest';
import { DrawHold } from './drawHold';

describe('DrawHold', () => {
  it('draws every frame of a moving view, complete or not', () => {
    const h = new DrawHold(100);
    for (let t = 0; t < 10; t++) expect(h.decide(`view-${t}`, false, t * 16)).toBe(0);
  });

  it('gathers the tiles of a still view until it is complete', () => {
    const h = new DrawHold(100);
    expect(h.decide('field', false, 0)).toBe(0); // the jump itself
    expect(h.decide('field', false, 16)).toBe(84);
    expect(h.decide('field', false, 50)).toBe(50);
    expect(h.decide('field', true, 66)).toBe(0); // the last tile is in
  });

  it('shows what arrived at most the hold time after the last redraw, on a slow load', () => {
    const h = new DrawHold(100);
    h.decide('field', false, 0);
    expect(h.decide('field', false, 99)).toBe(1);
    expect(h.decide('field', false, 100)).toBe(0);
    expect(h.decide('field', false, 150)).toBe(50);
    expect(h.decide('field', false, 200)).toBe(0);
  });

  it('draws a still, complete view whenever asked (adjustments, a tile reloaded)', () => {
    const h = new DrawHold(100);
    h.decide('field', true, 0);
    expect(h.decide('field', true, 5)).toBe(0);
    expect(h.decide('field', true, 6)).toBe(0);
  });
});
