#!/usr/bin/env node
/**
 * `node scripts/checkFirstInstall.mjs [--keep]` (run by .ci/run): the README's first
 * command, `npm install && npm start`, as a new user runs it on a network where the
 * Electron download is blocked, in a fresh copy of the project (package.json,
 * package-lock.json and scripts/startApp.mjs, the script `npm start` runs first).
 *
 *   1. `npm install` with Electron's download blocked (ELECTRON_MIRROR is a closed loopback
 *      port) exits 0 with node_modules complete (vite, better-sqlite3, the electron
 *      package) and no stack trace: since Electron 42 the install never downloads it.
 *   2. `npm start` then tries the download (the electron package fetches its binary on
 *      first use), and says in one line that it failed, why, and what to run instead
 *      (`npm run serve`); it exits non-zero, with no stack trace, before building.
 *   3. With a reachable mirror (a loopback server with a stand-in Electron zip and its
 *      SHASUMS256.txt), `npm start`'s first step installs it through Electron's own
 *      installer with this Node and npm, and startApp.mjs launches it (Linux x64 only:
 *      the stand-in is a shell script named like the Linux binary).
 *
 * Only the npm registry is reached (packages come from the npm cache when they are there).
 * better-sqlite3 gets its native module from a local prebuild made from this project's
 * node_modules, as prebuild-install allows (npm_config_better_sqlite3_local_prebuilds),
 * instead of compiling it again for minutes: that part is not what is checked here.
 * Prints one line per check; exit status 1 if any fails.
 */
import { execFileSync, spawn as spawnAsync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { keep: { type: 'boolean' } }, strict: true });
const started = performance.now();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let failures = 0;

