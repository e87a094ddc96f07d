/**
 * Options of every BrowserWindow we create. Pure (type-only Electron import) so that the
 * security-relevant values are pinned by a unit test.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { Rect, Size } from '../common/layout';

/** Background painted before the first frame: the renderer's dark theme, so no white flash. */
export const WINDOW_BACKGROUND = '#1b1d21';

/** Below this the worklist and the viewer toolbar no longer fit (DIP). */
export const MIN_WINDOW_SIZE: Size = { width: 960, height: 600 };
/** The report alone is one column of text: narrower than the worklist (DIP). */
export const REPORT_MIN_WINDOW_SIZE: Size = { width: 480, height: 600 };

export interface WindowOptionsInput {
  /** Absolute path of dist-electron/preload.cjs. */
  preloadPath: string;
  bounds: Rect;
  title: string;
  /** Window icon (Linux/Windows when not packaged); packaged apps take it from the installer. */
  icon?: string;
  /** Default MIN_WINDOW_SIZE. */
  minSize?: Size;
}

export function windowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    ...input.bounds,
    minWidth: (input.minSize ?? MIN_WINDOW_SIZE).width,
    minHeight: (input.minSize ?? MIN_WINDOW_SIZE).height,
    title: input.title,
    ...(input.icon !== undefined ? { icon: input.icon } : {}),
    backgroundColor: WINDOW_BACKGROUND,
    // Shown on 'ready-to-show', once the first frame is painted.
    show: false,
    autoHideMenuBar: false,
    webPreferences: {
      preload: input.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      experimentalFeatures: false,
      safeDialogs: true,
      spellcheck: true,
      // No `partition`: every window uses the default session, where the custom
      // protocols and the permission handlers are registered.
    },
  };
}
