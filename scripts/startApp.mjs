#!/usr/bin/env node
/**
 * `npm start`: `node scripts/startApp.mjs --check && npm run build && node scripts/startApp.mjs`.
 *
 * Since Electron 42 `npm install` no longer downloads the Electron binary: the electron
 * package fetches it on first use. --check, run before the build, does that here, with
 * Electron's own installer (node_modules/electron/install.js: same ELECTRON_MIRROR and
 * other settings, same checksums, same layout), but never lets its raw output through: a
 * failed download (a locked-down network) ends in one line naming the cause and what to
 * run instead (`npm run serve`: the same workstation in a browser), exit status 1.
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1 reports a missing binary without trying the download.
 *
 * Without --check it runs the installed binary on this project; extra arguments go to the
 * app. It never downloads: `require('electron')` would, printing a stack trace on failure,
 * so the binary is located here the way the electron package does.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const checkOnly = process.argv[2] === '--check';
const SERVE =
  'Run `npm run serve` instead: it starts the same workstation engine behind a local web server ' +
  'on 127.0.0.1 and prints the address to open in Chromium or any browser.';

/** The installed electron package (folder and version), or null. */
function electronPackage() {
  try {
    const file = createRequire(path.join(root, 'package.json')).resolve('electron/package.json');
    return {
      dir: path.dirname(file),
      version: String(JSON.parse(readFileSync(file, 'utf8')).version),
    };
  } catch {
    return null;
  }
}

/** Where the electron package keeps its executable (as its index.js says), if it is there. */
function installedBinary(dir) {
  let platformPath = null;
  try {
    platformPath = readFileSync(path.join(dir, 'path.txt'), 'utf8');
  } catch {
    // Not downloaded yet.
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override
    ? path.join(override, platformPath ?? 'electron')
    : platformPath && path.join(dir, 'dist', platformPath);
  return binary && existsSync(binary) ? binary : null;
}

/** The first line of the installer's error output that is not a stack frame. */
function causeOf(output) {
  const lines = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('at '));
  const cause = lines.find((l) => /error|fail|refused|timed? ?out|not found|enotfound/i.test(l));
  return (cause ?? lines[0] ?? 'no error message').slice(0, 200);
}

/** The executable, downloaded first if needed and allowed; or one line saying why not. */
function ensureBinary(download) {
  const pkg = electronPackage();
  if (pkg === null) {
    return {
      problem: `Cannot start the desktop app: the electron package is not in node_modules (run \`npm install\`). ${SERVE}`,
    };
  }
  const found = installedBinary(pkg.dir);
  if (found) return { binary: found };
  if (!download || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    const why = download
      ? 'ELECTRON_SKIP_BINARY_DOWNLOAD is set'
      : '`npm start` downloads it before the build';
    return {
      problem:
        `Cannot start the desktop app: the Electron binary is not installed in node_modules/electron (${why}). ` +
        `${SERVE} To get the desktop app, run \`npm start\` without ELECTRON_SKIP_BINARY_DOWNLOAD ` +
        "where Electron's release host (or an ELECTRON_MIRROR) is reachable.",
    };
  }
  console.log(`Downloading Electron ${pkg.version} (first start only)...`);
  const result = spawnSync(process.execPath, [path.join(pkg.dir, 'install.js')], {
    cwd: pkg.dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const binary = result.status === 0 ? installedBinary(pkg.dir) : null;
  if (binary) return { binary };
  const cause = result.error
    ? result.error.message
    : causeOf(`${result.stderr ?? ''}\n${result.stdout ?? ''}`);
  const from = process.env.ELECTRON_MIRROR
    ? `the mirror ${process.env.ELECTRON_MIRROR}`
    : "Electron's release host";
  return {
    problem:
      `Cannot start the desktop app: the Electron ${pkg.version} binary could not be downloaded from ${from} (${cause}). ` +
      `${SERVE} To get the desktop app, run \`npm start\` again where the release host is reachable, ` +
      'or with ELECTRON_MIRROR set to a mirror that is.',
  };
}

const { binary, problem } = ensureBinary(checkOnly);
if (!binary) {
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
