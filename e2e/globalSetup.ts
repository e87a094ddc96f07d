/**
 * Starts one web host for the whole run, on a free loopback port, with a fresh data folder
 * (so the demo library is generated as on a first launch) and a local library folder of
 * generated slides. Tests read the URL from E2E_BASE_URL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestHost } from './support/testHost';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-data-'));
  const host = await startTestHost({ dataDir });
  process.env.E2E_BASE_URL = host.baseUrl;
  process.env.E2E_TOKEN = host.token;
  process.env.E2E_DATA_DIR = dataDir;
  return async () => {
    await host.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
