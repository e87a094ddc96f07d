/**
 * Locks every webContents and the default session down: no new windows (but the report of
 * a case alone, or a slide sent to another screen, which the main process opens itself), no navigation
 * away from our origin, no webviews, no downloads, no permission but those we use (the
 * microphone for dictation, dictation devices over HID), and
 * no network access from renderers (the engine in the main process does the networking).
 */
import type { Session } from 'electron';
import { app } from 'electron';
import type { Logger } from '../core/log/logger';
import type { WindowOpenAddress } from './policy';
import {
  chooseHidDevice,
  isDevicePermissionAllowed,
  isNavigationAllowed,
  isPermissionCheckAllowed,
  isPermissionRequestAllowed,
  windowOpenAddress,
} from './policy';

/** Renderers never talk to the network themselves. */
const NETWORK_URL_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'];

export function setupSecurity(
  session: Session,
  log: Logger,
  /** Returns false when the page asking is not one of our windows. */
  openWindow?: (address: WindowOpenAddress, openerWebContentsId: number) => boolean,
): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    const allowed = isPermissionRequestAllowed(permission, details.requestingUrl, mediaTypes);
    if (!allowed) log.warn('permission.denied', { permission });
    callback(allowed);
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) =>
    isPermissionCheckAllowed(permission, requestingOrigin, details.mediaType),
  );
  // Dictation devices (PowerMic, SpeechMike, foot pedals) over WebHID, and nothing else.
  session.setDevicePermissionHandler((details) => isDevicePermissionAllowed(details));
  session.on('select-hid-device', (event, details, callback) => {
    event.preventDefault();
    callback(chooseHidDevice(details.deviceList));
  });
  session.webRequest.onBeforeRequest({ urls: NETWORK_URL_PATTERNS }, (_details, callback) => {
    log.warn('renderer.network.blocked');
    callback({ cancel: true });
  });
  session.on('will-download', (event) => {
    event.preventDefault();
    log.warn('download.blocked');
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      // The page's own window.open is always denied: a report or slide window is made by the
      // main process, with our preload, options and checks (windows.ts).
      const address = windowOpenAddress(url);
      const opened =
        address !== null && openWindow !== undefined && openWindow(address, contents.id);
      if (!opened) log.warn('window-open.denied');
      return { action: 'deny' };
    });
    const guard = (event: { preventDefault(): void }, url: string, what: string) => {
      if (!isNavigationAllowed(url)) {
        event.preventDefault();
        log.warn(`${what}.denied`);
      }
    };
    contents.on('will-navigate', (event) => guard(event, event.url, 'navigation'));
    // Also covers subframes (there should be none: frame-src 'none').
    contents.on('will-frame-navigate', (event) => guard(event, event.url, 'navigation'));
    contents.on('will-redirect', (event) => guard(event, event.url, 'redirect'));
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      log.warn('webview.denied');
    });
  });
}
