import { describe, expect, it } from 'vitest';
import {
  MIN_WINDOW_SIZE,
  REPORT_MIN_WINDOW_SIZE,
  WINDOW_BACKGROUND,
  windowOptions,
} from './windowOptions';

describe('windowOptions', () => {
  const options = windowOptions({
    preloadPath: '/app/dist-electron/preload.cjs',
    bounds: { x: 10, y: 20, width: 1200, height: 800 },
    title: 'Lille Pathology Workstation',
  });
  const web = options.webPreferences!;

  it('isolates and sandboxes the renderer', () => {
    expect(web.sandbox).toBe(true);
    expect(web.contextIsolation).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.experimentalFeatures).toBe(false);
    expect(web.navigateOnDragDrop).toBe(false);
    expect(web).not.toHaveProperty('enableBlinkFeatures');
    expect(web).not.toHaveProperty('partition');
    expect(web.preload).toBe('/app/dist-electron/preload.cjs');
  });

  it('opens hidden on a dark background, at the given bounds, with a minimum size', () => {
    expect(options.show).toBe(false);
    expect(options.backgroundColor).toBe(WINDOW_BACKGROUND);
    expect(WINDOW_BACKGROUND).toMatch(/^#1[0-9a-f]{5}$/);
    expect(options).toMatchObject({ x: 10, y: 20, width: 1200, height: 800 });
    expect(options).toMatchObject({
      minWidth: MIN_WINDOW_SIZE.width,
      minHeight: MIN_WINDOW_SIZE.height,
    });
    expect(options).not.toHaveProperty('icon');
  });

  it('lets the report window be narrower, with the same locked-down renderer', () => {
    const report = windowOptions({
      preloadPath: '/app/dist-electron/preload.cjs',
      bounds: { x: 0, y: 0, width: 760, height: 1040 },
      title: 'Lille Pathology Workstation',
      minSize: REPORT_MIN_WINDOW_SIZE,
    });
    expect(report).toMatchObject({ minWidth: 480, minHeight: 600, width: 760 });
    expect(report.webPreferences).toEqual(web);
  });
});
