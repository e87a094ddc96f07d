import { describe, expect, it } from 'vitest';
import { bytesToBase64, base64ToBytes } from './base64';
import type { PixelImage } from './tissueMask';
import {
  MAX_SATURATION_THRESHOLD,
  MIN_SATURATION,
  otsu,
  saturationThreshold,
  saturations,
  tissueMask,
} from './tissueMask';

/** An RGBA image filled by a function of the pixel position. */
function image(
  width: number,
  height: number,
  colour: (x: number, y: number) => [number, number, number],
): PixelImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [r, g, b] = colour(x, y);
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  return { width, height, channels: 4, data };
}

const GLASS: [number, number, number] = [242, 240, 244];
const EOSIN: [number, number, number] = [230, 160, 200];
const HAEMATOXYLIN: [number, number, number] = [90, 60, 140];

describe('tissue mask', () => {
  it('scores glass low, stained tissue and dense grey tissue high, black as never tissue', () => {
    const s = saturations(
      image(
        4,
        1,
        (x) =>
          [
            GLASS,
            EOSIN,
            [120, 120, 120] as [number, number, number],
            [5, 5, 5] as [number, number, number],
          ][x]!,
      ),
    );
    expect(s[0]).toBeLessThan(MIN_SATURATION);
    expect(s[1]).toBeGreaterThan(MAX_SATURATION_THRESHOLD);
    expect(s[2]).toBe(255);
    expect(s[3]).toBe(-1);
  });

  it('finds the Otsu threshold between two classes and clamps it', () => {
    const h = new Float64Array(256);
    h[10] = 100;
    h[200] = 50;
    const t = otsu(h);
    expect(t).toBeGreaterThan(10);
    expect(t).toBeLessThanOrEqual(200);
    // Pale tissue (60) against dark (200) and no glass: the ceiling keeps the pale as tissue.
    expect(saturationThreshold(Int16Array.from([60, 60, 200, 200]))).toBe(MAX_SATURATION_THRESHOLD);
    // Grey-pink glass (24) against pale eosin (60): Otsu's own threshold, just above glass.
    expect(saturationThreshold(Int16Array.from([24, 24, 60, 60]))).toBe(25);
    // All glass: the floor keeps noise from being split into tissue.
    expect(saturationThreshold(Int16Array.from([2, 3, 4, 5, 6]))).toBe(MIN_SATURATION);
  });

  it('marks the cells where tissue is, on a thumbnail larger than the grid', () => {
    // 40 × 20 thumbnail, tissue in the left half of the top half; grid 8 × 4 (5 px cells).
    const thumb = image(40, 20, (x, y) =>
      x < 20 && y < 10 ? (x % 2 ? EOSIN : HAEMATOXYLIN) : GLASS,
    );
    const mask = tissueMask(thumb, { cols: 8, rows: 4 });
    expect([...mask.slice(0, 8)]).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect([...mask.slice(8, 16)]).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect([...mask.slice(16)].every((v) => v === 0)).toBe(true);
  });

  it('ignores a cell with only a speck of colour, and stretches a small thumbnail over the grid', () => {
    const speck = image(40, 20, (x, y) => (x === 2 && y === 2 ? HAEMATOXYLIN : GLASS));
    expect(tissueMask(speck, { cols: 8, rows: 4 }).some((v) => v === 1)).toBe(false);
    const small = image(2, 1, (x) => (x === 0 ? EOSIN : GLASS));
    expect([...tissueMask(small, { cols: 4, rows: 2 })]).toEqual([1, 1, 0, 0, 1, 1, 0, 0]);
  });

  it('round-trips bytes through base64, as RFC 4648 encodes them', () => {
    const ascii = (t: string) => Uint8Array.from(t, (c) => c.charCodeAt(0));
    expect(bytesToBase64(ascii('Man'))).toBe('TWFu');
    expect(bytesToBase64(ascii('Ma'))).toBe('TWE=');
    expect(bytesToBase64(ascii('M'))).toBe('TQ==');
    expect(bytesToBase64(Uint8Array.from([251, 255]))).toBe('+/8=');
    for (const n of [0, 1, 2, 3, 4, 5, 300]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) % 256);
      const text = bytesToBase64(bytes);
      expect([...base64ToBytes(text)]).toEqual([...bytes]);
    }
    expect(() => base64ToBytes('abc')).toThrow();
    expect(() => base64ToBytes('ab!=')).toThrow();
  });
});
