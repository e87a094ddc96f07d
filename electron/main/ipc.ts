/**
 * The single IPC channel of the contract. Every call's sender is checked before anything
 * runs (ipcCall.ts); refused senders get a typed `unauthorized` response, not a throw.
 */
import { ipcMain } from 'electron';
import { IPC_CHANNEL } from '../common/rpc';
import type { IpcCallOptions } from './ipcCall';
import { createIpcCallHandler } from './ipcCall';

export function setupIpc(options: IpcCallOptions): () => void {
  const handle = createIpcCallHandler(options);
  ipcMain.handle(IPC_CHANNEL, (event, method: unknown, args: unknown) =>
    handle({ frame: event.senderFrame, webContentsId: event.sender.id }, method, args),
  );
  return () => ipcMain.removeHandler(IPC_CHANNEL);
}
