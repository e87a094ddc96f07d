import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const script = path.join(import.meta.dirname, 'startApp.mjs');

function run(args: string[], distPath: string) {
  return spawnSync(process.execPath, [script, ...args], {
    // Points the electron package at another folder, so the binary is what this test puts
    // there on every machine, including those where it was downloaded.
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: distPath },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('startApp.mjs', () => {
  it('explains a missing Electron binary in one line, points to npm run serve, and exits non-zero', () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'no-electron-'));
    for (const args of [['--check'], []]) {
      const result = run(args, empty);
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('the Electron binary is not installed');
      expect(result.stderr).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
      expect(result.stderr).toContain('`npm run serve`');
      expect(result.stderr).toContain('`npm run install:electron`');
      // One paragraph: a single line of text, no stack trace.
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('--check (run by npm start before the build) passes silently when the binary is there', () => {
    const dist = mkdtempSync(path.join(os.tmpdir(), 'fake-electron-'));
    writeFileSync(path.join(dist, 'electron'), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(dist, 'electron'), 0o755);
    const result = run(['--check'], dist);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });
});
