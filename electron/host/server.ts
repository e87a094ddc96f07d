/**
 * The web host: the workstation over HTTP on 127.0.0.1, for e2e tests, `npm run serve`
 * and anyone who wants it in a browser. It serves the renderer build, the contract at
 * POST /api/<method> (same dispatch as Electron's IPC) and tiles at GET /tiles/... (same
 * getTile as Electron's wsi:// protocol). Every request needs the token.
 */
import fs from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import http from 'node:http';
import path from 'node:path';
import { contentSecurityPolicy } from '../common/csp';
import { HTTP_STATUS } from '../common/errors';
import { dispatch } from '../common/rpc';
import type { Workstation } from '../core/workstation';
import { isAuthorized, tokenCookie, tokenMatches } from './auth';

/** Largest accepted API request body; contract calls are small JSON objects. */
const MAX_BODY_BYTES = 1 << 20;

/** Tiles are same-origin on the web host, so no extra tile source. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface HostOptions {
  workstation: Workstation;
  token: string;
  /** Folder of the renderer build (index.html and assets). */
  rendererDir: string;
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...headers,
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown) {
  send(res, status, JSON.stringify(value), {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Resolves a URL path inside `root`, or null if it would leave it. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = path.resolve(root, rel);
  return full.startsWith(path.resolve(root) + path.sep) ? full : null;
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
  try {
    const body = await readBody(req);
    args = body.trim() === '' ? {} : JSON.parse(body);
  } catch (e) {
    const tooLarge = (e as Error).message === 'too large';
    // Stop reading an oversized body and close the connection instead of draining it.
    if (tooLarge) res.setHeader('connection', 'close');
    return sendJson(res, tooLarge ? 413 : 400, {
      ok: false,
      error: { code: 'invalid_argument', message: 'Body must be JSON of at most 1 MB' },
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
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Use GET');
  const tile = await ws.getTile(tilePath);
  send(res, tile.status, req.method === 'HEAD' ? '' : tile.body, {
    'content-type': tile.contentType,
    'content-length': String(tile.body.byteLength),
    'cache-control': tile.cacheControl ?? 'no-store',
    ...(tile.origin ? { 'x-tile-origin': tile.origin } : {}),
  });
}

async function handleStatic(
  req: IncomingMessage,
  res: ServerResponse,
  rendererDir: string,
  urlPath: string,
) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Use GET');
  const file = resolveStatic(rendererDir, urlPath);
  if (!file) return send(res, 404, 'Not found');
  try {
    const body = await fs.readFile(file);
    const isHtml = file.endsWith('.html');
    send(res, 200, req.method === 'HEAD' ? '' : body, {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
      ...(isHtml ? { 'content-security-policy': CONTENT_SECURITY_POLICY } : {}),
    });
  } catch {
    send(
      res,
      404,
      urlPath === '/' ? 'The renderer is not built: run `npm run build:renderer`.' : 'Not found',
    );
  }
}

export function createHostServer({ workstation, token, rendererDir }: HostOptions): Server {
  return http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      // Opening the page with ?token= sets the cookie, then drops the token from the URL.
      const queryToken = url.searchParams.get('token');
      if (req.method === 'GET' && queryToken !== null) {
        if (!tokenMatches(queryToken, token)) return send(res, 401, 'Invalid token');
        url.searchParams.delete('token');
        return send(res, 303, '', {
          location: url.pathname + url.search,
          'set-cookie': tokenCookie(token),
        });
      }
      if (!isAuthorized(req, token)) {
        return send(
          res,
          401,
          'Unauthorized: open the URL printed by `npm run serve` (it carries the token).',
          {
            'content-type': 'text/plain; charset=utf-8',
          },
        );
      }
      if (url.pathname.startsWith('/api/'))
        return handleApi(req, res, workstation, url.pathname.slice(5));
      if (url.pathname.startsWith('/tiles/'))
        return handleTile(req, res, workstation, url.pathname.slice(7));
      return handleStatic(req, res, rendererDir, url.pathname);
    })().catch(() => {
      if (!res.headersSent) send(res, 500, 'Internal error');
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
