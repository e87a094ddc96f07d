import { describe, expect, it } from 'vitest';
import { snapToPixels } from './pixelSnap';

describe('snapToPixels', () => {
  it('puts a tile at 1:1 on whole pixels, at its own size', () => {
    expect(snapToPixels(10.37, -3.62, 256, 256)).toEqual({
      x: 10,
      y: -4,
      width: 256,
      height: 256,
    });
  });

  it('keeps neighbours edge to edge: no seam, no overlap', () => {
    const size = 183.4; // a zoom between levels
    for (const origin of [0.2, 17.49, 101.51]) {
      const a = snapToPixels(origin, 0, size, size);
      const b = snapToPixels(origin + size, 0, size, size);
      expect(a.x + a.width).toBe(b.x);
      expect(Math.abs(a.width - size)).toBeLessThanOrEqual(1);
    }
  });

  it('snaps to device pixels on a scaled screen', () => {
    const r = snapToPixels(10.3, 0, 256, 256, 1.5);
    expect(r.x * 1.5).toBeCloseTo(Math.round(10.3 * 1.5), 9);
    expect((r.x + r.width) * 1.5).toBeCloseTo(Math.round((10.3 + 256) * 1.5), 9);
  });

  it('rounds an edge the same way for both tiles when floating-point noise splits it at .5', () => {
    // Positions OpenSeadragon gave one column of tiles at the 40× preset (one view).
    const column = [-76.5, 179.49999999999977, 435.4999999999999, 691.5];
    const rects = column.map((y) => snapToPixels(0, y, 256, 256));
    for (let i = 1; i < rects.length; i++) {
      expect(rects[i - 1]!.y + rects[i - 1]!.height).toBe(rects[i]!.y);
    }
    expect(rects.every((r) => r.height === 256)).toBe(true);
  });
});
