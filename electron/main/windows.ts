/**
 * Creates our windows and keeps them on screen. Geometry decisions are pure functions of
 * electron/common/layout.ts; this file only reads `screen` and moves windows.
 *
 * The shell opens one main window (worklist, case and viewer), and the report of the case
 * alone in a window of its own when the page asks for it (window.open, security.ts): on
 * another display when there is one, where the user left it last time with the same
 * displays (`placeReportWindow`). A slide sent to another screen opens in a viewer window,
 * on a display without one, where a viewer was left last time with the same displays
 * (`placeViewerWindow`); its placement is remembered per display when it closes.
 */
import type { Display, Rectangle } from 'electron';
import { BrowserWindow, screen } from 'electron';
import type { Address } from '../common/address';
import type { DisplayInfo, WindowPlacement, WindowRole } from '../common/layout';
import {
  layoutWindows,
  placeOnVisibleDisplay,
  placeReportWindow,
  placeViewerWindow,
  recallLayout,
  rememberLayout,
} from '../common/layout';
import type { Logger } from '../core/log/logger';
import type { LayoutStore } from './layoutStore';
import { entryUrlFor } from './launch';
import { MIN_WINDOW_SIZE, REPORT_MIN_WINDOW_SIZE, windowOptions } from './windowOptions';

export interface WindowManagerOptions {
  preloadPath: string;
  title: string;
  icon?: string;
  store: LayoutStore;
  log: Logger;
}

export interface WindowManager {
  /** Opens the main window, on `address` when given (a case asked for at launch). */
  openMainWindow(address?: Address | null): BrowserWindow;
  /** Shows `address` in the main window (opening it if needed) and brings it to the front. */
  showAddress(address: Address | null): void;
  /** Brings the main window to the front (second instance launched), opening it if needed. */
  focusMainWindow(): void;
  /** Shows the report of a case alone in its own window (one at most), and brings it forward. */
  openReportWindow(address: Extract<Address, { name: 'report' }>): void;
  /** Shows a slide in a viewer window of its own, on another display when there is one. */
  openViewerWindow(address: Extract<Address, { name: 'slide' }>): void;
  /** Whether a webContents belongs to one of our windows (IPC sender check). */
  isOurWebContents: (id: number) => boolean;
}

function toDisplayInfo(d: Display): DisplayInfo {
  return { id: d.id, bounds: d.bounds, workArea: d.workArea, scaleFactor: d.scaleFactor };
}

function currentDisplays(): DisplayInfo[] {
  return screen.getAllDisplays().map(toDisplayInfo);
}

const sameRect = (a: Rectangle, b: Rectangle) =>
  a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

