#!/usr/bin/env node
/**
 * `npm start` (after `npm run build`): runs the Electron binary from node_modules on this
 * project. Extra arguments are passed to the app. When the binary is not installed, says
 * so in plain words and points to `npm run serve`, then exits with status 1.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The path of the Electron executable, or null when it is not installed. */
function electronBinary() {
  try {
    // The electron package exports the path of its executable, and throws when its
    // download never happened (no node_modules/electron/path.txt).
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const MISSING_ELECTRON = [
  'Cannot start the desktop app: the Electron binary is not installed in node_modules/electron',
  '(it was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or its download from the Electron',
  'release host failed). Run `npm run serve` instead: it starts the same workstation engine',
  'behind a local web server on 127.0.0.1 and prints the address to open in Chromium or any',
  'browser. To get the desktop app on a machine that can reach the release host, run',
  '`node node_modules/electron/install.js`, then `npm start` again.',
].join(' ');

const binary = electronBinary();
if (binary === null) {
  console.error(MISSING_ELECTRON);
  process.exit(1);
}
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
