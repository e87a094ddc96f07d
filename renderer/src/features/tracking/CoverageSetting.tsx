import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COVERAGE_THRESHOLD_PCT } from '../../../../electron/common/tracking/model';
import { useAppStore } from '../../state/StoreContext';

/**
 * Settings → Slide tracking: the percent of a slide's tissue to see at ≥ 10× before the
 * sign-out dialog stops warning about it.
 */
export function CoverageSetting() {
  const { t } = useTranslation();
  const value = useAppStore(
    (s) => s.settings?.coverageThresholdPct ?? COVERAGE_THRESHOLD_PCT.default,
  );
  const updateSettings = useAppStore((s) => s.updateSettings);
  const [text, setText] = useState('');
  const [state, setState] = useState<'idle' | 'invalid' | 'saved'>('idle');
  useEffect(() => setText(String(value)), [value]);
  const { min, max } = COVERAGE_THRESHOLD_PCT;

  const save = async () => {
    const trimmed = text.trim();
    const n = Number(trimmed);
    if (!/^\d{1,3}$/.test(trimmed) || n < min || n > max) return setState('invalid');
    setState((await updateSettings({ coverageThresholdPct: n })) === null ? 'saved' : 'idle');
  };

  return (
    <fieldset className="settings-group">
      <legend>{t('tracking.settings.title')}</legend>
      <form
        className="settings-field"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label htmlFor="coverage-threshold">{t('tracking.settings.threshold')}</label>
        <div className="inline-row">
          <input
            id="coverage-threshold"
            className="text-input number-input"
            inputMode="numeric"
            value={text}
            aria-invalid={state === 'invalid'}
            aria-describedby="coverage-help coverage-problem"
            onChange={(e) => {
              setText(e.target.value);
              setState('idle');
            }}
            data-testid="coverage-threshold"
          />
          <span aria-hidden="true">%</span>
          <button type="submit" className="button" data-testid="coverage-threshold-save">
            {t('settings.save')}
          </button>
          <span
            id="coverage-problem"
            role="status"
            className={state === 'invalid' ? 'field-error' : 'muted'}
          >
            {state === 'invalid'
              ? t('tracking.settings.invalid', { min, max })
              : state === 'saved'
                ? t('settings.saved')
                : ''}
          </span>
        </div>
        <p id="coverage-help" className="help-text">
          {t('tracking.settings.help', { default: COVERAGE_THRESHOLD_PCT.default })}
        </p>
      </form>
    </fieldset>
  );
}
