/**
 * Which language the UI speaks: the one rule in electron/common/language.ts, shared with
 * the Electron menus, re-exported here for the renderer.
 */
import type { Language } from '../../../electron/common/contract';

export { LANGUAGES, resolveLanguage } from '../../../electron/common/language';

/** BCP 47 tag for Intl formatting in `language` (France's and the UK's conventions). */
export function localeOf(language: Language): string {
  return language === 'fr' ? 'fr-FR' : 'en-GB';
}
