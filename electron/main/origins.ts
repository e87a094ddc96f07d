/**
 * The two custom schemes of the shell and the only origin our pages may have.
 *
 * `app://renderer/...` serves the renderer build; `wsi://tiles/...` serves slide tiles.
 * Both are registered as standard + secure schemes, so URLs parse like https ones
 * (host, path, relative links) and count as secure contexts. Pure: type-only Electron
 * import.
 */
import type { CustomScheme } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
/** Origin of every page we load. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page every window opens. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export const TILE_SCHEME = 'wsi';
export const TILE_HOST = 'tiles';
/** Base URL of tiles, as exposed to the renderer (`Bridge.tileBase`). */
export const TILE_BASE = `${TILE_SCHEME}://${TILE_HOST}`;

/**
 * Privileges of our schemes (protocol.registerSchemesAsPrivileged, before 'ready').
 * - app: standard (relative URLs, origin `app://renderer`), secure (secure context, so
 *   clipboard and fullscreen APIs are available), fetch for JSON assets, V8 code cache.
 *   Not corsEnabled: nothing from another origin may read it. Never bypassCSP.
 * - wsi: standard + secure so `app://` pages may load it without mixed-content blocks;
 *   corsEnabled because OpenSeadragon loads tiles with CORS (`crossOriginPolicy`) to draw
 *   them with WebGL, and fetch for its ajax tile loading.
 */
export const PRIVILEGED_SCHEMES: readonly CustomScheme[] = [
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
  },
  {
    scheme: TILE_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
  },
];

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True when `url` is on our renderer origin. Compared on scheme and host because the
 * WHATWG URL parser of Node gives `origin === 'null'` for schemes it does not know.
 * Accepts a bare origin (`app://renderer`) as well as a full URL.
 */
export function isAppUrl(url: string | null | undefined): boolean {
  if (typeof url !== 'string' || url.length === 0) return false;
  const u = parseUrl(url);
  return (
    u !== null &&
    u.protocol === `${APP_SCHEME}:` &&
    u.host === APP_HOST &&
    u.username === '' &&
    u.password === ''
  );
}

/** True when `url` is a tile URL of ours. */
export function isTileUrl(url: string): boolean {
  const u = parseUrl(url);
  return u !== null && u.protocol === `${TILE_SCHEME}:` && u.host === TILE_HOST;
}
