/**
 * The renderer build (dist/renderer) as files to serve: one resolution of request paths,
 * one MIME table and one reader, shared by Electron's `app://renderer` protocol
 * (electron/main/rendererFiles.ts) and the web host (electron/host/server.ts).
 *
 * A path is resolved segment by segment: no `..`, no encoded separators, no drive letters,
 * and the final path is checked to be inside the root again. Only file types the build
 * produces are served. `/` and extension-less paths (client-side routes) are index.html.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

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

export type ResolvedPath =
  | { ok: true; segments: string[]; contentType: string }
  | { ok: false; status: 400 | 404; reason: string };

/** Maps the path of a request URL (percent-encoded, query removed) to segments. Pure. */
export function resolveRendererPathname(pathname: string): ResolvedPath {
  const segments: string[] = [];
  for (const raw of pathname.split('/')) {
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

export type RendererFile =
  | { status: 200; body: Uint8Array; contentType: string; isHtml: boolean }
  | { status: 400 | 404; reason: string };

/** Reads the file a resolved path names under `root`. Never throws. */
export async function readRendererFile(
  root: string,
  resolved: ResolvedPath,
): Promise<RendererFile> {
  if (!resolved.ok) return { status: resolved.status, reason: resolved.reason };
  const base = path.resolve(root);
  const file = path.resolve(base, ...resolved.segments);
  // Defence in depth: whatever the resolution above let through must stay under the root.
  if (!file.startsWith(base + path.sep)) return { status: 400, reason: 'outside the root' };
  try {
    const body = await readFile(file);
    return {
      status: 200,
      body,
      contentType: resolved.contentType,
      isHtml: resolved.contentType === MIME_TYPES['.html'],
    };
  } catch {
    return { status: 404, reason: 'not found' };
  }
}
