/**
 * Custom protocols: `app://renderer/...` (the renderer build) and `wsi://tiles/...`
 * (slide tiles from the engine). No page is ever loaded from file://.
 */
import { protocol } from 'electron';
import { APP_SCHEME, PRIVILEGED_SCHEMES, TILE_SCHEME } from './origins';
import { serveRendererFile } from './rendererFiles';
import type { GetTile } from './tileResponse';
import { serveTile } from './tileResponse';

/** Must run before the app is ready. */
export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([...PRIVILEGED_SCHEMES]);
}

export interface ProtocolOptions {
  /** Absolute path of dist/renderer. */
  rendererRoot: string;
  /** `workstation.getTile`: the same function the web host serves /tiles with. */
  getTile: GetTile;
}

/** Registers the handlers on the default session (all our windows use it). */
export function setupProtocols(options: ProtocolOptions): void {
  protocol.handle(APP_SCHEME, (request) => serveRendererFile(options.rendererRoot, request));
  protocol.handle(TILE_SCHEME, (request) => serveTile(options.getTile, request));
}
