/**
 * Runs the real bundle (dist-electron/main.cjs, built by scripts/buildElectron.mjs) in
 * plain Node against a fake 'electron' module, with the real engine behind it: the
 * wiring of main.ts (lifecycle, protocols, IPC, security hooks, window, menu, quit) is
 * exercised even though the Electron binary cannot run here.
 */
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNEL } from '../common/bridge';
import { fakeWorkstation } from '../core/testing/fakeWorkstation';
import { LAYOUT_FILE_NAME } from './layoutStore';
import type { FakeApp, FakeBrowserWindow, FakeElectronRecord } from './testing/fakeElectron';
import { createFakeElectron } from './testing/fakeElectron';

const root = path.resolve(import.meta.dirname, '../..');
type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Load };

describe('dist-electron/main.cjs with a fake electron', () => {
  let record: FakeElectronRecord;
  let app: FakeApp;
  let appPath: string;
  let userData: string;
  let win: FakeBrowserWindow;
  const originalLoad = moduleInternals._load;

  beforeAll(async () => {
    // Under the project, so that the bundle resolves better-sqlite3 and sharp from node_modules.
    mkdirSync(path.join(root, '.fixtures'), { recursive: true });
    appPath = mkdtempSync(path.join(root, '.fixtures', 'electron-app-'));
    userData = path.join(appPath, 'userData');
    const build = spawnSync(
      process.execPath,
      ['scripts/buildElectron.mjs', '--outdir', path.join(appPath, 'dist-electron')],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(build.stderr).toBe('');
    mkdirSync(path.join(appPath, 'dist', 'renderer'), { recursive: true });
    writeFileSync(
      path.join(appPath, 'dist', 'renderer', 'index.html'),
      '<!doctype html><title>renderer</title>',
    );
    // Settings saved by an earlier run: no demo library, whose generation takes seconds of CPU.
    const previousRun = await fakeWorkstation({ dataDir: userData });
    await previousRun.handlers.updateSettings({ showDemo: false });
    await previousRun.close();

    const fake = createFakeElectron({ appPath, userData, locale: 'fr-FR' });
    record = fake.record;
    app = fake.electron.app;
    moduleInternals._load = function (request, parent, isMain) {
      return request === 'electron'
        ? fake.electron
        : originalLoad.call(this, request, parent, isMain);
    };
    createRequire(import.meta.url)(path.join(appPath, 'dist-electron', 'main.cjs'));
    await vi.waitFor(() => expect(record.windows).toHaveLength(1), {
      timeout: 30_000,
      interval: 20,
    });
    win = record.windows[0]!;
  });

  afterAll(() => {
    moduleInternals._load = originalLoad;
    rmSync(appPath, { recursive: true, force: true });
  });

  it('registers both schemes as privileged before ready, and opens one sandboxed window on app://', () => {
    expect(record.privilegedSchemes.map((s) => (s as { scheme: string }).scheme)).toEqual([
      'app',
      'wsi',
    ]);
    expect(win.loadedUrl).toBe('app://renderer/index.html');
    const web = win.options.webPreferences as Record<string, unknown>;
    expect(web).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(web.preload).toBe(path.join(appPath, 'dist-electron', 'preload.cjs'));
    expect(existsSync(web.preload as string)).toBe(true);
  });

  it('opens a case asked for by a second launch or a case link in the main window', () => {
    expect(record.protocolClients).toEqual(['lillepath']);
    app.emit('second-instance', {}, ['lpw', '--open', 'B26-013102'], '/');
    expect(win.loadedUrl).toBe('app://renderer/index.html#/case/B26-013102');
    app.emit('open-url', { preventDefault: () => undefined }, 'lillepath://case/H24-7');
    expect(win.loadedUrl).toBe('app://renderer/index.html#/case/H24-7');
    // A malformed link changes nothing.
    app.emit('open-url', { preventDefault: () => undefined }, 'lillepath://case/%0Ax');
    expect(win.loadedUrl).toBe('app://renderer/index.html#/case/H24-7');
    expect(record.windows).toHaveLength(1);
  });

  it('serves the renderer with its CSP and tiles from the real engine', async () => {
    const appHandler = record.protocolHandlers.get('app')!;
    const page = await appHandler(new Request('app://renderer/'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>renderer</title>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const tile = await record.protocolHandlers.get('wsi')!(
      new Request('wsi://tiles/sUnknown/0/0/0'),
    );
    expect(tile.status).toBe(404);
  });

  it('answers IPC from our window and refuses any other sender', async () => {
    const handler = record.ipcHandlers.get(IPC_CHANNEL)!;
    const ours = {
      senderFrame: { url: 'app://renderer/index.html', parent: null },
      sender: { id: win.webContents.id },
    };
    expect(await handler(ours, 'getAppInfo', {})).toEqual({
      ok: true,
      // The fake safeStorage is Linux with no keyring: secrets are only obfuscated.
      value: {
        version: '0.0.0-fake',
        systemLocale: 'fr-FR',
        dataDir: userData,
        secretStorage: process.platform === 'linux' ? 'obfuscated' : 'keychain',
        // A clean start: workstation.db was not found damaged.
        databaseRecovery: null,
      },
    });
    const stranger = { ...ours, sender: { id: win.webContents.id + 100 } };
    expect(await handler(stranger, 'getAppInfo', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
  });

  it('builds the menu in French, and again in English when the setting changes', async () => {
    const labels = () => (record.menus.at(-1) as { label: string }[]).map((m) => m.label);
    expect(labels()).toContain('Fichier');
    const handler = record.ipcHandlers.get(IPC_CHANNEL)!;
    const ours = {
      senderFrame: { url: 'app://renderer/index.html', parent: null },
      sender: { id: win.webContents.id },
    };
    expect(await handler(ours, 'updateSettings', { language: 'en' })).toMatchObject({ ok: true });
    expect(labels()).toContain('File');
  });

  it('denies permissions, navigation and new windows; blocks renderer network access', () => {
    const decisions: boolean[] = [];
    const request = record.permissionRequestHandler as unknown as (...a: unknown[]) => void;
    request(null, 'media', (ok: boolean) => decisions.push(ok), {
      requestingUrl: 'app://renderer/index.html',
    });
    request(null, 'fullscreen', (ok: boolean) => decisions.push(ok), {
      requestingUrl: 'app://renderer/index.html',
    });
    expect(decisions).toEqual([false, true]);
    expect(record.blockedUrlPatterns).toEqual(
      expect.arrayContaining(['http://*/*', 'https://*/*']),
    );

    let openHandler: ((details: { url: string }) => unknown) | null = null;
    const contents = Object.assign(new EventEmitter(), {
      id: win.webContents.id,
      setWindowOpenHandler: (h: (details: { url: string }) => unknown) => (openHandler = h),
    });
    app.emit('web-contents-created', {}, contents);
    expect(openHandler!({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'app://renderer/index.html#/case/B1' })).toEqual({
      action: 'deny',
    });
    expect(record.windows).toHaveLength(1);
    const navigate = (url: string) => {
      const event = { url, prevented: false, preventDefault: () => (event.prevented = true) };
      contents.emit('will-navigate', event);
      return event.prevented;
    };
    expect(navigate('https://example.org/')).toBe(true);
    expect(navigate('app://renderer/index.html#/case/1')).toBe(false);
    const webview = { prevented: false, preventDefault: () => (webview.prevented = true) };
    contents.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
  });

  it('opens the report alone in a window of its own, made and placed by the main process', () => {
    let openHandler: ((details: { url: string }) => unknown) | null = null;
    const fromOurWindow = Object.assign(new EventEmitter(), {
      id: win.webContents.id,
      setWindowOpenHandler: (h: (details: { url: string }) => unknown) => (openHandler = h),
    });
    app.emit('web-contents-created', {}, fromOurWindow);
    const url = 'app://renderer/index.html#/case/B26-013102/report';
    // The page's own window.open is denied; the main process opens ours instead.
    expect(openHandler!({ url })).toEqual({ action: 'deny' });
    expect(record.windows).toHaveLength(2);
    const report = record.windows[1]!;
    expect(report.loadedUrl).toBe(url);
    // One display of 1920 x 1040 DIP: a column on its right, full height, narrower minimum.
    expect(report.options).toMatchObject({
      x: 1920 - 760,
      y: 0,
      width: 760,
      height: 1040,
      minWidth: 480,
    });
    expect((report.options.webPreferences as Record<string, unknown>).sandbox).toBe(true);
    // Asked again (another case): the same window shows it.
    openHandler!({ url: 'app://renderer/index.html#/case/H24-7/report' });
    expect(record.windows).toHaveLength(2);
    expect(report.loadedUrl).toBe('app://renderer/index.html#/case/H24-7/report');

    // A webContents that is not one of our windows gets nothing.
    const stranger = Object.assign(new EventEmitter(), {
      id: 9999,
      setWindowOpenHandler: (h: (details: { url: string }) => unknown) => (openHandler = h),
    });
    app.emit('web-contents-created', {}, stranger);
    expect(openHandler!({ url })).toEqual({ action: 'deny' });
    expect(record.windows).toHaveLength(2);
  });

  it('remembers the window bounds on close, and closes the engine before quitting', async () => {
    win.emit('close');
    const saved = JSON.parse(readFileSync(path.join(userData, LAYOUT_FILE_NAME), 'utf8')) as {
      layouts: { placements: unknown[] }[];
    };
    expect(saved.layouts[0]?.placements).toMatchObject([{ role: 'main', displayId: 1 }]);

    app.quit();
    // The first will-quit is held while the engine closes its databases, then quit runs again.
    await vi.waitFor(() => expect(record.quitCalls).toBe(2), { timeout: 10_000, interval: 20 });
    expect(record.exitCodes).toEqual([]);
    expect(record.errorBoxes).toEqual([]);
  });
});
