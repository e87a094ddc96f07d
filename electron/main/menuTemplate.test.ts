import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { createTranslator } from './i18n';
import { menuTemplate } from './menuTemplate';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

describe('i18n', () => {
  it('translates and fills parameters', () => {
    expect(createTranslator('fr')('menu.quit')).toBe('Quitter');
    expect(createTranslator('en')('menu.quit')).toBe('Quit');
    expect(
      createTranslator('fr')('startup.failedBody', { message: 'disque plein', dataDir: '/d' }),
    ).toBe(
      'Le moteur du poste de travail n’a pas démarré : disque plein\n\nDossier de données : /d',
    );
  });
});

describe('menuTemplate', () => {
  const fr = createTranslator('fr');

  it('has DevTools and reload only when not packaged', () => {
    const dev = flatten(menuTemplate(fr, { isPackaged: false, platform: 'linux', appName: 'W' }));
    expect(dev.some((i) => i.role === 'toggleDevTools')).toBe(true);
    expect(dev.some((i) => i.role === 'reload')).toBe(true);
    const packaged = flatten(
      menuTemplate(fr, { isPackaged: true, platform: 'win32', appName: 'W' }),
    );
    expect(
      packaged.some(
        (i) => i.role === 'toggleDevTools' || i.role === 'forceReload' || i.role === 'reload',
      ),
    ).toBe(false);
  });

  it('labels every item in the chosen language', () => {
    const items = flatten(menuTemplate(fr, { isPackaged: false, platform: 'linux', appName: 'W' }));
    expect(
      items
        .filter((i) => i.type !== 'separator')
        .every((i) => typeof i.label === 'string' && i.label.length > 0),
    ).toBe(true);
    expect(items.map((i) => i.label)).toEqual(
      expect.arrayContaining(['Fichier', 'Édition', 'Copier', 'Affichage', 'Quitter']),
    );
  });

  it('puts Quit under the application menu on macOS and under File elsewhere', () => {
    const en = createTranslator('en');
    const mac = menuTemplate(en, {
      isPackaged: true,
      platform: 'darwin',
      appName: 'Lille Pathology Workstation',
    });
    expect(mac[0]?.label).toBe('Lille Pathology Workstation');
    const win = menuTemplate(en, {
      isPackaged: true,
      platform: 'win32',
      appName: 'Lille Pathology Workstation',
    });
    expect(win[0]?.label).toBe('File');
    for (const t of [mac, win]) expect(flatten(t).filter((i) => i.role === 'quit')).toHaveLength(1);
  });
});
