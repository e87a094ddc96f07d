/**
 * What the command lines that open a workstation share: a contract call validated as the
 * window's are (so bad input gets the same one-line error), standard output that waits
 * for the write, and the version written into what they store.
 */
import fs from 'node:fs/promises';
import type { Method } from '../common/contract';
import { dispatch, errorFromResponse } from '../common/rpc';
import type { Workstation } from '../core/workstation';

export async function callContract<M extends Method>(
  ws: Workstation,
  method: M,
  args: unknown,
): Promise<unknown> {
  const response = await dispatch(ws.handlers, method, args);
  if (!response.ok) throw errorFromResponse(response.error);
  return response.value;
}

export function writeStdout(data: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(data, (e) => (e ? reject(e) : resolve()));
  });
}

export async function packageVersion(): Promise<string> {
  try {
    const text = await fs.readFile(new URL('../../package.json', import.meta.url), 'utf8');
    return (JSON.parse(text) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
