/**
 * The web host: the workstation over HTTP on 127.0.0.1, for e2e tests, `npm run serve`
 * and anyone who wants it in a browser. It serves the renderer build, the contract at
 * POST /api/<method> (same dispatch as Electron's IPC) and tiles (same getTile as
 * Electron's wsi:// protocol). How a browser session is authorised, and why there is no
 * cookie, is in electron/common/webRoutes.ts; which requests are refused before any token
 * is looked at (host names, other origins, non-JSON calls) in ./guard.ts.
 *
 * The tile path is the hot one (a viewer asks for dozens of tiles per jump): it parses the
 * URL by hand, checks the capability key in constant time and writes the cached bytes
 * with one writeHead, no copy.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import http from 'node:http';
import { contentSecurityPolicy } from '../common/csp';
import { HTTP_STATUS } from '../common/errors';
import { dispatch } from '../common/rpc';
import type { WebSession } from '../common/webRoutes';
import {
  API_ROUTE,
  CAPABILITY_ROUTE,
  SESSION_ROUTE,
  TILE_ROUTE,
  TOKEN_PARAM,
  apiBodyLimit,
  capabilityTileBase,
} from '../common/webRoutes';
import { readRendererFile, resolveRendererPathname } from '../core/static/rendererFiles';
import type { Workstation } from '../core/workstation';
import { isAuthorized, newToken, secretMatches } from './auth';
import { checkRequest } from './guard';

/** Tiles are same-origin on the web host, so no extra tile source. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

export interface HostOptions {
  workstation: Workstation;
  token: string;
  /** Folder of the renderer build (index.html and assets). */
  rendererDir: string;
  /** Installs `window.__viewer` in the page (e2e tests and benchmarks only). */
  testHooks?: boolean;
}

/** Headers of every answer: no sniffing, and no Referer that could carry an address. */
const BASE_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

function send(
  res: ServerResponse,
  status: number,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { ...BASE_HEADERS, ...headers });
  res.end(body);
}

function sendText(res: ServerResponse, status: number, text: string) {
  send(res, status, text, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown) {
  send(res, status, JSON.stringify(value), {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new Error('too large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Error('too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  ws: Workstation,
  method: string,
) {
  if (req.method !== 'POST')
    return sendJson(res, 405, {
      ok: false,
      error: { code: 'invalid_argument', message: 'Use POST' },
    });
  let args: unknown;
  const limit = apiBodyLimit(method);
  try {
    const body = await readBody(req, limit);
    args = body.trim() === '' ? {} : JSON.parse(body);
  } catch (e) {
    const tooLarge = (e as Error).message === 'too large';
    // Stop reading an oversized body and close the connection instead of draining it.
    if (tooLarge) res.setHeader('connection', 'close');
    return sendJson(res, tooLarge ? 413 : 400, {
      ok: false,
      error: {
        code: 'invalid_argument',
        message: `Body must be JSON of at most ${Math.round(limit / 1024 / 1024)} MB`,
      },
    });
  }
  const response = await dispatch(ws.handlers, method, args);
  sendJson(res, response.ok ? 200 : HTTP_STATUS[response.error.code], response);
}

async function handleTile(
  req: IncomingMessage,
  res: ServerResponse,
  ws: Workstation,
  tilePath: string,
) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Use GET');
  // A client that goes away (OpenSeadragon dropping a tile it no longer needs) cancels
  // the read, so an abandoned tile is not fetched from the archive to the end.
  const abort = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) abort.abort();
  };
  res.once('close', onClose);
  const tile = await ws.getTile(tilePath, abort.signal);
  res.off('close', onClose);
  if (abort.signal.aborted || res.destroyed) return;
  const headers: Record<string, string> = {
    ...BASE_HEADERS,
    'content-type': tile.contentType,
    'content-length': String(tile.body.byteLength),
    'cache-control': tile.cacheControl ?? 'no-store',
  };
  if (tile.origin) headers['x-tile-origin'] = tile.origin;
  res.writeHead(tile.status, headers);
  res.end(req.method === 'HEAD' ? undefined : tile.body);
}

async function handleStatic(
  req: IncomingMessage,
  res: ServerResponse,
  rendererDir: string,
  pathname: string,
) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Use GET');
  const file = await readRendererFile(rendererDir, resolveRendererPathname(pathname));
  if (file.status !== 200) {
    const built = file.status === 404 && file.reason === 'not found' && pathname === '/';
    return sendText(
      res,
      file.status,
      built ? 'The renderer is not built: run `npm run build:renderer`.' : 'Not found',
    );
  }
  send(res, 200, req.method === 'HEAD' ? '' : file.body, {
    'content-type': file.contentType,
    'cache-control': file.isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
    ...(file.isHtml ? { 'content-security-policy': CONTENT_SECURITY_POLICY } : {}),
  });
}

const UNAUTHORIZED =
  'Unauthorized: open the URL printed by `npm run serve` (it carries the token).';

export function createHostServer(options: HostOptions): Server {
  const { workstation, token, rendererDir } = options;
  // A new capability key per launch: tile URLs of an earlier launch stop working.
  const tileKey = newToken();
  const session: WebSession = {
    tileBase: capabilityTileBase(tileKey),
    testHooks: options.testHooks ?? false,
  };

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const pathname = q < 0 ? raw : raw.slice(0, q);
    const isApi = pathname.startsWith(API_ROUTE);
    const verdict = checkRequest(
      {
        method: req.method,
        host: req.headers.host,
        origin: req.headers.origin,
        secFetchSite: req.headers['sec-fetch-site'],
        contentType: req.headers['content-type'],
      },
      req.socket.localPort ?? 0,
      isApi,
    );
    if (!verdict.ok) return sendText(res, verdict.status, verdict.reason);

    if (pathname.startsWith(CAPABILITY_ROUTE)) {
      const keyEnd = pathname.indexOf('/', CAPABILITY_ROUTE.length);
      const key = keyEnd < 0 ? '' : pathname.slice(CAPABILITY_ROUTE.length, keyEnd);
      const rest = keyEnd < 0 ? '' : pathname.slice(keyEnd);
      if (!secretMatches(key, tileKey) || !rest.startsWith(TILE_ROUTE))
        return sendText(res, 404, 'Not found');
      return handleTile(req, res, workstation, rest.slice(TILE_ROUTE.length));
    }
    if (isApi || pathname === SESSION_ROUTE || pathname.startsWith(TILE_ROUTE)) {
      if (!isAuthorized(req, token)) return sendText(res, 401, UNAUTHORIZED);
      if (isApi) return handleApi(req, res, workstation, pathname.slice(API_ROUTE.length));
      if (pathname === SESSION_ROUTE) return sendJson(res, 200, session);
      return handleTile(req, res, workstation, pathname.slice(TILE_ROUTE.length));
    }
    // The page itself holds no data and is served to anyone who may reach the host. The
    // one-time entry `/?token=` is checked here, so that a wrong link says so at once;
    // the page keeps the token and removes it from the address (never a redirect).
    if (q >= 0) {
      const entry = new URLSearchParams(raw.slice(q + 1)).get(TOKEN_PARAM);
      if (entry !== null && !secretMatches(entry, token)) return sendText(res, 401, UNAUTHORIZED);
    }
    return handleStatic(req, res, rendererDir, pathname);
  };

  return http.createServer((req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  });
}

/** Listens on 127.0.0.1 only; port 0 picks a free one. Resolves with the bound port. */
export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
