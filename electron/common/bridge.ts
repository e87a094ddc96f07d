/**
 * The transport-level names and shapes shared by the Electron preload and the renderer,
 * with no dependency at all: the sandboxed preload bundles this file alone, not the
 * contract's zod schemas. rpc.ts re-exports everything here.
 */
import type { SerializedError } from './errors';

export type RpcResponse = { ok: true; value: unknown } | { ok: false; error: SerializedError };

/** Name of the single IPC channel; the method travels as the first argument. */
export const IPC_CHANNEL = 'workstation:call';
/** Name of the object the preload exposes on `window`. */
export const BRIDGE_NAME = 'workstation';

export interface Bridge {
  call(method: string, args: unknown): Promise<RpcResponse>;
  /** Base URL of tiles, without trailing slash: `wsi://tiles` in Electron. */
  tileBase: string;
}
