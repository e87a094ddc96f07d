import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../common/annotations';
import { slidePoint } from '../../common/annotations';
import { slidePx } from '../../common/pyramid';
import { decodeGeometry, encodeGeometry } from './geometryBlob';

const p = slidePoint;
const SAMPLES: Geometry[] = [
  { type: 'point', point: p(0.1 + 0.2, 1e-300) },
  { type: 'multipoint', points: [p(1, 2), p(3.25, 4.5), p(Number.MAX_VALUE, 0)] },
  { type: 'polyline', points: [p(0, 0), p(1 / 3, 2 / 3)] },
  {
    type: 'rectangle',
    x: slidePx(0.5),
    y: slidePx(1.5),
    width: slidePx(99_999.75),
    height: slidePx(0),
  },
  { type: 'ellipse', x: slidePx(10), y: slidePx(20), width: slidePx(30), height: slidePx(40) },
  {
    type: 'polygon',
    rings: [
      [p(0, 0), p(10, 0), p(10, 10), p(0, 10)],
      [p(2, 2), p(3, 2), p(3, 3)],
    ],
  },
  {
    type: 'multipolygon',
    polygons: [
      [[p(0, 0), p(1, 0), p(1, 1)]],
      [
        [p(5, 5), p(9, 5), p(9, 9), p(5, 9)],
        [p(6, 6), p(7, 6), p(7, 7)],
        [p(8, 8), p(8.5, 8), p(8.5, 8.5)],
      ],
    ],
  },
];

describe('stored geometry', () => {
  it('gives back every geometry exactly, doubles included', () => {
    for (const g of SAMPLES) expect(decodeGeometry(encodeGeometry(g))).toEqual(g);
  });

  it('reads a record at any offset of a larger buffer (as SQLite may hand it over)', () => {
    const record = encodeGeometry(SAMPLES[5]!);
    const shifted = Buffer.alloc(record.length + 3);
    record.copy(shifted, 3);
    expect(decodeGeometry(shifted.subarray(3))).toEqual(SAMPLES[5]);
  });

  it('takes 16 bytes a point plus a small header', () => {
    const ring = Array.from({ length: 40 }, (_, i) => p(i, i));
    expect(encodeGeometry({ type: 'polygon', rings: [ring] }).length).toBe(16 + 40 * 16);
  });

  it('refuses a record of another format instead of guessing', () => {
    const record = encodeGeometry(SAMPLES[0]!);
    record.writeUInt32LE((2 << 8) | 0, 0);
    expect(() => decodeGeometry(record)).toThrow(/Unknown annotation geometry record/);
  });
});
