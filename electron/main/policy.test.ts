import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, PRIVILEGED_SCHEMES, TILE_BASE, isAppUrl, isTileUrl } from './origins';
import type { IpcSender } from './policy';
import {
  ALLOWED_PERMISSIONS,
  chooseHidDevice,
  isDevicePermissionAllowed,
  ipcSenderRejection,
  isNavigationAllowed,
  isPermissionCheckAllowed,
  isPermissionRequestAllowed,
  windowOpenAddress,
} from './policy';

describe('origins', () => {
  it('recognises our renderer origin and nothing else', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://renderer')).toBe(true);
    expect(isAppUrl('app://renderer/#/case/42')).toBe(true);
    for (const url of [
      'app://evil/index.html',
      'app://renderer.evil.com/',
      'app://user:pw@renderer/',
      'https://renderer/',
      'file:///app/dist/renderer/index.html',
      'wsi://tiles/s1/0/0/0',
      'javascript:alert(1)',
      'about:blank',
      'not a url',
      '',
      null,
      undefined,
    ]) {
      expect(isAppUrl(url), String(url)).toBe(false);
    }
    // The preload hard-codes the same base (electron/preload/bridge.ts).
    expect(TILE_BASE).toBe('wsi://tiles');
    expect(isTileUrl('wsi://tiles/s1/0/0/0')).toBe(true);
    expect(isTileUrl('wsi://other/s1/0/0/0')).toBe(false);
  });

  it('registers app as standard+secure without CORS or CSP bypass, and wsi with CORS for WebGL', () => {
    const app = PRIVILEGED_SCHEMES.find((s) => s.scheme === 'app')?.privileges;
    const wsi = PRIVILEGED_SCHEMES.find((s) => s.scheme === 'wsi')?.privileges;
    expect(app).toMatchObject({ standard: true, secure: true });
    expect(app?.corsEnabled ?? false).toBe(false);
    expect(wsi).toMatchObject({
      standard: true,
      secure: true,
      corsEnabled: true,
      supportFetchAPI: true,
    });
    for (const s of PRIVILEGED_SCHEMES) {
      expect(s.privileges?.bypassCSP ?? false).toBe(false);
      expect(s.privileges?.allowServiceWorkers ?? false).toBe(false);
    }
  });
});

describe('isNavigationAllowed', () => {
  it('allows in-app navigation only', () => {
    expect(isNavigationAllowed('app://renderer/index.html#/worklist')).toBe(true);
    expect(isNavigationAllowed('https://example.org/')).toBe(false);
    expect(isNavigationAllowed('http://127.0.0.1:8080/')).toBe(false);
    expect(isNavigationAllowed('file:///etc/passwd')).toBe(false);
    expect(isNavigationAllowed('wsi://tiles/s1/0/0/0')).toBe(false);
    expect(isNavigationAllowed('data:text/html,<script>1</script>')).toBe(false);
  });
});

describe('windowOpenAddress', () => {
  it('lets a page open the report of a case alone, or a slide on another screen, and nothing else', () => {
    expect(windowOpenAddress('app://renderer/index.html#/case/B26-013102/report')).toEqual({
      name: 'report',
      accession: 'B26-013102',
    });
    expect(windowOpenAddress('app://renderer/#/case/H%2026%2F1/report')).toEqual({
      name: 'report',
      accession: 'H 26/1',
    });
    expect(windowOpenAddress('app://renderer/index.html#/case/B26-013102/slide/2')).toEqual({
      name: 'slide',
      accession: 'B26-013102',
      position: 2,
    });
    for (const url of [
      'app://renderer/index.html#/case/B26-1',
      'app://renderer/index.html#/case/B26-1/slide/0',
      'app://renderer/index.html?x=1#/case/B26-1/slide/1',
      'app://renderer/index.html#/worklist',
      'app://renderer/index.html?x=1#/case/B26-1/report',
      'app://renderer/other.html#/case/B26-1/report',
      'app://evil/index.html#/case/B26-1/report',
      'https://example.org/#/case/B26-1/report',
      'http://127.0.0.1:8080/#/case/B26-1/report',
      'not a url',
    ])
      expect(windowOpenAddress(url), url).toBeNull();
  });
});

