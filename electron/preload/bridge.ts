/**
 * The object the preload exposes to the renderer as `window.workstation`. Pure: it is
 * given `invoke` (ipcRenderer.invoke) so it can be tested without Electron.
 *
 * There is nothing per call here: every contract method travels on the one channel,
 * and the main process validates the method name and arguments with the contract's
 * schemas. Only plain data and functions cross the context bridge.
 */
import type { Bridge, RpcResponse } from '../common/bridge';
import { IPC_CHANNEL } from '../common/bridge';

/** Base URL of tiles in Electron; main/protocol.ts serves it (TILE_BASE of main/origins.ts). */
export const ELECTRON_TILE_BASE = 'wsi://tiles';

export type Invoke = (channel: string, ...args: unknown[]) => Promise<unknown>;

export function createBridge(invoke: Invoke): Bridge {
  return {
    call: (method: string, args: unknown) =>
      invoke(IPC_CHANNEL, method, args) as Promise<RpcResponse>,
    tileBase: ELECTRON_TILE_BASE,
  };
}
