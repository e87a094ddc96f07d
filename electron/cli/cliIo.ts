/**
 * What the command lines that open a workstation share: a contract call validated as the
 * window's are (so bad input gets the same one-line error), standard output that waits
 * for the write, the version written into what they store, and opening the workstation.
 */
import fs from 'node:fs/promises';
import type { Method } from '../common/contract';
import { dispatch, errorFromResponse } from '../common/rpc';
import { defaultDeps } from '../core/defaultDeps';
import { silentLogger } from '../core/log/logger';
import { systemLocale } from '../core/paths';
import type { Workstation } from '../core/workstation';
import { createWorkstation } from '../core/workstation';

/**
 * Opens the workstation of a data folder without background work or logging, runs `use`
 * and closes it whatever happens.
 */
export async function withCliWorkstation<T>(
  dataDir: string,
  libraryFolders: string[],
  use: (ws: Workstation) => Promise<T>,
): Promise<T> {
  const ws = await createWorkstation(
    {
      dataDir,
      systemLocale: systemLocale(),
      version: await packageVersion(),
      libraryFolders,
      background: false,
      log: silentLogger,
    },
    defaultDeps(silentLogger),
  );
  try {
    return await use(ws);
  } finally {
    await ws.close();
  }
}

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
