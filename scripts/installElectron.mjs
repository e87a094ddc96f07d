#!/usr/bin/env node
/**
 * Downloads the Electron binary, and never lets a failed download break `npm install`.
 *
 *   postinstall (npm install, npm ci)   node scripts/installElectron.mjs
 *   npm run install:electron            node scripts/installElectron.mjs --retry
 *
 * npm never runs Electron's own install script here: package.json `allowScripts` denies it
 * (`"electron": false`, honoured by npm 11.16 and later). That script downloads the binary
 * from Electron's release host and, when the host is blocked, prints a raw `fetch failed`
 * stack trace and fails the whole install, after which npm removes node_modules. This
 * script runs the same installer (node_modules/electron/install.js: same mirror settings,
 * same checksums, same layout) in a child process and turns a failure into one line that
 * names the cause and what to do instead. Every other package is installed either way.
 *
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1 skips the download (CI, build machines), except with
 * --retry, which is an explicit request for the binary. Exit status: 0, except with --retry
 * when the download fails (1).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { retry: { type: 'boolean' } }, strict: true });
const retry = values.retry === true;

/** The installed electron package: its folder and version, or null. */
function electronPackage() {
  try {
    const file = createRequire(path.join(root, 'package.json')).resolve('electron/package.json');
    const { version } = JSON.parse(readFileSync(file, 'utf8'));
    return { dir: path.dirname(file), version: String(version) };
  } catch {
    return null;
  }
}

/** Whether the package's binary is in place (what `require('electron')` checks, and more). */
function binaryInstalled(dir) {
  try {
    const platformPath = readFileSync(path.join(dir, 'path.txt'), 'utf8');
    const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(dir, 'dist');
    return existsSync(path.join(dist, platformPath));
  } catch {
    return false;
  }
}

/** The first line of the installer's error output that is not a stack frame. */
function causeOf(output) {
  const lines = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('at ') && !/^[\^~]+$/.test(l));
  const cause = lines.find((l) => /error|fail|refused|timed? ?out|not found|enotfound/i.test(l));
  return (cause ?? lines[0] ?? 'no error message').slice(0, 200);
}

function main() {
  const pkg = electronPackage();
  if (pkg === null) {
    // `npm install --omit=dev` (a production install): the desktop app is not wanted here.
    if (retry) {
      console.error(
        'Cannot download Electron: the electron package is not in node_modules. Run `npm install` first.',
      );
      return 1;
    }
    return 0;
  }
  if (binaryInstalled(pkg.dir)) {
    if (retry) console.log(`Electron ${pkg.version} is already installed.`);
    return 0;
  }
  const env = { ...process.env };
  if (retry) delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  else if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    console.log(
      `Electron ${pkg.version}: binary download skipped (ELECTRON_SKIP_BINARY_DOWNLOAD is set); \`npm run serve\` runs the workstation in a browser.`,
    );
    return 0;
  }
  const result = spawnSync(process.execPath, [path.join(pkg.dir, 'install.js')], {
    cwd: pkg.dir,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status === 0 && binaryInstalled(pkg.dir)) {
    console.log(`Electron ${pkg.version} is installed.`);
    return 0;
  }
  const cause = result.error
    ? result.error.message
    : causeOf(`${result.stderr ?? ''}\n${result.stdout ?? ''}`);
  const from = env.ELECTRON_MIRROR
    ? `the mirror ${env.ELECTRON_MIRROR}`
    : "Electron's release host";
  console.error(
    `Electron ${pkg.version} could not be downloaded from ${from} (${cause}); everything else is installed. ` +
      'Run `npm run serve` to use the workstation in a browser, or `npm run install:electron` to try the download again ' +
      '(ELECTRON_MIRROR can name a reachable mirror).',
  );
  return retry ? 1 : 0;
}

process.exitCode = main();
