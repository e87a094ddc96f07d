import { describe, expect, it } from 'vitest';
import { baseName, readHeatmapFile, toBase64 } from './heatmapFile';

const text = (s: string) => new TextEncoder().encode(s);

describe('heatmap files chosen in the window', () => {
  it('takes a PNG as it is, in base64', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    expect(readHeatmapFile(png)).toEqual({ kind: 'png', png: toBase64(png) });
    expect(atob(toBase64(png)).charCodeAt(10)).toBe(3);
  });

  it('reads a bare JSON grid, and one with its name and extent', () => {
    expect(readHeatmapFile(text('{"width":2,"height":1,"values":[0.1,null]}'))).toEqual({
      kind: 'grid',
      grid: { width: 2, height: 1, values: [0.1, null] },
      name: null,
      extent: null,
    });
    const full = {
      name: 'Tumour probability',
      extent: { x: 0, y: 0, width: 1000, height: 500 },
      grid: { width: 2, height: 1, values: [0, 1] },
    };
    expect(readHeatmapFile(text(JSON.stringify(full)))).toEqual({ kind: 'grid', ...full });
  });

  it('says what is wrong with anything else', () => {
    expect(() => readHeatmapFile(text('nope'))).toThrow('neither a PNG image nor JSON');
    expect(() => readHeatmapFile(text('[1]'))).toThrow('not an object');
    expect(() => readHeatmapFile(text('{"values":[]}'))).toThrow('"width" and "height"');
    expect(() => readHeatmapFile(text('{"width":1,"height":1}'))).toThrow('"values"');
    expect(() =>
      readHeatmapFile(text('{"extent":{"x":0},"grid":{"width":1,"height":1,"values":[0]}}')),
    ).toThrow('"extent" needs numbers');
  });

  it('names a heatmap after its file', () => {
    expect(baseName('tumour.probability.json')).toBe('tumour.probability');
    expect(baseName('.png')).toBe('.png');
  });
});
