import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_LAYOUT_MEMORY, rememberLayout } from '../common/layout';
import { LAYOUT_FILE_NAME, fileLayoutStore } from './layoutStore';
import { menuLanguage, pickSystemLocale, settleWithin } from './lifecycle';

describe('settleWithin', () => {
  it('reports done, failed or timeout, and never rejects', async () => {
    expect(await settleWithin(Promise.resolve(1), 1000)).toBe('done');
    expect(await settleWithin(Promise.reject(new Error('x')), 1000)).toBe('failed');
    expect(await settleWithin(new Promise(() => {}), 10)).toBe('timeout');
  });
});

describe('pickSystemLocale', () => {
  it('prefers the first preferred system language, then the app locale', () => {
    expect(pickSystemLocale(['fr-FR', 'en-US'], 'en-US')).toBe('fr-FR');
    expect(pickSystemLocale([], 'fr')).toBe('fr');
    expect(pickSystemLocale(['', ' '], '')).toBe('en');
  });
});

describe('menuLanguage', () => {
  it('follows the setting when there is one, else the system locale', () => {
    expect(menuLanguage({ language: 'en', theme: 'dark' }, 'fr-FR')).toBe('en');
    expect(menuLanguage({ language: null }, 'fr-FR')).toBe('fr');
    expect(menuLanguage(null, 'de-DE')).toBe('en');
    expect(menuLanguage({ language: 'klingon' }, 'fr-BE')).toBe('fr');
  });
});

describe('fileLayoutStore', () => {
  const display = {
    id: 1,
    bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    workArea: { x: 0, y: 0, width: 1920, height: 1040 },
    scaleFactor: 1,
  };
  const memory = rememberLayout(
    EMPTY_LAYOUT_MEMORY,
    [display],
    [
      {
        role: 'main',
        displayId: 1,
        bounds: { x: 1, y: 2, width: 1000, height: 700 },
        maximized: false,
      },
    ],
  );

  it('saves and loads placements, creating the folder, leaving no temp file', () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'layout-')), 'userData');
    const store = fileLayoutStore(dir);
    expect(store.load()).toEqual(EMPTY_LAYOUT_MEMORY);
    store.save(memory);
    expect(fileLayoutStore(dir).load()).toEqual(memory);
    expect(readdirSync(dir)).toEqual([LAYOUT_FILE_NAME]);
    expect(JSON.parse(readFileSync(path.join(dir, LAYOUT_FILE_NAME), 'utf8'))).toEqual(memory);
  });

  it('starts from an empty memory when the file is damaged', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'layout-'));
    writeFileSync(path.join(dir, LAYOUT_FILE_NAME), '{"version":1,"layouts":[{"key":');
    expect(fileLayoutStore(dir).load()).toEqual(EMPTY_LAYOUT_MEMORY);
  });
});