function check(ok, what, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && detail ? `\n${detail}` : ''}`);
  if (!ok) failures++;
  return ok;
}

/** A loopback port with nothing listening on it. */
async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A zip archive of stored (uncompressed) files: [{ name, data, mode }]. */
function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data, mode } of entries) {
    const nameBytes = Buffer.from(name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix: the mode below is honoured
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(((0o100000 | mode) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function run(cmd, args, cwd, env, timeout = 300_000) {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  return { ...r, output, seconds: ((performance.now() - t) / 1000).toFixed(0) };
}

const hasStackTrace = (text) => /^\s+at .+:\d+:\d+\)?$/m.test(text);
const linesMatching = (text, re) => text.split(/\r?\n/).filter((l) => re.test(l));

/** better-sqlite3's native module as a prebuild-install tarball, in dir. */
function localPrebuild(dir) {
  const bsq = path.join(root, 'node_modules', 'better-sqlite3');
  const { version } = JSON.parse(fs.readFileSync(path.join(bsq, 'package.json'), 'utf8'));
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'bsq-prebuild-'));
  fs.mkdirSync(path.join(staging, 'build', 'Release'), { recursive: true });
  fs.copyFileSync(
    path.join(bsq, 'build', 'Release', 'better_sqlite3.node'),
    path.join(staging, 'build', 'Release', 'better_sqlite3.node'),
  );
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-czf', path.join(dir, name), '-C', staging, 'build']);
  fs.rmSync(staging, { recursive: true, force: true });
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'first-install-'));
  const project = path.join(work, 'project');
  fs.mkdirSync(path.join(project, 'scripts'), { recursive: true });
  for (const f of ['package.json', 'package-lock.json', 'scripts/startApp.mjs']) {
    fs.copyFileSync(path.join(root, f), path.join(project, f));
  }
  const prebuilds = path.join(work, 'prebuilds');
  localPrebuild(prebuilds);

  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    // This machine's Electron settings (CI skips the download) are not a new user's.
    if (/^(ELECTRON_|electron_)/.test(k) || /^npm_/i.test(k)) delete env[k];
  }
  env.electron_config_cache = path.join(work, 'electron-cache');
  env.npm_config_better_sqlite3_local_prebuilds = prebuilds;
  env.npm_config_fund = 'false';
  env.npm_config_audit = 'false';
  env.npm_config_update_notifier = 'false';

  // 1. npm install on a network where Electron's release host is blocked.
  const blocked = `http://127.0.0.1:${await closedPort()}/`;
  const blockedEnv = { ...env, ELECTRON_MIRROR: blocked };
  const install = run(npm, ['install', '--prefer-offline'], project, blockedEnv);
  console.log(`npm install with the Electron download blocked: ${install.seconds} s`);
  const nm = (p) => fs.existsSync(path.join(project, 'node_modules', p));
  check(install.status === 0, 'npm install exits 0', install.output.slice(-3000));
  check(
    nm('.bin/vite') && nm('vite/package.json') && nm('electron/package.json'),
    'node_modules is complete (vite, the electron package)',
  );
  check(nm('better-sqlite3/build/Release/better_sqlite3.node'), 'better-sqlite3 is installed');
  check(!nm('electron/path.txt'), 'the Electron binary is not installed yet');
  check(!hasStackTrace(install.output), 'npm install prints no stack trace', install.output);

  // 2. npm start right after: the download fails.
  const start = run(npm, ['start'], project, blockedEnv, 120_000);
  const said = linesMatching(start.output, /^Cannot start the desktop app/);
  check(start.status !== 0, 'npm start exits non-zero');
  check(
    said.length === 1 &&
      said[0].includes('could not be downloaded') &&
      said[0].includes(blocked) &&
      said[0].includes('fetch failed') &&
      said[0].includes('`npm run serve`'),
    'npm start names the failed download, its cause and `npm run serve` in one line',
    start.output,
  );
  check(!hasStackTrace(start.output), 'npm start prints no stack trace', start.output);
  check(!fs.existsSync(path.join(project, 'dist')), 'npm start stops before building');
  check(!nm('electron/path.txt'), 'the failed download leaves no half-installed binary');

  // 3. A reachable mirror: the download works with this Node and npm, and npm start's
  // launcher finds the binary.
  if (process.platform === 'linux' && process.arch === 'x64') {
    const { version } = JSON.parse(
      fs.readFileSync(path.join(project, 'node_modules', 'electron', 'package.json'), 'utf8'),
    );
    const zipName = `electron-v${version}-linux-x64.zip`;
    const archive = zip([
      {
        name: 'electron',
        data: Buffer.from('#!/bin/sh\necho "stand-in electron $*"\n'),
        mode: 0o755,
      },
      { name: 'version', data: Buffer.from(`v${version}`), mode: 0o644 },
    ]);
    const sums = `${createHash('sha256').update(archive).digest('hex')} *${zipName}\n`;
    const requests = [];
    const server = http.createServer((req, res) => {
      requests.push(req.url);
      const body = req.url?.endsWith(`/${zipName}`)
        ? archive
        : req.url?.endsWith('/SHASUMS256.txt')
          ? Buffer.from(sums)
          : null;
      res.writeHead(body ? 200 : 404, { 'content-length': body ? body.length : 0 });
      res.end(body ?? undefined);
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const mirror = `http://127.0.0.1:${server.address().port}/`;
    // Asynchronous: the server answers while the installer runs.
    const download = await new Promise((resolve) => {
      const t = performance.now();
      let output = '';
      const child = spawnAsync(process.execPath, ['scripts/startApp.mjs', '--check'], {
        cwd: project,
        env: { ...env, ELECTRON_MIRROR: mirror, electron_use_remote_checksums: '1' },
      });
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('close', (status) =>
        resolve({ status, output, seconds: ((performance.now() - t) / 1000).toFixed(0) }),
      );
    });
    server.close();
    console.log(`npm start's download from a loopback mirror: ${download.seconds} s`);
    check(
      download.status === 0 && nm('electron/path.txt'),
      "npm start's first step installs Electron through Electron's installer",
      `${download.output}\nrequests: ${requests.join(' ')}`,
    );
    fs.mkdirSync(path.join(project, 'dist-electron'), { recursive: true });
    fs.writeFileSync(path.join(project, 'dist-electron', 'main.cjs'), '');
    const launch = run(process.execPath, ['scripts/startApp.mjs', '--flag'], project, env, 30_000);
    check(
      launch.status === 0 && launch.stdout.trim() === `stand-in electron ${project} --flag`,
      'startApp.mjs then launches the installed binary on the project',
      launch.output,
    );
  } else {
    console.log(
      `skipped: the loopback mirror check (Linux x64 only, not ${process.platform}-${process.arch})`,
    );
  }

  if (values.keep) console.log(`kept: ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(
    failures === 0
      ? `first install: all checks passed in ${seconds} s`
      : `first install: ${failures} check(s) failed in ${seconds} s`,
  );
  process.exitCode = failures === 0 ? 0 : 1;
}

await main();
