/**
 * A stand-in for the 'electron' module, for running the bundled main process
 * (dist-electron/main.cjs) in plain Node where the Electron binary is not installed. It
 * records what the main process registers, so a test can then drive the protocol and
 * IPC handlers and the app events like Electron would.
 *
 * Only what main.cjs touches is implemented; anything else throws on use.
 */
import { EventEmitter } from 'node:events';

export interface FakeElectronOptions {
  appPath: string;
  userData: string;
  locale?: string;
  isPackaged?: boolean;
  /** What safeStorage answers (default: Linux with no keyring, basic_text). */
  safeStorage?: { available?: boolean; backend?: string };
}

type Handler = (...args: never[]) => unknown;

export interface FakeElectronRecord {
  privilegedSchemes: unknown[];
  protocolHandlers: Map<string, (request: Request) => Response | Promise<Response>>;
  ipcHandlers: Map<string, (event: unknown, ...args: unknown[]) => unknown>;
  windows: FakeBrowserWindow[];
  permissionRequestHandler: Handler | null;
  permissionCheckHandler: Handler | null;
  devicePermissionHandler: Handler | null;
  blockedUrlPatterns: string[];
  menus: unknown[];
  errorBoxes: [string, string][];
  quitCalls: number;
  exitCodes: number[];
  /** Schemes registered with setAsDefaultProtocolClient. */
  protocolClients: string[];
}

export class FakeBrowserWindow extends EventEmitter {
  static nextId = 1;
  readonly webContents: EventEmitter & { id: number; setWindowOpenHandler(h: Handler): void };
  loadedUrl: string | null = null;
  constructor(readonly options: Record<string, unknown>) {
    super();
    const contents = new EventEmitter() as EventEmitter & {
      id: number;
      setWindowOpenHandler(h: Handler): void;
    };
    contents.id = FakeBrowserWindow.nextId++;
    contents.setWindowOpenHandler = () => {};
    this.webContents = contents;
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  getNormalBounds() {
    const o = this.options as { x: number; y: number; width: number; height: number };
    return { x: o.x, y: o.y, width: o.width, height: o.height };
  }
  getBounds() {
    return this.getNormalBounds();
  }
  isMaximized() {
    return false;
  }
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return false;
  }
  maximize() {}
  show() {}
  focus() {}
  restore() {}
}

/** The fake's `app`: an emitter ('will-quit', 'web-contents-created'...) that can quit. */
export type FakeApp = EventEmitter & { quit(): void };

export interface FakeElectron {
  /** What `require('electron')` returns. */
  electron: { app: FakeApp } & Record<string, unknown>;
  record: FakeElectronRecord;
}

export function createFakeElectron(options: FakeElectronOptions): FakeElectron {
  const record: FakeElectronRecord = {
    privilegedSchemes: [],
    protocolHandlers: new Map(),
    ipcHandlers: new Map(),
    windows: [],
    permissionRequestHandler: null,
    permissionCheckHandler: null,
    devicePermissionHandler: null,
    blockedUrlPatterns: [],
    menus: [],
    errorBoxes: [],
    quitCalls: 0,
    exitCodes: [],
    protocolClients: [],
  };
  const display = {
    id: 1,
    bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    workArea: { x: 0, y: 0, width: 1920, height: 1040 },
    scaleFactor: 1,
  };
  const app = Object.assign(new EventEmitter(), {
    name: 'Lille Pathology Workstation',
    isPackaged: options.isPackaged ?? false,
    requestSingleInstanceLock: () => true,
    setAsDefaultProtocolClient: (scheme: string) => {
      record.protocolClients.push(scheme);
      return true;
    },
    whenReady: () => Promise.resolve(),
    getAppPath: () => options.appPath,
    getPath: (name: string) => {
      if (name !== 'userData') throw new Error(`fake app.getPath(${name})`);
      return options.userData;
    },
    getPreferredSystemLanguages: () => [options.locale ?? 'fr-FR'],
    getLocale: () => 'fr',
    getVersion: () => '0.0.0-fake',
    getName: () => 'Lille Pathology Workstation',
    quit: () => {
      record.quitCalls++;
      // Like Electron: quitting emits will-quit, which a listener may prevent.
      const event = {
        defaultPrevented: false,
        preventDefault: () => (event.defaultPrevented = true),
      };
      app.emit('will-quit', event);
    },
    exit: (code: number) => {
      record.exitCodes.push(code);
    },
  });
  const session = Object.assign(new EventEmitter(), {
    setPermissionRequestHandler: (h: Handler) => (record.permissionRequestHandler = h),
    setPermissionCheckHandler: (h: Handler) => (record.permissionCheckHandler = h),
    setDevicePermissionHandler: (h: Handler) => (record.devicePermissionHandler = h),
    webRequest: {
      onBeforeRequest: (filter: { urls: string[] }) =>
        record.blockedUrlPatterns.push(...filter.urls),
    },
  });
  const electron = {
    app,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) =>
        record.privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Response | Promise<Response>) =>
        record.protocolHandlers.set(scheme, handler),
    },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) =>
        record.ipcHandlers.set(channel, handler),
      removeHandler: (channel: string) => record.ipcHandlers.delete(channel),
    },
    session: { defaultSession: session },
    // Like Linux without a keyring: "available", but the basic_text backend only obfuscates.
    safeStorage: {
      isEncryptionAvailable: () => options.safeStorage?.available ?? true,
      getSelectedStorageBackend: () => options.safeStorage?.backend ?? 'basic_text',
      encryptString: (plain: string) => Buffer.from(`v10${plain}`, 'utf8').reverse(),
      decryptString: (sealed: Buffer) => Buffer.from(sealed).reverse().toString('utf8').slice(3),
    },
    screen: Object.assign(new EventEmitter(), {
      getAllDisplays: () => [display],
      getPrimaryDisplay: () => display,
      getDisplayMatching: () => display,
    }),
    BrowserWindow: class extends FakeBrowserWindow {
      constructor(o: Record<string, unknown>) {
        super(o);
        record.windows.push(this);
      }
    },
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: (menu: unknown) => record.menus.push(menu),
    },
    dialog: {
      showErrorBox: (title: string, body: string) => record.errorBoxes.push([title, body]),
    },
  };
  return { electron, record };
}
