import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, PRIVILEGED_SCHEMES, TILE_BASE, isAppUrl, isTileUrl } from './origins';
import type { IpcSender } from './policy';
import {
  ALLOWED_PERMISSIONS,
  ipcSenderRejection,
  isNavigationAllowed,
  isPermissionCheckAllowed,
  isPermissionRequestAllowed,
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
      'hid',
      'serial',
      'usb',
      'unknown',
    ]) {
      expect(isPermissionRequestAllowed(p, APP_ENTRY_URL), p).toBe(false);
      expect(isPermissionCheckAllowed(p, 'app://renderer'), p).toBe(false);
    }
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
