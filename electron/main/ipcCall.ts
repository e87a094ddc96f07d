/**
 * The main-process end of the single IPC channel, without Electron: ipc.ts adapts the
 * IpcMainInvokeEvent to an `IpcSender` and returns what this handler returns.
 * The sender is checked before anything else runs; then the call goes through the same
 * `dispatch` as the web host (zod validation of arguments and result).
 */
import type { Handlers } from '../common/contract';
import type { RpcResponse } from '../common/rpc';
import { dispatch } from '../common/rpc';
import type { Logger } from '../core/log/logger';
import type { IpcSender } from './policy';
import { ipcSenderRejection } from './policy';

export interface IpcCallOptions {
  handlers: Handlers;
  isOurWebContents: (id: number) => boolean;
  log: Logger;
  /** Called after every dispatched call (not for refused senders), e.g. to refresh the menu language. */
  afterCall?: (method: string, response: RpcResponse) => void;
}

export type IpcCallHandler = (
  sender: IpcSender,
  method: unknown,
  args: unknown,
) => Promise<RpcResponse>;

export const REFUSED_SENDER_RESPONSE: RpcResponse = {
  ok: false,
  error: {
    code: 'unauthorized',
    message: 'Call refused: it does not come from a workstation window.',
  },
};

export function createIpcCallHandler(options: IpcCallOptions): IpcCallHandler {
  return async (sender, method, args) => {
    const rejection = ipcSenderRejection(sender, options.isOurWebContents);
    if (rejection !== null) {
      // Log the reason and the sender id only: never the arguments (they may hold patient data).
      options.log.warn('ipc.refused', { reason: rejection, webContentsId: sender.webContentsId });
      return REFUSED_SENDER_RESPONSE;
    }
    const response = await dispatch(options.handlers, method, args);
    if (options.afterCall !== undefined && typeof method === 'string') {
      try {
        options.afterCall(method, response);
      } catch (e) {
        options.log.error('ipc.afterCall.failed', { method, error: e });
      }
    }
    return response;
  };
}
