/**
 * Security decisions of the shell, as pure functions so that each one has a test.
 * The glue in security.ts, ipc.ts and windows.ts only asks these questions.
 */
import type { Address } from '../common/address';
import { parseAddress } from '../common/address';
import { isDictationDevice } from '../common/dictation/devices';
import { isAppUrl } from './origins';

/**
 * A window may only ever show our own pages. Links to the web, `file://` drops, redirects
 * to anything else are refused (the renderer has no reason to leave `app://renderer`).
 */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/**
 * The windows a page may ask for with window.open, on our origin: the report of a case
 * alone (`app://renderer/index.html#/case/<accession>/report`) and a slide sent to another
 * screen (`#/case/<accession>/slide/<n>`). The main process opens them itself (windows.ts,
 * placed by layout.ts), so they are our checked windows; anything else (links to the web,
 * other screens of the app, other origins) stays refused.
 */
export type WindowOpenAddress = Extract<Address, { name: 'report' | 'slide' }>;

export function windowOpenAddress(url: string): WindowOpenAddress | null {
  if (!isAppUrl(url)) return null;
  let hash: string;
  try {
    const u = new URL(url);
    if (u.search !== '' || !['/', '/index.html'].includes(u.pathname)) return null;
    hash = u.hash;
  } catch {
    return null;
  }
  const address = parseAddress(hash);
  return address?.name === 'report' || address?.name === 'slide' ? address : null;
}

/**
 * Permissions a page of ours may be granted. Everything else (camera, screen capture,
 * geolocation, notifications, MIDI, serial, USB, clipboard reading, openExternal...) is
 * denied; the microphone (audio only) and dictation devices over HID are decided below.
 *
 * - `clipboard-sanitized-write`: copying a case number or a report paragraph.
 * - `fullscreen`: the slide viewer's full-screen button (Element.requestFullscreen).
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set([
  'clipboard-sanitized-write',
  'fullscreen',
]);

/**
 * Decision for `session.setPermissionRequestHandler`: `requestingUrl` is the page asking.
 * `media` is the microphone of built-in dictation: audio only, never the camera or the
 * screen.
 */
export function isPermissionRequestAllowed(
  permission: string,
  requestingUrl: string | undefined,
  mediaTypes?: readonly string[],
): boolean {
  if (!isAppUrl(requestingUrl)) return false;
  if (permission === 'media') {
    return (
      mediaTypes !== undefined && mediaTypes.length > 0 && mediaTypes.every((t) => t === 'audio')
    );
  }
  return ALLOWED_PERMISSIONS.has(permission);
}

/**
 * Decision for `session.setPermissionCheckHandler`: `requestingOrigin` is an origin. `hid`
 * lets our page use WebHID at all; which devices it may open is decided per device
 * (isDevicePermissionAllowed).
 */
export function isPermissionCheckAllowed(
  permission: string,
  requestingOrigin: string | undefined,
  mediaType?: string,
): boolean {
  if (!isAppUrl(requestingOrigin)) return false;
  if (permission === 'hid') return true;
  if (permission === 'media') return mediaType === 'audio';
  return ALLOWED_PERMISSIONS.has(permission);
}

/** Decision for `session.setDevicePermissionHandler`: dictation devices only, for our pages. */
export function isDevicePermissionAllowed(details: {
  deviceType: string;
  origin: string;
  device: object;
}): boolean {
  const vendorId = 'vendorId' in details.device ? details.device.vendorId : undefined;
  return (
    details.deviceType === 'hid' &&
    isAppUrl(details.origin) &&
    typeof vendorId === 'number' &&
    isDictationDevice({ vendorId })
  );
}

/** The device `select-hid-device` picks for `navigator.hid.requestDevice`: the first dictation device. */
export function chooseHidDevice(
  devices: readonly { deviceId: string; vendorId: number }[],
): string | null {
  return devices.find(isDictationDevice)?.deviceId ?? null;
}

/** The frame that sent an IPC message, as far as the check needs it (a WebFrameMain). */
export interface SenderFrameLike {
  readonly url: string;
  /** null for the main (top-level) frame. */
  readonly parent: unknown;
}

export interface IpcSender {
  /** `event.senderFrame`: null when the frame navigated away or was destroyed. */
  frame: SenderFrameLike | null;
  /** `event.sender.id`: the webContents that sent the message. */
  webContentsId: number;
}

/**
 * Why a sender is refused, or null when it is trusted: it must be the main frame of one
 * of our own windows, currently showing a page of our origin. Iframes (there should be
 * none), other webContents (DevTools, a stray window) and detached frames are refused.
 */
export function ipcSenderRejection(
  sender: IpcSender,
  isOurWebContents: (id: number) => boolean,
): string | null {
  if (!isOurWebContents(sender.webContentsId)) return 'not one of our windows';
  const frame = sender.frame;
  if (frame === null) return 'sender frame is gone';
  if (frame.parent !== null) return 'not the main frame';
  if (!isAppUrl(frame.url)) return 'page is not on the app origin';
  return null;
}
