/**
 * Serves `wsi://tiles/<path>` by calling the engine's `getTile(path)`: the same function
 * the web host calls for `/tiles/<path>`. Tiles are passed through byte for byte.
 * Node only, no Electron.
 */
import type { TileResponse } from '../core/tiles/tileRoute';
import type { Workstation } from '../core/workstation';
import { APP_ORIGIN, TILE_HOST, TILE_SCHEME } from './origins';

export type GetTile = Workstation['getTile'];

/** The part of a tile URL after `wsi://tiles/` (query ignored), or null when it is not one of ours. */
export function tilePathFromUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${TILE_SCHEME}:` || u.host !== TILE_HOST) return null;
  const tilePath = u.pathname.replace(/^\/+/, '');
  return tilePath === '' ? null : tilePath;
}

// The renderer (app://renderer) loads tiles cross-origin. OpenSeadragon's WebGL drawer
// can only upload CORS-approved images to the GPU, so tiles carry an
// Access-Control-Allow-Origin for our origin (the scheme is registered corsEnabled).
const COMMON_HEADERS = {
  'Access-Control-Allow-Origin': APP_ORIGIN,
  'X-Content-Type-Options': 'nosniff',
} as const;

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/**
 * The bytes as a Response body without copying them when they sit in a plain
 * ArrayBuffer (always the case for Buffers from SQLite or fs); a SharedArrayBuffer view
 * is copied, as Response does not accept one.
 */
export function responseBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer
    ? (bytes as Uint8Array<ArrayBuffer>)
    : new Uint8Array(bytes);
}

/** Statuses a Response may not carry a body with. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** Answers one tile request. Never throws: engine failures become 5xx responses. */
export async function serveTile(getTile: GetTile, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return textResponse(405, 'Method not allowed');
  const tilePath = tilePathFromUrl(request.url);
  if (tilePath === null) return textResponse(404, 'Not found');
  let tile: TileResponse;
  try {
    tile = await getTile(tilePath, request.signal);
  } catch {
    // getTile is specified never to throw; if it does, that is a bug on our side.
    return textResponse(500, 'Tile service failed');
  }
  const status =
    Number.isInteger(tile.status) && tile.status >= 200 && tile.status <= 599 ? tile.status : 500;
  const headers: Record<string, string> = { ...COMMON_HEADERS, 'Content-Type': tile.contentType };
  if (tile.cacheControl !== undefined) headers['Cache-Control'] = tile.cacheControl;
  const body =
    request.method === 'HEAD' || NULL_BODY_STATUSES.has(status) ? null : responseBytes(tile.body);
  return new Response(body, { status, headers });
}
