/** Which language the UI speaks. Pure, so it is tested without i18next or a browser. */
import type { Language } from '../../../electron/common/contract';

export const LANGUAGES: readonly Language[] = ['fr', 'en'];

/**
 * The setting wins; otherwise French when the system locale is French (fr, fr-FR, fr-BE…),
 * English for every other locale.
 */
export function resolveLanguage(
  setting: Language | null,
  systemLocale: string | null | undefined,
): Language {
  if (setting !== null) return setting;
  return (systemLocale ?? '').toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** BCP 47 tag for Intl formatting in `language` (France's and the UK's conventions). */
export function localeOf(language: Language): string {
  return language === 'fr' ? 'fr-FR' : 'en-GB';
}
