/** The application menu, in the user's language. */
import { Menu, app } from 'electron';
import type { Translate } from './i18n';
import { menuTemplate } from './menuTemplate';

export function setupMenu(t: Translate): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate(t, {
        isPackaged: app.isPackaged,
        platform: process.platform,
        appName: app.name,
      }),
    ),
  );
}