export function createWindowManager(options: WindowManagerOptions): WindowManager {
  const { log, store } = options;
  const ours = new Map<number, BrowserWindow>();
  let memory = store.load();
  let mainWindow: BrowserWindow | null = null;
  let reportWindow: BrowserWindow | null = null;
  const viewerWindows = new Set<BrowserWindow>();

  function remember(win: BrowserWindow, role: WindowRole): void {
    try {
      const bounds = win.getNormalBounds();
      const placement: WindowPlacement = {
        role,
        displayId: screen.getDisplayMatching(bounds).id,
        bounds,
        maximized: win.isMaximized(),
      };
      memory = rememberLayout(memory, currentDisplays(), [placement]);
      store.save(memory);
    } catch (e) {
      log.warn('layout.save.failed', { error: e });
    }
  }

  function createWindow(placement: WindowPlacement, address: Address | null): BrowserWindow {
    const win = new BrowserWindow(
      windowOptions({
        preloadPath: options.preloadPath,
        bounds: placement.bounds,
        title: options.title,
        ...(options.icon !== undefined ? { icon: options.icon } : {}),
        ...(placement.role === 'report' ? { minSize: REPORT_MIN_WINDOW_SIZE } : {}),
      }),
    );
    const id = win.webContents.id;
    ours.set(id, win);
    win.once('ready-to-show', () => {
      if (placement.maximized) win.maximize();
      win.show();
    });
    win.on('close', () => remember(win, placement.role));
    win.on('closed', () => {
      ours.delete(id);
      if (mainWindow === win) {
        mainWindow = null;
        // The report alone is never left without its case's main window.
        if (reportWindow !== null && !reportWindow.isDestroyed()) reportWindow.close();
        for (const viewer of viewerWindows) if (!viewer.isDestroyed()) viewer.close();
      }
      if (reportWindow === win) reportWindow = null;
      viewerWindows.delete(win);
    });
    win.webContents.on('render-process-gone', (_event, details) => {
      log.error('renderer.gone', { reason: details.reason, exitCode: details.exitCode });
    });
    load(win, address);
    return win;
  }

  /** Loads the app on `address`; a window already on the app only changes its fragment. */
  function load(win: BrowserWindow, address: Address | null): void {
    win.loadURL(entryUrlFor(address)).catch((e: unknown) => {
      log.error('window.load.failed', { error: e });
    });
  }

  /** After a display is unplugged or rearranged, pulls windows back onto visible displays. */
  function keepWindowsVisible(): void {
    const displays = currentDisplays();
    const primaryId = screen.getPrimaryDisplay().id;
    for (const win of ours.values()) {
      if (win.isDestroyed()) continue;
      const current = win.getBounds();
      const minSize = win === reportWindow ? REPORT_MIN_WINDOW_SIZE : MIN_WINDOW_SIZE;
      const next = placeOnVisibleDisplay(current, displays, primaryId, minSize);
      if (sameRect(current, next.bounds)) continue;
      const wasMaximized = win.isMaximized();
      if (wasMaximized) win.unmaximize();
      win.setBounds(next.bounds);
      if (wasMaximized) win.maximize();
      log.info('window.moved-onscreen', { displayId: next.displayId });
    }
  }
  screen.on('display-removed', keepWindowsVisible);
  screen.on('display-metrics-changed', keepWindowsVisible);

  function openMainWindow(address: Address | null = null): BrowserWindow {
    const displays = currentDisplays();
    const [main] = layoutWindows(displays, {
      primaryDisplayId: screen.getPrimaryDisplay().id,
      maxViewers: 0,
      remembered: recallLayout(memory, displays),
      minSize: MIN_WINDOW_SIZE,
    });
    // layoutWindows always returns the main placement first.
    if (main === undefined) throw new Error('layoutWindows returned no main window');
    mainWindow = createWindow(main, address);
    return mainWindow;
  }

  function openReportWindow(address: Extract<Address, { name: 'report' }>): void {
    if (reportWindow !== null && !reportWindow.isDestroyed()) {
      load(reportWindow, address);
    } else {
      const displays = currentDisplays();
      const placement = placeReportWindow(displays, {
        primaryDisplayId: screen.getPrimaryDisplay().id,
        mainBounds: mainWindow?.getNormalBounds() ?? null,
        remembered: recallLayout(memory, displays),
        minSize: REPORT_MIN_WINDOW_SIZE,
      });
      reportWindow = createWindow(placement, address);
    }
    if (reportWindow.isMinimized()) reportWindow.restore();
    reportWindow.focus();
  }

  function openViewerWindow(address: Extract<Address, { name: 'slide' }>): void {
    const displays = currentDisplays();
    const occupied = [...viewerWindows]
      .filter((w) => !w.isDestroyed())
      .map((w) => screen.getDisplayMatching(w.getNormalBounds()).id);
    const placement = placeViewerWindow(displays, {
      primaryDisplayId: screen.getPrimaryDisplay().id,
      mainBounds: mainWindow?.getNormalBounds() ?? null,
      occupied,
      remembered: recallLayout(memory, displays),
      minSize: MIN_WINDOW_SIZE,
    });
    const win = createWindow(placement, address);
    viewerWindows.add(win);
    win.focus();
  }

  function focusMainWindow(): void {
    const win = mainWindow ?? openMainWindow();
    if (win.isMinimized()) win.restore();
    win.focus();
  }

  return {
    openMainWindow,
    showAddress(address) {
      if (address !== null && mainWindow !== null) load(mainWindow, address);
      else if (address !== null) openMainWindow(address);
      focusMainWindow();
    },
    focusMainWindow,
    openReportWindow,
    openViewerWindow,
    isOurWebContents: (id) => ours.has(id),
  };
}
