import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language, Settings } from '../../../../electron/common/contract';
import { CACHE_BUDGET_GB } from '../../../../electron/common/contract';
import { formatNumber } from '../../i18n';
import { resolveLanguage } from '../../i18n/language';
import { useAppStore } from '../../state/StoreContext';
import { HpfSetting } from '../annotations/HpfSetting';
import { StainListSetting } from '../caseContext/StainListSetting';
import { CoverageSetting } from '../tracking/CoverageSetting';
import { DictationSettings } from '../dictation/DictationSettings';
import { GamepadSettings } from '../gamepad/GamepadSettings';
import { AutotextSettings } from '../report/AutotextSettings';
import { ErrorPanel } from '../shell/ErrorPanel';
import { UserProfiles } from '../users/UserProfiles';
import { Archives } from './Archives';
import { LibraryFolders } from './LibraryFolders';
import { useKeydown } from '../../keyboard/useKeydown';
import './settings.css';

const { min: CACHE_MIN_GB, max: CACHE_MAX_GB } = CACHE_BUDGET_GB;

function CacheBudget({ value }: { value: number }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const updateSettings = useAppStore((s) => s.updateSettings);
  const [text, setText] = useState(String(value));
  const [state, setState] = useState<'idle' | 'invalid' | 'saved'>('idle');
  useEffect(() => setText(formatNumber(value, language)), [value, language]);

  const save = async () => {
    const n = Number(text.replace(',', '.').trim());
    if (!Number.isFinite(n) || n < CACHE_MIN_GB || n > CACHE_MAX_GB) return setState('invalid');
    setState((await updateSettings({ cacheBudgetGB: n })) === null ? 'saved' : 'idle');
  };

  return (
    <form
      className="settings-field"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label htmlFor="cache-budget">{t('settings.cacheBudget')}</label>
      <div className="inline-row">
        <input
          id="cache-budget"
          className="text-input number-input"
          inputMode="decimal"
          value={text}
          aria-invalid={state === 'invalid'}
          aria-describedby="cache-help cache-problem"
          onChange={(e) => {
            setText(e.target.value);
            setState('idle');
          }}
          data-testid="cache-budget"
        />
        <button type="submit" className="button" data-testid="cache-save">
          {t('settings.save')}
        </button>
        <span
          id="cache-problem"
          role="status"
          className={state === 'invalid' ? 'field-error' : 'muted'}
        >
          {state === 'invalid'
            ? t('settings.cacheBudgetInvalid')
            : state === 'saved'
              ? t('settings.saved')
              : ''}
        </span>
      </div>
      <p id="cache-help" className="help-text">
        {t('settings.cacheBudgetHelp')}
      </p>
    </form>
  );
}

function Preferences({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const updateSettings = useAppStore((s) => s.updateSettings);
  const systemLanguage = resolveLanguage(null, navigator.languages);
  const languageName = (l: Language) =>
    l === 'fr' ? t('settings.languageFr') : t('settings.languageEn');
  return (
    <fieldset className="settings-group">
      <legend>{t('settings.general')}</legend>
      <div className="settings-field">
        <label htmlFor="language-select">{t('settings.language')}</label>
        <select
          id="language-select"
          className="select"
          value={settings.language ?? 'system'}
          onChange={(e) => {
            const v = e.target.value;
            void updateSettings({ language: v === 'fr' || v === 'en' ? v : null });
          }}
          data-testid="language-select"
        >
          <option value="system">
            {t('settings.languageSystem', { language: languageName(systemLanguage) })}
          </option>
          <option value="fr" lang="fr">
            {t('settings.languageFr')}
          </option>
          <option value="en" lang="en">
            {t('settings.languageEn')}
          </option>
        </select>
      </div>
      <div className="settings-field">
        <label htmlFor="theme-select">{t('settings.theme')}</label>
        <select
          id="theme-select"
          className="select"
          value={settings.theme}
          onChange={(e) =>
            void updateSettings({ theme: e.target.value === 'light' ? 'light' : 'dark' })
          }
          data-testid="theme-select"
        >
          <option value="dark">{t('settings.themeDark')}</option>
          <option value="light">{t('settings.themeLight')}</option>
        </select>
      </div>
      <div className="settings-field">
        <label className="checkbox-label">
          <input
            type="checkbox"
            checked={settings.showDemo}
            onChange={(e) => void updateSettings({ showDemo: e.target.checked })}
            data-testid="show-demo"
          />
          {t('settings.showDemo')}
        </label>
      </div>
      <CacheBudget value={settings.cacheBudgetGB} />
    </fieldset>
  );
}

export function SettingsView() {
  const { t } = useTranslation();
  const settings = useAppStore((s) => s.settings);
  const status = useAppStore((s) => s.settingsStatus);
  const appInfo = useAppStore((s) => s.appInfo);
  const loadSettings = useAppStore((s) => s.loadSettings);
  const closeSettings = useAppStore((s) => s.closeSettings);
  useKeydown((e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      closeSettings();
    }
  });
  return (
    <section className="settings" aria-labelledby="settings-title">
      <div className="settings-header">
        <h1 id="settings-title">{t('settings.title')}</h1>
        <button
          type="button"
          className="button"
          onClick={closeSettings}
          data-testid="settings-close"
        >
          {t('settings.close')}
        </button>
      </div>
      {settings === null ? (
        status === 'error' ? (
          <ErrorPanel
            title={t('settings.loadFailed')}
            error={null}
            onRetry={() => void loadSettings()}
          />
        ) : (
          <p className="placeholder">{t('app.loading')}</p>
        )
      ) : (
        <div className="settings-body">
          <Preferences settings={settings} />
          <UserProfiles />
          <HpfSetting />
          <GamepadSettings />
          <StainListSetting />
          <CoverageSetting />
          <DictationSettings />
          <AutotextSettings />
          <Archives />
          <LibraryFolders folders={settings.libraryFolders} />
          {appInfo && (
            <fieldset className="settings-group">
              <legend>{t('settings.about')}</legend>
              <p>{t('settings.version', { version: appInfo.version })}</p>
              <p className="muted">{t('settings.dataDir', { path: appInfo.dataDir })}</p>
            </fieldset>
          )}
        </div>
      )}
    </section>
  );
}
