/** Runs the real web host in-process, as `npm run serve` does, for e2e tests and benchmarks. */
import path from 'node:path';
import { defaultDeps } from '../../electron/core/defaultDeps';
import { silentLogger } from '../../electron/core/log/logger';
import type { Workstation, WorkstationDeps } from '../../electron/core/workstation';
import { createWorkstation } from '../../electron/core/workstation';
import { newToken } from '../../electron/host/auth';
import { createHostServer, listen } from '../../electron/host/server';

export interface TestHost {
  baseUrl: string;
  token: string;
  /** URL that opens the app (the page keeps the token for its tab). */
  entryUrl: string;
  workstation: Workstation;
  stop(): Promise<void>;
}

export interface TestHostOptions {
  dataDir: string;
  libraryFolders?: string[];
  systemLocale?: string;
  /** Replaces parts of the real outside world (e.g. no demo library for archive benchmarks). */
  deps?: Partial<WorkstationDeps>;
  /** `window.__viewer` in the page (default true: the tests and benchmarks read it). */
  testHooks?: boolean;
}

export async function startTestHost(options: TestHostOptions): Promise<TestHost> {
  const log = silentLogger;
  const workstation = await createWorkstation(
    {
      dataDir: options.dataDir,
      systemLocale: options.systemLocale ?? 'en-GB',
      version: '0.0.0-e2e',
      libraryFolders: options.libraryFolders ?? [],
      log,
    },
    { ...defaultDeps(log), ...options.deps },
  );
  await workstation.ready;
  const token = newToken();
  const server = createHostServer({
    workstation,
    token,
    rendererDir: path.resolve(import.meta.dirname, '../../dist/renderer'),
    testHooks: options.testHooks ?? true,
  });
  const port = await listen(server, 0);
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    token,
    entryUrl: `${baseUrl}/?token=${token}`,
    workstation,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await workstation.close();
    },
  };
}
