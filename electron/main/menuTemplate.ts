/**
 * The application menu, as a template. Pure (type-only Electron import): menu.ts builds
 * the Menu from it. DevTools and reload only exist when the app is not packaged.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { Translate } from './i18n';

export interface MenuOptions {
  isPackaged: boolean;
  /** `process.platform`: macOS puts Quit and About in the application menu. */
  platform: string;
  appName: string;
}

export function menuTemplate(t: Translate, options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const dev: MenuItemConstructorOptions[] = options.isPackaged
    ? []
    : [
        { role: 'reload', label: t('menu.reload') },
        { role: 'toggleDevTools', label: t('menu.devTools') },
        { type: 'separator' },
      ];
  const template: MenuItemConstructorOptions[] = [
    ...(isMac
      ? [
          {
            label: options.appName,
            submenu: [
              { role: 'about', label: t('menu.about') },
              { type: 'separator' },
              { role: 'quit', label: t('menu.quit') },
            ] satisfies MenuItemConstructorOptions[],
          },
        ]
      : [
          {
            label: t('menu.file'),
            submenu: [
              { role: 'quit', label: t('menu.quit') },
            ] satisfies MenuItemConstructorOptions[],
          },
        ]),
    {
      // Without these roles the copy/paste shortcuts do nothing on macOS.
      label: t('menu.edit'),
      submenu: [
        { role: 'undo', label: t('menu.undo') },
        { role: 'redo', label: t('menu.redo') },
        { type: 'separator' },
        { role: 'cut', label: t('menu.cut') },
        { role: 'copy', label: t('menu.copy') },
        { role: 'paste', label: t('menu.paste') },
        { role: 'selectAll', label: t('menu.selectAll') },
      ],
    },
    {
      label: t('menu.view'),
      submenu: [
        ...dev,
        { role: 'resetZoom', label: t('menu.resetZoom') },
        { role: 'zoomIn', label: t('menu.zoomIn') },
        { role: 'zoomOut', label: t('menu.zoomOut') },
        { type: 'separator' },
        { role: 'togglefullscreen', label: t('menu.fullScreen') },
      ],
    },
    {
      label: t('menu.window'),
      submenu: [
        { role: 'minimize', label: t('menu.minimize') },
        { role: 'close', label: t('menu.close') },
      ],
    },
    ...(isMac
      ? []
      : [
          {
            label: t('menu.help'),
            submenu: [
              { role: 'about', label: t('menu.about') },
            ] satisfies MenuItemConstructorOptions[],
          },
        ]),
  ];
  return template;
}
