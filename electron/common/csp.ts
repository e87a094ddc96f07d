/**
 * The Content-Security-Policy of the renderer pages. One builder for both hosts: the
 * Electron shell (tiles on the `wsi:` scheme) and the web host (tiles on the same origin).
 *
 * Why each directive:
 * - script-src 'self': only the bundled scripts; no inline script, no eval, no remote code.
 * - style-src 'self' 'unsafe-inline': the bundled CSS, plus style elements that libraries
 *   inject at run time (OpenSeadragon adds one). Inline style cannot run code.
 * - img-src: tiles, plus data:/blob: URLs that OpenSeadragon and canvas exports create.
 * - connect-src: fetch() of tiles (OpenSeadragon's ajax mode) and, on the web host, the API.
 * - worker-src 'self' blob:: OpenSeadragon builds its image-decoding worker from a Blob.
 * - object-src, frame-src, base-uri, form-action, frame-ancestors: nothing, ever.
 */

export interface CspOptions {
  /**
   * Extra sources tiles are loaded from, beyond 'self'. `['wsi:']` in Electron; empty on
   * the web host, where tiles are same-origin.
   */
  tileSources?: readonly string[];
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const tiles = options.tileSources ?? [];
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:', ...tiles],
    ['connect-src', "'self'", ...tiles],
    ['font-src', "'self'", 'data:'],
    ['worker-src', "'self'", 'blob:'],
    ['media-src', "'none'"],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}
