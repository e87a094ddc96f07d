/**
 * The postinstall that downloads Electron, against a download that cannot succeed (a
 * closed loopback port as ELECTRON_MIRROR): npm install must go on, with one line that
 * names the cause and the way on. The full first install, and a successful download from
 * a loopback mirror, are checked by scripts/checkFirstInstall.mjs (in .ci/run).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const script = path.join(import.meta.dirname, 'installElectron.mjs');

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function run(args: string[], extraEnv: Record<string, string> = {}) {
  const port = await closedPort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Never the binary of this machine, never its download cache, never the network.
    ELECTRON_OVERRIDE_DIST_PATH: mkdtempSync(path.join(os.tmpdir(), 'no-electron-')),
    electron_config_cache: mkdtempSync(path.join(os.tmpdir(), 'electron-cache-')),
    ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
  };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  Object.assign(env, extraEnv);
  return spawnSync(process.execPath, [script, ...args], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('installElectron.mjs', () => {
  it('turns a failed download into one line and lets npm install go on', async () => {
    const result = await run([]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Electron \d+\.\d+\.\d+ could not be downloaded from the mirror http:\/\/127\.0\.0\.1:\d+\/ \(.*fetch failed.*\)/,
    );
    expect(lines[0]).toContain('`npm run serve`');
    expect(lines[0]).toContain('`npm run install:electron`');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('fails (status 1) with the same line when the download is asked for explicitly', async () => {
    const result = await run(['--retry'], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('could not be downloaded');
  });

  it('skips the download with ELECTRON_SKIP_BINARY_DOWNLOAD (CI, build machines)', async () => {
    const result = await run([], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(
      /binary download skipped \(ELECTRON_SKIP_BINARY_DOWNLOAD is set\)/,
    );
  });
});
