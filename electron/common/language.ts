/**
 * Which language the interface speaks: the one rule for the menus (Electron's main
 * process) and the renderer. Pure.
 *
 * A setting chosen by the user wins. Otherwise the user's locales are read in order of
 * preference (the browser's `navigator.languages`, or the operating system's preferred
 * languages in Electron) and the first one we speak is taken: `fr`, `fr-FR`, `fr_BE`…
 * are French, `en-*` English. English when none is French or English.
 */
import { z } from 'zod';

export const LanguageSchema = z.enum(['fr', 'en']);
export type Language = z.infer<typeof LanguageSchema>;

export const LANGUAGES: readonly Language[] = ['fr', 'en'];

/** The language of one locale tag (`fr-CA` → fr), or null when we do not speak it. */
export function languageOfLocale(locale: string): Language | null {
  const m = /^([a-z]{2,3})(?:[-_]|$)/i.exec(locale.trim());
  const code = m?.[1]?.toLowerCase();
  return code === 'fr' || code === 'en' ? code : null;
}

export function languageForLocales(
  locales: string | readonly string[] | null | undefined,
): Language {
  const list = typeof locales === 'string' ? [locales] : (locales ?? []);
  for (const locale of list) {
    const language = languageOfLocale(locale);
    if (language !== null) return language;
  }
  return 'en';
}

/** The setting wins; otherwise the first of the user's locales that we speak. */
export function resolveLanguage(
  setting: Language | null,
  locales: string | readonly string[] | null | undefined,
): Language {
  return setting ?? languageForLocales(locales);
}
