import { describe, expect, it } from 'vitest';
import { parseTilePath } from './pyramid';
import {
  TILE_BATCH_MAX,
  decodeTileBatch,
  encodeTileBatch,
  parseBatchTiles,
  tileBatchPath,
} from './tileBatch';

describe('tile batch', () => {
  it('frames tiles and their failures in order, and reads them back', () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const body = encodeTileBatch([
      { status: 200, body: jpeg, contentType: 'image/jpeg', origin: 'cache' },
      { status: 504, body: new Uint8Array([9, 9]), contentType: null },
      { status: 200, body: png, contentType: 'image/png', origin: 'source' },
    ]);
    expect(body.byteLength).toBe(3 * 8 + jpeg.byteLength + png.byteLength);
    const back = decodeTileBatch(body, 3);
    expect(back.map((e) => [e.status, e.contentType, e.origin, [...e.body]])).toEqual([
      [200, 'image/jpeg', 'cache', [...jpeg]],
      [504, null, undefined, []],
      [200, 'image/png', 'source', [...png]],
    ]);
  });

  it('refuses a truncated body or one with another count of tiles', () => {
    const body = encodeTileBatch([
      { status: 200, body: new Uint8Array(10), contentType: 'image/jpeg' },
    ]);
    expect(() => decodeTileBatch(body.subarray(0, 12), 1)).toThrow(/Truncated/);
    expect(() => decodeTileBatch(body.subarray(0, 5), 1)).toThrow(/Truncated/);
    expect(() => decodeTileBatch(body, 2)).toThrow(/of 1, not 2/);
  });

  it('writes and parses the path; refuses malformed, empty and oversized batches', () => {
    const path = tileBatchPath('S_1', 3, [
      { col: 0, row: 1 },
      { col: 12, row: 7 },
    ]);
    expect(path).toBe('S_1/3/many/0.1-12.7');
    expect(parseTilePath(path)).toEqual({
      kind: 'batch',
      slideId: 'S_1',
      level: 3,
      tiles: [
        { col: 0, row: 1 },
        { col: 12, row: 7 },
      ],
    });
    for (const bad of ['', '1', '1.', '.1', '1.2.3', '1.2-', 'a.1', '1.-2', '99999999.1'])
      expect(parseBatchTiles(bad), bad).toBeNull();
    const many = Array.from({ length: TILE_BATCH_MAX + 1 }, (_, i) => `${i}.0`).join('-');
    expect(parseTilePath(`S/0/many/${many}`)).toBeNull();
    expect(parseTilePath('S/x/many/1.1')).toBeNull();
  });
});
