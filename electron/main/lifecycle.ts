/** Small pure helpers of the app lifecycle (main.ts). */
import type { Language } from '../common/contract';
import { SettingsSchema } from '../common/contract';
import { languageForLocales } from '../common/language';

/** How long quitting waits for the engine to close its databases before exiting anyway. */
export const ENGINE_CLOSE_TIMEOUT_MS = 5000;

export type SettleResult = 'done' | 'failed' | 'timeout';

/** Waits for `work` at most `ms`; never rejects. */
export function settleWithin(work: Promise<unknown>, ms: number): Promise<SettleResult> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    work.then(
      () => {
        clearTimeout(timer);
        resolve('done');
      },
      () => {
        clearTimeout(timer);
        resolve('failed');
      },
    );
  });
}

/** The OS locale to hand to the engine: the first preferred language, else Chromium's locale. */
export function pickSystemLocale(preferred: readonly string[], appLocale: string): string {
  const first = preferred.find((l) => l.trim() !== '');
  return first ?? (appLocale.trim() !== '' ? appLocale : 'en');
}

const LanguageSetting = SettingsSchema.pick({ language: true });

/**
 * The menu language: the user's setting when `settings` (a getSettings/updateSettings
 * result, unchecked) has one, else the system locale's.
 */
export function menuLanguage(settings: unknown, systemLocale: string): Language {
  const parsed = LanguageSetting.safeParse(settings);
  return parsed.success && parsed.data.language !== null
    ? parsed.data.language
    : languageForLocales(systemLocale);
}
