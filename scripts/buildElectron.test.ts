import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { builtinModules, createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_NAME, IPC_CHANNEL } from '../electron/common/bridge';

const root = path.resolve(import.meta.dirname, '..');

describe('buildElectron.mjs', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = path.join(mkdtempSync(path.join(os.tmpdir(), 'dist-electron-')), 'out');
    const result = spawnSync(process.execPath, ['scripts/buildElectron.mjs', '--outdir', outdir], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('bundles main and preload as CommonJS', () => {
    expect(existsSync(path.join(outdir, 'main.cjs'))).toBe(true);
    expect(existsSync(path.join(outdir, 'preload.cjs'))).toBe(true);
  });

  it('emits engine worker scripts next to main.cjs, where the engine looks for them', () => {
    // See WORKER_ENTRIES in buildElectron.mjs; skipped while the worker source does not exist.
    if (!existsSync(path.join(root, 'electron/core/demo/demoWorker.ts'))) return;
    const worker = readFileSync(path.join(outdir, 'demoWorker.js'), 'utf8');
    expect(worker).toMatch(/^import /);
    expect(readFileSync(path.join(outdir, 'main.cjs'), 'utf8')).not.toContain('import_meta');
  });

  it('points __dirname and import.meta.url of main.cjs into app.asar.unpacked when packaged, where workers can load', () => {
    const banner = readFileSync(path.join(outdir, 'main.cjs'), 'utf8').split('\n')[0]!;
    const locate = (filename: string) =>
      vm.runInNewContext(`${banner}; ({ url: __bundleUrl, dir: __bundleDir })`, {
        require: createRequire(import.meta.url),
        __filename: filename,
      }) as { url: string; dir: string };
    expect(locate('/opt/LPW/resources/app.asar/dist-electron/main.cjs')).toEqual({
      url: 'file:///opt/LPW/resources/app.asar.unpacked/dist-electron/main.cjs',
      dir: '/opt/LPW/resources/app.asar.unpacked/dist-electron',
    });
    expect(locate('/work/project/dist-electron/main.cjs')).toEqual({
      url: 'file:///work/project/dist-electron/main.cjs',
      dir: '/work/project/dist-electron',
    });
    // Every CommonJS bundle finds its workers through the banner, never the raw __dirname
    // (inside app.asar) that Node gives it.
    for (const file of readdirSync(outdir).filter(
      (f) => f.endsWith('.cjs') && f !== 'preload.cjs',
    )) {
      const code = readFileSync(path.join(outdir, file), 'utf8');
      expect(code.split('\n')[0], file).toBe(banner);
      expect(code.split('\n').slice(1).join('\n'), file).not.toMatch(
        /\b__dirname\b|\b__filename\b/,
      );
    }
    expect(JSON.parse(readFileSync(path.join(outdir, 'package.json'), 'utf8'))).toEqual({
      type: 'module',
    });
  });

  it('leaves only Node built-ins, electron and the native modules to require() in main', () => {
    const code = readFileSync(path.join(outdir, 'main.cjs'), 'utf8');
    const required = new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!));
    const allowed = new Set([
      'electron',
      'better-sqlite3',
      'sharp',
      ...builtinModules,
      ...builtinModules.map((m) => `node:${m}`),
    ]);
    expect([...required].filter((m) => !allowed.has(m))).toEqual([]);
    expect(required.has('electron')).toBe(true);
  });

  it('produces a preload that runs with the sandbox require (electron only) and exposes the bridge', async () => {
    const code = readFileSync(path.join(outdir, 'preload.cjs'), 'utf8');
    const exposed = new Map<string, unknown>();
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: unknown) => exposed.set(name, api) },
      ipcRenderer: {
        invoke: (...args: unknown[]) => {
          invoked.push(args);
          return Promise.resolve({ ok: true, value: 'pong' });
        },
      },
    };
    const sandboxRequire = (name: string) => {
      if (name === 'electron') return electron;
      throw new Error(`module not found: ${name}`);
    };
    const module = { exports: {} };
    vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports });
    const bridge = exposed.get(BRIDGE_NAME) as {
      call(m: string, a: unknown): Promise<unknown>;
      tileBase: string;
    };
    expect(bridge.tileBase).toBe('wsi://tiles');
    expect(await bridge.call('listCases', {})).toEqual({ ok: true, value: 'pong' });
    expect(invoked).toEqual([[IPC_CHANNEL, 'listCases', {}]]);
    // The preload carries no schema library: it stays a few kilobytes.
    expect(code.length).toBeLessThan(8 * 1024);
  });
});
