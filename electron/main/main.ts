/**
 * Entry of the Electron main process (bundled to dist-electron/main.cjs).
 *
 * Lifecycle: one instance only; schemes registered before 'ready'; on 'ready' the engine
 * starts, then security, protocols, menu, IPC and the main window are set up, one
 * feature per file. A case asked for by a laboratory system (`--open <accession>`,
 * `lillepath://case/<accession>`; launch.ts) opens in the main window, also when the app
 * is already running. Quitting waits (bounded) for the engine to close its databases.
 */
import path from 'node:path';
import { app, dialog, safeStorage, session } from 'electron';
import { dispatch } from '../common/rpc';
import { defaultDeps } from '../core/defaultDeps';
import { consoleLogger } from '../core/log/logger';
import type { Workstation } from '../core/workstation';
import { createWorkstation } from '../core/workstation';
import type { Address } from '../common/address';
import { createTranslator } from './i18n';
import { setupIpc } from './ipc';
import { LINK_SCHEME, caseFromArgv, parseCaseLink } from './launch';
import { fileLayoutStore } from './layoutStore';
import { ENGINE_CLOSE_TIMEOUT_MS, menuLanguage, pickSystemLocale, settleWithin } from './lifecycle';
import { setupMenu } from './menu';
import { registerPrivilegedSchemes, setupProtocols } from './protocol';
import { safeStorageSecretBox } from './secretStorage';
import { setupSecurity } from './security';
import type { WindowManager } from './windows';
import { createWindowManager } from './windows';

const log = consoleLogger('main');

let workstation: Workstation | null = null;

let windows: WindowManager | null = null;
let engineClosed = false;

async function onReady(): Promise<void> {
  const appPath = app.getAppPath();
  const dataDir = app.getPath('userData');
  const systemLocale = pickSystemLocale(app.getPreferredSystemLanguages(), app.getLocale());

  try {
    const engineLog = consoleLogger('engine');
    workstation = await createWorkstation(
      { dataDir, systemLocale, version: app.getVersion(), log: engineLog },
      // Archive secrets: sealed by the OS keychain, or only obfuscated (Linux with no keyring),
      // or plain; Settings says which (secretStorage.ts).
      { ...defaultDeps(engineLog), secretBox: safeStorageSecretBox(safeStorage, process.platform) },
    );
  } catch (e) {
    const t = createTranslator(menuLanguage(null, systemLocale));
    const message = e instanceof Error ? e.message : String(e);
    log.error('engine.start.failed', { error: e });
    dialog.showErrorBox(t('startup.failedTitle'), t('startup.failedBody', { message, dataDir }));
    app.exit(1);
    return;
  }
  const ws = workstation;

  // The report alone in its own window (renderer: "Report in its own window"), and a slide
  // sent to another screen (renderer: a viewport's "Open on another screen").
  setupSecurity(session.defaultSession, log, (address, openerId) => {
    if (windows === null || !windows.isOurWebContents(openerId)) return false;
    if (address.name === 'report') windows.openReportWindow(address);
    else windows.openViewerWindow(address);
    return true;
  });
  setupProtocols({
    rendererRoot: path.join(appPath, 'dist', 'renderer'),
    // The request's signal: a tile the renderer abandons stops being read.
    getTile: (tilePath, signal) => ws.getTile(tilePath, signal),
  });

  const settings = await dispatch(ws.handlers, 'getSettings', {});
  setupMenu(createTranslator(menuLanguage(settings.ok ? settings.value : null, systemLocale)));

  windows = createWindowManager({
    preloadPath: path.join(appPath, 'dist-electron', 'preload.cjs'),
    title: app.getName(),
    // Packaged apps take their icon from the installer; in development, show ours.
    ...(app.isPackaged ? {} : { icon: path.join(appPath, 'resources', 'icons', 'icon.png') }),
    store: fileLayoutStore(dataDir),
    log,
  });
  setupIpc({
    handlers: ws.handlers,
    isOurWebContents: windows.isOurWebContents,
    log,
    afterCall: (method, response) => {
      if (method === 'updateSettings' && response.ok)
        setupMenu(createTranslator(menuLanguage(response.value, systemLocale)));
    },
  });
  windows.openMainWindow(caseAddress(pendingCase ?? caseFromArgv(process.argv)));
  pendingCase = null;
}

/** The case address a laboratory system asked for, or null. */
function caseAddress(accession: string | null): Address | null {
  return accession === null ? null : { name: 'case', accession };
}

/** A case asked for before the window exists (macOS sends 'open-url' before 'ready'). */
let pendingCase: string | null = null;

function openCase(accession: string | null): void {
  if (accession === null) return;
  if (windows === null) pendingCase = accession;
  else windows.showAddress(caseAddress(accession));
}

/**
 * Case links open the workstation (`lillepath://case/<accession>`). Installers register
 * the scheme too (electron-builder.yml `protocols`); this covers development runs.
 */
function registerCaseLinks(): void {
  const registered = process.defaultApp
    ? app.setAsDefaultProtocolClient(LINK_SCHEME, process.execPath, [
        path.resolve(process.argv[1] ?? '.'),
      ])
    : app.setAsDefaultProtocolClient(LINK_SCHEME);
  if (!registered) log.warn('case-links.not-registered');
}

function onWillQuit(event: { preventDefault(): void }): void {
  const ws = workstation;
  if (ws === null || engineClosed) return;
  event.preventDefault();
  workstation = null;
  void settleWithin(ws.close(), ENGINE_CLOSE_TIMEOUT_MS).then((result) => {
    if (result !== 'done') log.warn('engine.close.' + result);
    engineClosed = true;
    app.quit();
  });
}

registerPrivilegedSchemes();

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the databases: it is asked to show itself ('second-instance').
  app.quit();
} else {
  // A second launch (the laboratory system opening a case) shows that case here.
  app.on('second-instance', (_event, argv: string[]) => {
    const accession = caseFromArgv(argv);
    if (accession === null) windows?.focusMainWindow();
    else openCase(accession);
  });
  app.on('open-url', (event, url: string) => {
    event.preventDefault();
    openCase(parseCaseLink(url));
  });
  registerCaseLinks();
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', onWillQuit);
  // Ctrl+C or a service manager stopping us: close the databases like a normal quit.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());
  process.on('unhandledRejection', (reason) => {
    log.error('unhandled.rejection', { error: reason });
  });
  app
    .whenReady()
    .then(onReady)
    .catch((e: unknown) => {
      log.error('startup.failed', { error: e });
      app.exit(1);
    });
}
