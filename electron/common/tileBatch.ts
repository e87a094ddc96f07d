/**
 * Several tiles of one level of one slide in one request: `<slideId>/<level>/many/<c>.<r>-<c>.<r>-…`
 * after the tile base, answered by one body that frames each tile in the order asked.
 *
 * Why: a jump to a new field at 1:1 on a 1600×900 view needs about 30 tiles. Browsers open
 * 6 HTTP/1.1 connections per host, so on the web host the tiles went out in 5 waves of
 * requests, each paying the request's own cost on both ends (`npm run bench -- reference`:
 * the first tile asked 29 ms after the move, the last answered at 162 ms). The tile worker
 * (renderer/src/viewer/tileWorker.ts) gathers the tiles OpenSeadragon asks for in one go.
 * The same path serves Electron's `wsi://` and the web host: both hand it to the engine's
 * getTile, so this format lives once, here.
 *
 * The body: for each tile, an 8-byte header (big-endian u32 byte length, u16 HTTP status,
 * u8 image type, u8 origin: the local cache or the source, as a single tile's
 * `x-tile-origin` says), then its bytes. A tile that could not be served has its status
 * (504 not available offline, 404, …) and no bytes: the viewer asks for that tile alone to
 * learn why, as for any failed tile. TILE_LATER marks a tile still being read when the batch
 * was answered (electron/core/tiles/tileBatch.ts): the viewer asks for it alone.
 */

/** The status of a tile of a batch still being read: ask for it alone (it joins that read). */
export const TILE_LATER = 202;

/** The most tiles one request may ask for. */
export const TILE_BATCH_MAX = 32;
export const TILE_BATCH_CONTENT_TYPE = 'application/vnd.lillepath.tile-batch';
/** The path segment after the level that marks a batch. */
export const TILE_BATCH_SEGMENT = 'many';

const HEADER_BYTES = 8;
/** The image types a tile may have, numbered in the header from 1 (0: no image). */
const TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type TileContentTypeName = (typeof TYPES)[number];

export interface BatchTile {
  col: number;
  row: number;
}

export interface BatchEntry {
  status: number;
  /** Empty unless status is 200. */
  body: Uint8Array;
  contentType: TileContentTypeName | null;
  origin?: TileOrigin;
}

const ORIGINS = ['cache', 'source'] as const;
export type TileOrigin = (typeof ORIGINS)[number];

/** The path (after the tile base) of these tiles of one level. */
export function tileBatchPath(slideId: string, level: number, tiles: readonly BatchTile[]): string {
  return `${slideId}/${level}/${TILE_BATCH_SEGMENT}/${tiles.map((t) => `${t.col}.${t.row}`).join('-')}`;
}

const INDEX = /^\d{1,7}$/;

/** The tiles of a batch segment (`c.r-c.r-…`), or null if malformed, empty or too many. */
export function parseBatchTiles(segment: string): BatchTile[] | null {
  const parts = segment.split('-');
  if (parts.length === 0 || parts.length > TILE_BATCH_MAX) return null;
  const tiles: BatchTile[] = [];
  for (const part of parts) {
    const [c, r, extra] = part.split('.');
    if (extra !== undefined || c === undefined || r === undefined) return null;
    if (!INDEX.test(c) || !INDEX.test(r)) return null;
    tiles.push({ col: Number(c), row: Number(r) });
  }
  return tiles;
}

export function encodeTileBatch(entries: readonly BatchEntry[]): Uint8Array {
  let size = 0;
  for (const e of entries) size += HEADER_BYTES + (e.status === 200 ? e.body.byteLength : 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const e of entries) {
    const body = e.status === 200 ? e.body : new Uint8Array(0);
    view.setUint32(at, body.byteLength);
    view.setUint16(at + 4, e.status);
    view.setUint8(at + 6, e.contentType === null ? 0 : TYPES.indexOf(e.contentType) + 1);
    view.setUint8(at + 7, e.origin === undefined ? 0 : ORIGINS.indexOf(e.origin) + 1);
    out.set(body, at + HEADER_BYTES);
    at += HEADER_BYTES + body.byteLength;
  }
  return out;
}

/** The tiles of a batch body, in order; throws on a body that does not hold `count` of them. */
export function decodeTileBatch(bytes: Uint8Array, count: number): BatchEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: BatchEntry[] = [];
  let at = 0;
  while (at < bytes.byteLength) {
    if (at + HEADER_BYTES > bytes.byteLength) throw new Error('Truncated tile batch');
    const length = view.getUint32(at);
    const status = view.getUint16(at + 4);
    const type = view.getUint8(at + 6);
    const start = at + HEADER_BYTES;
    if (start + length > bytes.byteLength) throw new Error('Truncated tile batch');
    const contentType = type === 0 ? null : (TYPES[type - 1] ?? null);
    const origin = ORIGINS[view.getUint8(at + 7) - 1];
    entries.push({
      status,
      body: bytes.subarray(start, start + length),
      contentType,
      ...(origin ? { origin } : {}),
    });
    at = start + length;
  }
  if (entries.length !== count) throw new Error(`Tile batch of ${entries.length}, not ${count}`);
  return entries;
}
