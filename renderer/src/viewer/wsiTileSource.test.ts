import { describe, it, expect } from 'vitest';
import { fakeSlideInfo } from '../testing/fakeApi';
import { WsiTileSource } from './wsiTileSource';

describe('WsiTileSource', () => {
  const source = new WsiTileSource(fakeSlideInfo('S-1'), '/tiles');

  it('is ready at once with the real levels', () => {
    expect(source.ready).toBe(true);
    expect(source.minLevel).toBe(0);
    expect(source.maxLevel).toBe(2);
    expect(source.dimensions.x).toBe(46000);
    expect(source.aspectRatio).toBeCloseTo(46000 / 32914, 9);
  });

  it('uses the true level scales, not powers of two', () => {
    expect(source.getLevelScale(2)).toBe(1);
    expect(source.getLevelScale(1)).toBeCloseTo(0.25, 6);
    // OSD's pixel ratio derives from the scale: one level-1 pixel is 4 full-res pixels wide
    // (OSD's typings say number; its code returns a Point)
    const ratio = (level: number) => (source.getPixelRatio(level) as unknown as { x: number }).x;
    expect(ratio(1) / ratio(2)).toBeCloseTo(4, 3);
  });

  it('asks only for tiles that exist, on the source level numbering', () => {
    expect(source.getTileUrl(2, 3, 4)).toBe('/tiles/S-1/0/3/4');
    expect(source.getTileUrl(0, 0, 0)).toBe('/tiles/S-1/2/0/0');
    expect(source.tileExists(2, 179, 128)).toBe(true);
    expect(source.tileExists(2, 180, 0)).toBe(false);
    expect(source.tileExists(3, 0, 0)).toBe(false);
    expect(source.getNumTiles(1)).toMatchObject({ x: 45, y: 33 });
  });

  it('crops padded edge tiles through the source bounds', () => {
    const src = source.getTileBounds(1, 44, 32, true);
    expect([src.width, src.height]).toEqual([236, 36]);
    const dst = source.getTileBounds(1, 44, 32);
    expect(dst.x + dst.width).toBeCloseTo(1, 12);
  });

  it('finds the tile under a point', () => {
    const b = source.getTileBounds(1, 10, 7);
    const tile = source.getTileAtPoint(1, b.getCenter()) as unknown as { x: number; y: number };
    expect([tile.x, tile.y]).toEqual([10, 7]);
  });
});