describe('permissions', () => {
  it('grants only clipboard writing and fullscreen, and only to our pages', () => {
    expect([...ALLOWED_PERMISSIONS].sort()).toEqual(['clipboard-sanitized-write', 'fullscreen']);
    expect(isPermissionRequestAllowed('fullscreen', APP_ENTRY_URL)).toBe(true);
    expect(isPermissionRequestAllowed('clipboard-sanitized-write', APP_ENTRY_URL)).toBe(true);
    expect(isPermissionCheckAllowed('fullscreen', 'app://renderer')).toBe(true);
    expect(isPermissionCheckAllowed('fullscreen', 'app://renderer/')).toBe(true);
    expect(isPermissionRequestAllowed('fullscreen', 'https://example.org/')).toBe(false);
    expect(isPermissionCheckAllowed('clipboard-sanitized-write', 'https://example.org')).toBe(
      false,
    );
    expect(isPermissionRequestAllowed('fullscreen', undefined)).toBe(false);
  });

  it('denies everything else, even to our pages', () => {
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'midiSysex',
      'serial',
      'usb',
      'unknown',
    ]) {
      expect(isPermissionRequestAllowed(p, APP_ENTRY_URL), p).toBe(false);
      expect(isPermissionCheckAllowed(p, 'app://renderer'), p).toBe(false);
    }
  });

  it('grants the microphone for dictation (audio only, our pages only)', () => {
    expect(isPermissionRequestAllowed('media', APP_ENTRY_URL, ['audio'])).toBe(true);
    expect(isPermissionRequestAllowed('media', APP_ENTRY_URL, ['audio', 'video'])).toBe(false);
    expect(isPermissionRequestAllowed('media', APP_ENTRY_URL, ['video'])).toBe(false);
    expect(isPermissionRequestAllowed('media', APP_ENTRY_URL, [])).toBe(false);
    expect(isPermissionRequestAllowed('media', 'https://example.org/', ['audio'])).toBe(false);
    expect(isPermissionCheckAllowed('media', 'app://renderer', 'audio')).toBe(true);
    expect(isPermissionCheckAllowed('media', 'app://renderer', 'video')).toBe(false);
  });

  it('opens HID devices of dictation vendors only, for our pages only', () => {
    expect(isPermissionCheckAllowed('hid', 'app://renderer')).toBe(true);
    expect(isPermissionCheckAllowed('hid', 'https://example.org')).toBe(false);
    const device = (vendorId: number) => ({
      deviceType: 'hid',
      origin: 'app://renderer',
      device: { vendorId, productId: 1, deviceId: 'd', name: 'x' },
    });
    expect(isDevicePermissionAllowed(device(0x0554))).toBe(true); // PowerMic
    expect(isDevicePermissionAllowed(device(0x0911))).toBe(true); // SpeechMike
    expect(isDevicePermissionAllowed(device(0x046d))).toBe(false); // a keyboard
    expect(isDevicePermissionAllowed({ ...device(0x0554), deviceType: 'usb' })).toBe(false);
    expect(isDevicePermissionAllowed({ ...device(0x0554), origin: 'https://example.org' })).toBe(
      false,
    );
    expect(
      chooseHidDevice([
        { deviceId: 'keyboard', vendorId: 0x046d },
        { deviceId: 'speechmike', vendorId: 0x0911 },
      ]),
    ).toBe('speechmike');
    expect(chooseHidDevice([{ deviceId: 'keyboard', vendorId: 0x046d }])).toBeNull();
  });
});

describe('ipcSenderRejection', () => {
  const ours = (id: number) => id === 7;
  const mainFrame = { url: 'app://renderer/index.html#/case/1', parent: null };
  const sender = (over: Partial<IpcSender> = {}): IpcSender => ({
    frame: mainFrame,
    webContentsId: 7,
    ...over,
  });

  it('trusts the main frame of our window on our origin', () => {
    expect(ipcSenderRejection(sender(), ours)).toBeNull();
  });

  it('refuses another webContents, a gone frame, a subframe and a foreign page', () => {
    expect(ipcSenderRejection(sender({ webContentsId: 8 }), ours)).toBe('not one of our windows');
    expect(ipcSenderRejection(sender({ frame: null }), ours)).toBe('sender frame is gone');
    expect(
      ipcSenderRejection(sender({ frame: { url: mainFrame.url, parent: mainFrame } }), ours),
    ).toBe('not the main frame');
    expect(
      ipcSenderRejection(sender({ frame: { url: 'https://example.org/', parent: null } }), ours),
    ).toBe('page is not on the app origin');
    expect(
      ipcSenderRejection(sender({ frame: { url: 'file:///tmp/x.html', parent: null } }), ours),
    ).toBe('page is not on the app origin');
  });
});
