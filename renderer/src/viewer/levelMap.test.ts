import { describe, it, expect } from 'vitest';
import { fakeSlideInfo } from '../testing/fakeApi';
import { LevelMap, imageCacheCountFor, minPixelRatioFor } from './levelMap';

/** Aperio-like: 46000 × 32914, downsamples 1, 4, 16, levels rounded down. */
const aperio = new LevelMap(fakeSlideInfo('S'));

const dyadic = new LevelMap({
  width: 1000,
  height: 500,
  levels: [
    { width: 1000, height: 500, downsample: 1, tileWidth: 256, tileHeight: 256 },
    { width: 500, height: 250, downsample: 2, tileWidth: 256, tileHeight: 256 },
    { width: 250, height: 125, downsample: 4, tileWidth: 256, tileHeight: 256 },
  ],
});

describe('LevelMap on a 4×-step pyramid', () => {
  it('exposes exactly the real levels, coarsest first', () => {
    expect(aperio.maxLevel).toBe(2);
    expect([0, 1, 2].map((k) => aperio.sourceLevel(k))).toEqual([2, 1, 0]);
    expect(aperio.scale(2)).toBe(1);
    expect(aperio.scale(1)).toBeCloseTo(0.25, 6);
    expect(aperio.scale(0)).toBeCloseTo(1 / 16, 4);
  });

  it('counts tiles from the true level size', () => {
    expect(aperio.numTiles(2)).toEqual({ x: 180, y: 129 }); // ceil(46000/256), ceil(32914/256)
    expect(aperio.numTiles(1)).toEqual({ x: 45, y: 33 }); // 11500, 8228
    expect(aperio.numTiles(0)).toEqual({ x: 12, y: 9 }); // 2875, 2057
    expect(aperio.tileExists(1, 44, 32)).toBe(true);
    expect(aperio.tileExists(1, 45, 0)).toBe(false);
    expect(aperio.tileExists(3, 0, 0)).toBe(false);
    expect(aperio.tileExists(0, -1, 0)).toBe(false);
  });

  it('tiles of every level cover the image exactly, without gaps or overlap', () => {
    const aspect = 32914 / 46000;
    for (let k = 0; k <= aperio.maxLevel; k++) {
      const { x: cols, y: rows } = aperio.numTiles(k);
      const last = aperio.tileBounds(k, cols - 1, rows - 1);
      expect(last.x + last.width).toBeCloseTo(1, 12);
      expect(last.y + last.height).toBeCloseTo(aspect, 12);
      for (let c = 1; c < cols; c++) {
        const prev = aperio.tileBounds(k, c - 1, 0);
        expect(aperio.tileBounds(k, c, 0).x).toBeCloseTo(prev.x + prev.width, 12);
      }
    }
  });

  it('crops the padding of edge tiles', () => {
    // level 1 is 11500 px wide: the last column (44) holds 11500 - 44*256 = 236 px
    expect(aperio.sourceRect(1, 44, 32)).toEqual({ x: 11264, y: 8192, width: 236, height: 36 });
    expect(aperio.sourceRect(1, 3, 3)).toMatchObject({ width: 256, height: 256 });
  });

  it('places the same tissue at the same place on every level', () => {
    // full-res pixel (20480, 10240) is level-1 pixel (5120, 2560) = tile (20, 10) origin
    const full = aperio.tileBounds(2, 80, 40);
    const quarter = aperio.tileBounds(1, 20, 10);
    expect(quarter.x).toBeCloseTo(full.x, 4);
    expect(quarter.y).toBeCloseTo(full.y, 4);
    expect(quarter.width).toBeCloseTo(full.width * 4, 4);
  });

  it('finds the tile under a point, clamped to the grid', () => {
    const aspect = 32914 / 46000;
    expect(aperio.tileAtPoint(1, { x: 0, y: 0 })).toEqual({ x: 0, y: 0 });
    expect(aperio.tileAtPoint(1, { x: 1, y: aspect })).toEqual({ x: 44, y: 32 });
    const b = aperio.tileBounds(1, 7, 5);
    expect(aperio.tileAtPoint(1, { x: b.x + b.width / 2, y: b.y + b.height / 2 })).toEqual({
      x: 7,
      y: 5,
    });
  });
});

describe('LevelMap on a dyadic pyramid', () => {
  it('behaves like OSD expects', () => {
    expect(dyadic.scale(1)).toBe(0.5);
    expect(dyadic.largestStep()).toBe(2);
    expect(dyadic.numTiles(0)).toEqual({ x: 1, y: 1 });
  });

  it('sorts levels listed out of order', () => {
    const shuffled = new LevelMap({
      width: 1000,
      height: 500,
      levels: [
        { width: 1000, height: 500, downsample: 1, tileWidth: 256, tileHeight: 256 },
        { width: 250, height: 125, downsample: 4, tileWidth: 256, tileHeight: 256 },
        { width: 500, height: 250, downsample: 2, tileWidth: 256, tileHeight: 256 },
      ],
    });
    expect([0, 1, 2].map((k) => shuffled.sourceLevel(k))).toEqual([1, 2, 0]);
  });
});

describe('minPixelRatioFor', () => {
  it('keeps OSD default for dyadic pyramids and never enlarges a 4× level', () => {
    expect(minPixelRatioFor(dyadic)).toBe(0.5);
    const m = minPixelRatioFor(aperio);
    expect(m).toBeGreaterThan(0.25);
    expect(m * aperio.largestStep()).toBeLessThanOrEqual(1.03);
  });

  it('does not read more than 16 pixels per screen pixel on 8× steps', () => {
    const sparse = new LevelMap({
      width: 8000,
      height: 4000,
      levels: [
        { width: 8000, height: 4000, downsample: 1, tileWidth: 512, tileHeight: 512 },
        { width: 1000, height: 500, downsample: 8, tileWidth: 512, tileHeight: 512 },
      ],
    });
    expect(sparse.largestStep()).toBe(8);
    expect(minPixelRatioFor(sparse)).toBe(0.25);
  });

  it('handles a single-level image', () => {
    const single = new LevelMap({
      width: 300,
      height: 200,
      levels: [{ width: 300, height: 200, downsample: 1, tileWidth: 512, tileHeight: 512 }],
    });
    expect(single.largestStep()).toBe(1);
    expect(minPixelRatioFor(single)).toBe(0.5);
  });
});

describe('imageCacheCountFor', () => {
  it('holds a rotated screenful at the finest allowed level, within bounds', () => {
    const n = imageCacheCountFor({ width: 1600, height: 900 }, { width: 256, height: 256 }, 0.255);
    const screenful = (1600 / 0.255 / 256) * (900 / 0.255 / 256);
    expect(n).toBeGreaterThan(screenful * 2);
    expect(n).toBeLessThanOrEqual(1500);
    expect(imageCacheCountFor({ width: 100, height: 100 }, { width: 512, height: 512 }, 0.5)).toBe(
      300,
    );
  });
});
