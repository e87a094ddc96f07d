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
import type { Method } from './contract';
import { MAX_GEOJSON_CHARS } from './contract';
import { MAX_SNAPSHOT_BASE64_CHARS } from './reports/calls';
import { MAX_UTTERANCE_BASE64_CHARS } from './speech/calls';

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

const MiB = 1024 * 1024;
/** Largest body of a contract call over HTTP: calls are small JSON objects. */
export const DEFAULT_API_BODY_BYTES = 1 * MiB;
/** The bulk imports, which carry a file: a QuPath export or an AI's detections, a heatmap. */
const API_BODY_LIMITS: Partial<Record<Method, number>> = {
  importAnnotations: MAX_GEOJSON_CHARS + MiB,
  importHeatmap: 64 * MiB,
  /** A viewport snapshot (PNG or JPEG, base64) and its caption. */
  addReportSnapshot: MAX_SNAPSHOT_BASE64_CHARS + MiB,
  transcribeUtterance: MAX_UTTERANCE_BASE64_CHARS + MiB,
};

/** The largest body `POST /api/<method>` accepts, in bytes. */
export function apiBodyLimit(method: string): number {
  return Object.hasOwn(API_BODY_LIMITS, method)
    ? (API_BODY_LIMITS[method as Method] ?? DEFAULT_API_BODY_BYTES)
    : DEFAULT_API_BODY_BYTES;
}
