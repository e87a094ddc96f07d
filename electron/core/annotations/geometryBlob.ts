/**
 * Annotation geometry as stored in workstation.db: a small binary record instead of JSON.
 * 100,000 detection outlines of 40 vertices are 8 million coordinates; as JSON text they
 * took 177 MB and most of an import's time to write and of a slide's opening to read back
 * (number formatting and parsing), as doubles they take 64 MB and are copied as they are.
 * Coordinates are kept exactly (IEEE doubles, little-endian).
 *
 * Layout (32-bit little-endian words, then doubles):
 *   word 0      FORMAT << 8 | type code
 *   word 1      P, the number of polygons (1 for every type but multipolygon)
 *   P words     rings in each polygon (1 for every type but polygon and multipolygon)
 *   R words     points in each ring, R being the total of the above
 *   (a zero word when needed, so that the doubles start on a multiple of 8 bytes)
 *   2 × N doubles  x, y of every point in order
 * A rectangle or an ellipse is one ring of two "points": (x, y) and (width, height).
 */
import type { Geometry, SlidePoint } from '../../common/annotations';
import { slidePoint } from '../../common/annotations';
import { slidePx } from '../../common/pyramid';

/** Version of the layout; a reader meeting another one refuses rather than guesses. */
const FORMAT = 1;
const TYPES = [
  'point',
  'multipoint',
  'polyline',
  'rectangle',
  'ellipse',
  'polygon',
  'multipolygon',
] as const satisfies readonly Geometry['type'][];

/** The geometry as polygons of rings of points, the shape every type is written in. */
function partsOf(g: Geometry): (readonly SlidePoint[])[][] {
  switch (g.type) {
    case 'point':
      return [[[g.point]]];
    case 'multipoint':
    case 'polyline':
      return [[g.points]];
    case 'rectangle':
    case 'ellipse':
      return [[[slidePoint(g.x, g.y), slidePoint(g.width, g.height)]]];
    case 'polygon':
      return [g.rings];
    case 'multipolygon':
      return g.polygons;
  }
}

export function encodeGeometry(g: Geometry): Buffer {
  const parts = partsOf(g);
  let ringCount = 0;
  let points = 0;
  for (const rings of parts) {
    ringCount += rings.length;
    for (const ring of rings) points += ring.length;
  }
  const headerBytes = Math.ceil((2 + parts.length + ringCount) / 2) * 8;
  const buffer = Buffer.alloc(headerBytes + points * 16);
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  view.setUint32(0, (FORMAT << 8) | TYPES.indexOf(g.type), true);
  view.setUint32(4, parts.length, true);
  let at = 8;
  for (const rings of parts) {
    view.setUint32(at, rings.length, true);
    at += 4;
  }
  for (const rings of parts) {
    for (const ring of rings) {
      view.setUint32(at, ring.length, true);
      at += 4;
    }
  }
  at = headerBytes;
  for (const rings of parts) {
    for (const ring of rings) {
      for (const p of ring) {
        view.setFloat64(at, p.x, true);
        view.setFloat64(at + 8, p.y, true);
        at += 16;
      }
    }
  }
  return buffer;
}

export function decodeGeometry(bytes: Uint8Array): Geometry {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const word = () => {
    const n = view.getUint32(at, true);
    at += 4;
    return n;
  };
  const head = word();
  const type = TYPES[head & 0xff];
  if (head >> 8 !== FORMAT || type === undefined)
    throw new Error(`Unknown annotation geometry record (${head.toString(16)})`);
  const polygonCount = word();
  const ringCounts = Array.from({ length: polygonCount }, word);
  const pointCounts = ringCounts.map((n) => Array.from({ length: n }, word));
  at = Math.ceil((2 + polygonCount + ringCounts.reduce((a, b) => a + b, 0)) / 2) * 8;
  const polygons = pointCounts.map((ring) =>
    ring.map((n) => {
      const points = new Array<SlidePoint>(n);
      for (let i = 0; i < n; i++, at += 16)
        points[i] = slidePoint(view.getFloat64(at, true), view.getFloat64(at + 8, true));
      return points;
    }),
  );
  const first = polygons[0]?.[0] ?? [];
  switch (type) {
    case 'point':
      return { type, point: first[0]! };
    case 'multipoint':
    case 'polyline':
      return { type, points: first };
    case 'rectangle':
    case 'ellipse':
      return {
        type,
        x: first[0]!.x,
        y: first[0]!.y,
        width: slidePx(first[1]!.x),
        height: slidePx(first[1]!.y),
      };
    case 'polygon':
      return { type, rings: polygons[0]! };
    case 'multipolygon':
      return { type, polygons };
  }
}
