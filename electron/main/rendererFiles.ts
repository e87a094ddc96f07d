/**
 * Serves the renderer build (dist/renderer) on `app://renderer/...`. Node only (fs),
 * no Electron: protocol.ts hands every request to `serveRendererFile` and returns its
 * Response as is. Path resolution, MIME types and reading are the engine's
 * (core/static/rendererFiles.ts), shared with the web host; this file adds only what is
 * Electron's own: the `app://renderer` origin check and a CSP that allows `wsi:` tiles.
 */
import { contentSecurityPolicy } from '../common/csp';
import type { ResolvedPath } from '../core/static/rendererFiles';
import { readRendererFile, resolveRendererPathname } from '../core/static/rendererFiles';
import { APP_HOST, APP_SCHEME, TILE_SCHEME } from './origins';
import { responseBytes } from './tileResponse';

/** The CSP sent with every renderer response: tiles come from the `wsi:` scheme. */
export const RENDERER_CSP = contentSecurityPolicy({ tileSources: [`${TILE_SCHEME}:`] });

/** Maps an `app://renderer/...` URL to path segments under the renderer root. Pure. */
export function resolveRendererPath(url: string): ResolvedPath {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'malformed URL' };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST)
    return { ok: false, status: 404, reason: 'not the renderer origin' };
  return resolveRendererPathname(u.pathname);
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
  const file = await readRendererFile(root, resolveRendererPath(request.url));
  if (file.status !== 200)
    return textResponse(file.status, file.status === 404 ? 'Not found' : 'Bad request');
  return new Response(request.method === 'HEAD' ? null : responseBytes(file.body), {
    status: 200,
    headers: {
      'Content-Type': file.contentType,
      'Content-Security-Policy': RENDERER_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    },
  });
}
