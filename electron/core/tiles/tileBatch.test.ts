import { describe, expect, it } from 'vitest';
import { TILE_LATER, decodeTileBatch } from '../../common/tileBatch';
import type { TileData } from '../sources/slideSource';
import { readTileBatch } from './tileBatch';

const jpeg = (n: number): TileData => ({
  bytes: new Uint8Array([0xff, 0xd8, n, 0xff, 0xd9]),
  contentType: 'image/jpeg',
});

describe('readTileBatch', () => {
  it('answers every tile in order, a failure with its own status', async () => {
    const body = await readTileBatch(
      [
        { col: 0, row: 0 },
        { col: 1, row: 0 },
      ],
      {
        read: (col) =>
          col === 0
            ? Promise.resolve({ ...jpeg(1), origin: 'cache' })
            : Promise.reject(new Error('x')),
        statusOf: () => 504,
      },
    );
    const entries = decodeTileBatch(body, 2);
    expect(entries.map((e) => [e.status, e.origin])).toEqual([
      [200, 'cache'],
      [504, undefined],
    ]);
  });

  it('does not wait for a slow tile: it is answered "later" and its read goes on', async () => {
    let finishSlow: (d: TileData) => void = () => undefined;
    let slowDone = false;
    const slow = new Promise<TileData>((r) => (finishSlow = r)).then((d) => {
      slowDone = true;
      return d;
    });
    const body = await readTileBatch(
      [
        { col: 0, row: 0 },
        { col: 1, row: 0 },
      ],
      { read: (col) => (col === 0 ? Promise.resolve(jpeg(1)) : slow), statusOf: () => 500 },
      undefined,
      20,
    );
    expect(decodeTileBatch(body, 2).map((e) => e.status)).toEqual([200, TILE_LATER]);
    finishSlow(jpeg(2));
    await slow;
    expect(slowDone).toBe(true);
  });

  it('waits for the first tile however long it takes', async () => {
    const body = await readTileBatch(
      [{ col: 0, row: 0 }],
      { read: () => new Promise((r) => setTimeout(() => r(jpeg(3)), 60)), statusOf: () => 500 },
      undefined,
      5,
    );
    expect(decodeTileBatch(body, 1).map((e) => e.status)).toEqual([200]);
  });
});
