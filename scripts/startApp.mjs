#!/usr/bin/env node
/**
 * `npm start`: `node scripts/startApp.mjs --check && npm run build && node scripts/startApp.mjs`.
 *
 * --check runs first, so that a missing Electron binary is reported at once, before the
 * build: one line naming the cause and the way on (`npm run serve`, the same workstation in
 * a browser, or `npm run install:electron`), then exit status 1. Without --check it runs the
 * Electron binary from node_modules on this project; extra arguments go to the app.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const checkOnly = process.argv[2] === '--check';

/** The Electron executable, or why there is none. */
function electronBinary() {
  try {
    require.resolve('electron/package.json');
  } catch {
    return { binary: null, problem: MISSING_PACKAGE };
  }
  try {
    // The electron package exports the path of its executable, and throws when its
    // download never happened (no node_modules/electron/path.txt).
    const binary = require('electron');
    if (typeof binary === 'string' && existsSync(binary)) return { binary, problem: null };
  } catch {
    // Reported below.
  }
  return { binary: null, problem: MISSING_BINARY };
}

const MISSING_BINARY = [
  'Cannot start the desktop app: the Electron binary is not installed in node_modules/electron',
  '(its download during `npm install` failed, or was skipped with ELECTRON_SKIP_BINARY_DOWNLOAD=1).',
  'Run `npm run serve` instead: it starts the same workstation engine behind a local web server',
  'on 127.0.0.1 and prints the address to open in Chromium or any browser. To get the desktop',
  "app, run `npm run install:electron` where Electron's release host (or an ELECTRON_MIRROR) is",
  'reachable, then `npm start` again.',
].join(' ');

const MISSING_PACKAGE =
  'Cannot start the desktop app: the electron package is not in node_modules (run `npm install`), ' +
  'or run `npm run serve` to use the same workstation in a browser.';

const { binary, problem } = electronBinary();
if (binary === null) {
  console.error(problem);
  process.exit(1);
}
if (checkOnly) process.exit(0);
if (!existsSync(path.join(root, 'dist-electron', 'main.cjs'))) {
  console.error(
    'Cannot start the desktop app: dist-electron/main.cjs is missing. Run `npm run build` first.',
  );
  process.exit(1);
}

// ELECTRON_RUN_AS_NODE would make the binary behave as plain Node and ignore the app.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('error', (e) => {
  console.error(`Cannot start Electron: ${e.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
