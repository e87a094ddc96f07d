import { describe, expect, it } from 'vitest';
import type { Level } from './pyramid';
import {
  formatMagnification,
  isTileInGrid,
  levelForDownsample,
  magnificationFor,
  parseTilePath,
  scaleBar,
  tileGrid,
  tilePath,
  tileRect,
  zoomForMagnification,
} from './pyramid';

// An Aperio-like pyramid with 4x steps and ragged edges.
const levels: Level[] = [
  { width: 10_000, height: 7_000, downsample: 1, tileWidth: 256, tileHeight: 256 },
  { width: 2_500, height: 1_750, downsample: 4, tileWidth: 256, tileHeight: 256 },
  { width: 625, height: 437, downsample: 16.0183, tileWidth: 256, tileHeight: 256 },
];

describe('pyramid math', () => {
  it('computes grids and clipped edge tiles', () => {
    expect(tileGrid(levels[0]!)).toEqual({ cols: 40, rows: 28 });
    expect(tileRect(levels[0]!, 39, 27)).toEqual({ x: 9984, y: 6912, width: 16, height: 88 });
    expect(isTileInGrid(levels[2]!, 2, 1)).toBe(true);
    expect(isTileInGrid(levels[2]!, 3, 0)).toBe(false);
    expect(isTileInGrid(levels[2]!, -1, 0)).toBe(false);
  });

  it('picks the coarsest level that is still sharp enough', () => {
    expect(levelForDownsample(levels, 1)).toBe(0);
    expect(levelForDownsample(levels, 3.9)).toBe(0);
    expect(levelForDownsample(levels, 4)).toBe(1);
    expect(levelForDownsample(levels, 15.99)).toBe(2);
    expect(levelForDownsample(levels, 100)).toBe(2);
  });

  it('converts magnification and zoom from microns per pixel', () => {
    // A 0.25 µm/px scan shown 1:1 is 40x; a 0.5 µm/px scan 1:1 is 20x.
    expect(magnificationFor(0.25, 1)).toBe(40);
    expect(magnificationFor(0.5, 1)).toBe(20);
    expect(zoomForMagnification(0.25, 10)).toBe(0.25);
    expect(zoomForMagnification(0.5, 40)).toBe(2);
    expect(formatMagnification(1.25)).toBe('1.25×');
    expect(formatMagnification(39.6)).toBe('40×');
  });

  it('draws round scale bars', () => {
    expect(scaleBar(1, 150)).toEqual({ px: 100, lengthMicrons: 100, label: '100 µm' });
    expect(scaleBar(10, 150)?.label).toBe('1 mm');
    expect(scaleBar(0.25, 150)?.label).toBe('20 µm');
    expect(scaleBar(0, 150)).toBeNull();
    expect(scaleBar(Number.NaN, 150)).toBeNull();
  });
});

describe('tile paths', () => {
  it('round-trips tiles and associated images', () => {
    expect(parseTilePath(tilePath('s1', 2, 3, 4))).toEqual({
      kind: 'tile',
      slideId: 's1',
      level: 2,
      col: 3,
      row: 4,
    });
    expect(parseTilePath('s1/associated/label')).toEqual({
      kind: 'associated',
      slideId: 's1',
      name: 'label',
    });
  });

  it('rejects anything malformed', () => {
    for (const bad of [
      '',
      's1',
      's1/0/0',
      's1/0/0/0/0',
      '../0/0/0',
      's1/-1/0/0',
      's1/a/0/0',
      's1/0/0/1e3',
      's1/associated/passwd',
      's1/0/0/99999999',
      's%2f/0/0/0',
    ]) {
      expect(parseTilePath(bad), bad).toBeNull();
    }
  });
});
