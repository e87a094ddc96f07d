import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const script = path.join(import.meta.dirname, 'startApp.mjs');

describe('startApp.mjs', () => {
  it('explains a missing Electron binary, points to npm run serve, and exits non-zero', () => {
    // Points the electron package at an empty folder, so the binary is missing on every
    // machine, including those where it was downloaded.
    const empty = mkdtempSync(path.join(os.tmpdir(), 'no-electron-'));
    const result = spawnSync(process.execPath, [script], {
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('the Electron binary is not installed');
    expect(result.stderr).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
    expect(result.stderr).toContain('`npm run serve`');
    // One paragraph: a single line of text.
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
