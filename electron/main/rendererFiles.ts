/**
 * Serves the renderer build (dist/renderer) on `app://renderer/...`. Node only (fs),
 * no Electron: protocol.ts hands every request to `serveRendererFile` and returns its
 * Response as is.
 *
 * The path of a URL is resolved segment by segment: no `..`, no encoded separators, no
 * drive letters, and the final path is checked to be inside the root again. Only file
 * types the build produces are served, each with its MIME type, `nosniff` and our CSP.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { contentSecurityPolicy } from '../common/csp';
import { APP_HOST, APP_SCHEME, TILE_SCHEME } from './origins';
import { responseBytes } from './tileResponse';

/** MIME types of what Vite emits into dist/renderer. Anything else is not served. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** The CSP sent with every renderer response: tiles come from the `wsi:` scheme. */
export const RENDERER_CSP = contentSecurityPolicy({ tileSources: [`${TILE_SCHEME}:`] });

export type ResolvedPath =
  | { ok: true; segments: string[]; contentType: string }
  | { ok: false; status: 400 | 404; reason: string };

/**
 * Maps an `app://renderer/...` URL to path segments under the renderer root. Pure.
 * `/` and extension-less paths (client-side routes) resolve to index.html.
 */
export function resolveRendererPath(url: string): ResolvedPath {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'malformed URL' };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST)
    return { ok: false, status: 404, reason: 'not the renderer origin' };
  const segments: string[] = [];
  for (const raw of u.pathname.split('/')) {
    if (raw === '') continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400, reason: 'bad percent-encoding' };
    }
    // `..` is normally resolved away by the URL parser already; encoded forms and
    // separators hidden in a segment are refused here.
    if (seg === '.' || seg === '..' || /[/\\:\0]/.test(seg))
      return { ok: false, status: 400, reason: 'illegal path segment' };
    segments.push(seg);
  }
  const last = segments.at(-1);
  if (last === undefined || path.posix.extname(last) === '') {
    return { ok: true, segments: ['index.html'], contentType: MIME_TYPES['.html']! };
  }
  const contentType = MIME_TYPES[path.posix.extname(last).toLowerCase()];
  if (contentType === undefined) return { ok: false, status: 404, reason: 'file type not served' };
  return { ok: true, segments, contentType };
}

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

/** Reads the file a request asks for under `root` and answers it. Never throws. */
export async function serveRendererFile(root: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return textResponse(405, 'Method not allowed');
  const resolved = resolveRendererPath(request.url);
  if (!resolved.ok)
    return textResponse(resolved.status, resolved.status === 404 ? 'Not found' : 'Bad request');
  const base = path.resolve(root);
  const file = path.resolve(base, ...resolved.segments);
  // Defence in depth: whatever the resolution above let through must stay under the root.
  if (!file.startsWith(base + path.sep)) return textResponse(400, 'Bad request');
  let body: Uint8Array;
  try {
    body = await readFile(file);
  } catch {
    return textResponse(404, 'Not found');
  }
  return new Response(request.method === 'HEAD' ? null : responseBytes(body), {
    status: 200,
    headers: {
      'Content-Type': resolved.contentType,
      'Content-Security-Policy': RENDERER_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    },
  });
}
