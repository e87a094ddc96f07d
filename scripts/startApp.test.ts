/**
 * npm start's launcher. The download is only ever tried against a closed loopback port
 * here (ELECTRON_MIRROR), so a failed download leaves node_modules/electron as it was; a
 * successful download from a loopback mirror is checked by scripts/checkFirstInstall.mjs,
 * in a copy of the project.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const script = path.join(import.meta.dirname, 'startApp.mjs');

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function run(args: string[], env: NodeJS.ProcessEnv) {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(base)) if (/^electron_/i.test(k)) delete base[k];
  return spawnSync(process.execPath, [script, ...args], {
    env: {
      ...base,
      // Points the electron package at another folder, so the binary is what this test
      // puts there on every machine, including those where it was downloaded.
      ELECTRON_OVERRIDE_DIST_PATH: mkdtempSync(path.join(os.tmpdir(), 'no-electron-')),
      electron_config_cache: mkdtempSync(path.join(os.tmpdir(), 'electron-cache-')),
      ...env,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

const oneLine = (text: string) => text.trim().split('\n');

describe('startApp.mjs', () => {
  it('turns a failed download into one line that names the cause and npm run serve, and exits non-zero', async () => {
    const mirror = `http://127.0.0.1:${await closedPort()}/`;
    const result = run(['--check'], { ELECTRON_MIRROR: mirror });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /^Downloading Electron \d+\.\d+\.\d+ \(first start only\)\.\.\.\n$/,
    );
    expect(oneLine(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^Cannot start the desktop app: the Electron \d+\.\d+\.\d+ binary could not be downloaded from the mirror http:\/\/127\.0\.0\.1:\d+\/ \(.*fetch failed.*\)\./,
    );
    expect(result.stderr).toContain('`npm run serve`');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('says the binary is missing without downloading it when ELECTRON_SKIP_BINARY_DOWNLOAD is set, or after the build', () => {
    for (const args of [['--check'], []]) {
      const result = run(args, { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(oneLine(result.stderr)).toHaveLength(1);
      expect(result.stderr).toContain('the Electron binary is not installed');
      expect(result.stderr).toContain('`npm run serve`');
    }
  });

  it('--check (run by npm start before the build) passes silently when the binary is there', () => {
    const dist = mkdtempSync(path.join(os.tmpdir(), 'fake-electron-'));
    writeFileSync(path.join(dist, 'electron'), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(dist, 'electron'), 0o755);
    const result = run(['--check'], { ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });
});
