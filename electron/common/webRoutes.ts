/**
 * The web host's addresses and its session handshake, shared by the host (electron/host)
 * and the renderer's HTTP transport (renderer/src/api), so that neither keeps a copy.
 *
 * How a browser session is authorised (no cookie: cookies are not bound to a port, so any
 * other server on 127.0.0.1 would receive them):
 * 1. The user opens the printed URL `/?token=<token>` once. The page keeps the token in
 *    sessionStorage (per origin, so per port; survives a reload, not the tab) and drops it
 *    from the address bar before anything else runs.
 * 2. Contract calls go to `POST /api/<method>` with `Authorization: Bearer <token>` and
 *    `Content-Type: application/json`.
 * 3. `GET /session` (Bearer) answers where tiles are: a capability path `/c/<key>/tiles`,
 *    with a random key made per host launch, so that <img> tile requests need no header
 *    and carry no token. The key reads tiles only; it cannot call the API.
 */
import { z } from 'zod';

/** Prefix of contract calls: `POST /api/<method>`. */
export const API_ROUTE = '/api/';
/** Prefix of tiles for clients that send the Bearer header (CLI, tests, benchmarks). */
export const TILE_ROUTE = '/tiles/';
/** Prefix of capability tile paths: `/c/<key>/tiles/<tile path>`. */
export const CAPABILITY_ROUTE = '/c/';
/** The session handshake: `GET /session` with the Bearer header. */
export const SESSION_ROUTE = '/session';
/** The query parameter of the one-time entry URL. */
export const TOKEN_PARAM = 'token';
/** Where the page keeps the token (sessionStorage, per origin). */
export const TOKEN_STORAGE_KEY = 'workstation.token';

export const webSessionSchema = z.object({
  /** Base URL of tiles, without trailing slash: `/c/<key>/tiles`. */
  tileBase: z.string().regex(/^\/c\/[A-Za-z0-9_-]{16,}\/tiles$/),
  /** `window.__viewer` for e2e tests and benchmarks (host started with `--test-hooks`). */
  testHooks: z.boolean(),
});
export type WebSession = z.infer<typeof webSessionSchema>;

export function capabilityTileBase(key: string): string {
  return `${CAPABILITY_ROUTE}${key}/tiles`;
}
