import type { Language, Settings } from '../../../electron/common/contract';
import type { ResultOf } from '../../../electron/common/contract';
import { DEFAULT_SETTINGS } from '../../../electron/common/contract';
import { resolveLanguage } from '../i18n/language';
import type { SliceCreator, ErrorInfo, LoadStatus } from './types';
import { errorInfo } from './types';

export type AppInfo = ResultOf<'getAppInfo'>;
export type RescanResult = ResultOf<'rescanLibrary'>;
export type Theme = Settings['theme'];

export interface SettingsSlice {
  settings: Settings | null;
  appInfo: AppInfo | null;
  settingsStatus: LoadStatus;
  /** The language the UI speaks now (the setting, else the system's). */
  language: Language;
  theme: Theme;
  rescanStatus: LoadStatus;
  lastRescan: RescanResult | null;
  /** Loads app info and settings at start-up; the UI works with defaults if it fails. */
  loadSettings: () => Promise<void>;
  /**
   * Saves a change. Resolves to null when saved, else to why the engine refused it, which
   * is also shown as a toast unless `inline` (the caller shows it beside the field).
   */
  updateSettings: (
    patch: Partial<Settings>,
    options?: { inline?: boolean },
  ) => Promise<ErrorInfo | null>;
  rescanLibrary: () => Promise<void>;
}

export const createSettingsSlice: SliceCreator<SettingsSlice> =
  ({ api, browserLocale }) =>
  (set, get) => {
    const apply = (settings: Settings) =>
      set({
        settings,
        language: resolveLanguage(settings.language, browserLocale),
        theme: settings.theme,
      });
    return {
      settings: null,
      appInfo: null,
      settingsStatus: 'idle',
      language: resolveLanguage(null, browserLocale),
      theme: DEFAULT_SETTINGS.theme,
      rescanStatus: 'idle',
      lastRescan: null,
      loadSettings: async () => {
        set({ settingsStatus: 'loading' });
        const [info, settings] = await Promise.allSettled([
          api.getAppInfo({}),
          api.getSettings({}),
        ]);
        if (info.status === 'fulfilled') set({ appInfo: info.value });
        if (settings.status === 'fulfilled') {
          apply(settings.value);
          set({ settingsStatus: 'ready' });
        } else {
          set({
            settingsStatus: 'error',
            language: resolveLanguage(null, browserLocale),
          });
          get().reportError('start', settings.reason);
        }
      },
      updateSettings: async (patch, options) => {
        try {
          apply(await api.updateSettings(patch));
          return null;
        } catch (e) {
          if (!options?.inline) get().reportError('settings', e);
          return errorInfo(e);
        }
      },
      rescanLibrary: async () => {
        set({ rescanStatus: 'loading' });
        try {
          const result = await api.rescanLibrary({});
          set({ rescanStatus: 'ready', lastRescan: result });
          await get().loadCases();
        } catch (e) {
          set({ rescanStatus: 'error' });
          get().reportError('rescan', e);
        }
      },
    };
  };
