import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_HPF_FIELD_DIAMETER_MM,
  HPF_FIELD_DIAMETER_MM,
  hpfAreaMm2,
} from '../../../../electron/common/annotations/counting';
import { formatNumber } from '../../i18n';
import { useAppStore } from '../../state/StoreContext';

/**
 * Settings → Annotations: the field diameter of one high-power field, which turns a count
 * per mm² into a count per 10 HPF (default and its source in annotations/counting.ts).
 */
export function HpfSetting() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const value = useAppStore((s) => s.settings?.hpfFieldDiameterMm ?? DEFAULT_HPF_FIELD_DIAMETER_MM);
  const updateSettings = useAppStore((s) => s.updateSettings);
  const [text, setText] = useState('');
  const [state, setState] = useState<'idle' | 'invalid' | 'saved'>('idle');
  useEffect(() => setText(formatNumber(value, language, 3)), [value, language]);
  const { min, max } = HPF_FIELD_DIAMETER_MM;

  const save = async () => {
    const n = Number(text.replace(',', '.').trim());
    if (!Number.isFinite(n) || n < min || n > max) return setState('invalid');
    setState((await updateSettings({ hpfFieldDiameterMm: n })) === null ? 'saved' : 'idle');
  };

  return (
    <fieldset className="settings-group">
      <legend>{t('annotations.settings.title')}</legend>
      <form
        className="settings-field"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label htmlFor="hpf-diameter">{t('annotations.settings.hpfDiameter')}</label>
        <div className="inline-row">
          <input
            id="hpf-diameter"
            className="text-input number-input"
            inputMode="decimal"
            value={text}
            aria-invalid={state === 'invalid'}
            aria-describedby="hpf-help hpf-problem"
            onChange={(e) => {
              setText(e.target.value);
              setState('idle');
            }}
            data-testid="hpf-diameter"
          />
          <button type="submit" className="button" data-testid="hpf-save">
            {t('settings.save')}
          </button>
          <span
            id="hpf-problem"
            role="status"
            className={state === 'invalid' ? 'field-error' : 'muted'}
          >
            {state === 'invalid'
              ? t('annotations.settings.hpfInvalid', {
                  min: formatNumber(min, language),
                  max: formatNumber(max, language),
                })
              : state === 'saved'
                ? t('settings.saved')
                : ''}
          </span>
        </div>
        <p id="hpf-help" className="help-text">
          {t('annotations.settings.hpfHelp', {
            default: formatNumber(DEFAULT_HPF_FIELD_DIAMETER_MM, language, 3),
            area: formatNumber(10 * hpfAreaMm2(value), language, 2),
          })}
        </p>
      </form>
    </fieldset>
  );
}
