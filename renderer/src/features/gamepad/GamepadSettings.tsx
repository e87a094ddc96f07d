import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_GAMEPAD,
  GAMEPAD_DEAD_ZONE,
  GAMEPAD_SPEED,
} from '../../../../electron/common/gamepad';
import type { GamepadSettings as Values } from '../../../../electron/common/gamepad';
import { formatNumber } from '../../i18n';
import { useAppStore } from '../../state/StoreContext';

/** The first connected pad's name, kept up to date by the connect events. */
function useConnectedPad(): string | null {
  const read = () => {
    const pads = typeof navigator.getGamepads === 'function' ? navigator.getGamepads() : [];
    return pads.find((p) => p?.connected)?.id ?? null;
  };
  const [id, setId] = useState(read);
  useEffect(() => {
    const update = () => setId(read());
    window.addEventListener('gamepadconnected', update);
    window.addEventListener('gamepaddisconnected', update);
    return () => {
      window.removeEventListener('gamepadconnected', update);
      window.removeEventListener('gamepaddisconnected', update);
    };
  }, []);
  return id;
}

const SAVE_DELAY_MS = 400;

/** Settings → Gamepad: dead zone and speed, saved as the sliders settle. */
export function GamepadSettings() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const stored = useAppStore((s) => s.settings?.gamepad ?? DEFAULT_GAMEPAD);
  const updateSettings = useAppStore((s) => s.updateSettings);
  const [values, setValues] = useState<Values>(stored);
  const [saved, setSaved] = useState(false);
  useEffect(() => setValues(stored), [stored]);
  const pad = useConnectedPad();
  // Saved a moment after the slider stops moving (keys or pointer alike).
  useEffect(() => {
    if (values.deadZone === stored.deadZone && values.speed === stored.speed) return;
    const timer = setTimeout(() => {
      void updateSettings({ gamepad: values }).then((e) => setSaved(e === null));
    }, SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [values, stored, updateSettings]);
  const slider = (
    key: keyof Values,
    range: { min: number; max: number },
    step: number,
    text: string,
  ) => (
    <div className="settings-field">
      <label htmlFor={`gamepad-${key}`}>{t(`gamepad.${key}`)}</label>
      <div className="inline-row">
        <input
          id={`gamepad-${key}`}
          type="range"
          min={range.min}
          max={range.max}
          step={step}
          value={values[key]}
          aria-valuetext={text}
          onChange={(e) => {
            setSaved(false);
            setValues({ ...values, [key]: Number(e.target.value) });
          }}
          data-testid={`gamepad-${key}`}
        />
        <output>{text}</output>
      </div>
    </div>
  );
  return (
    <fieldset className="settings-group">
      <legend>{t('gamepad.title')}</legend>
      <p className="help-text" role="status" data-testid="gamepad-status">
        {pad ? t('gamepad.connected', { name: pad }) : t('gamepad.none')}
      </p>
      {slider(
        'deadZone',
        GAMEPAD_DEAD_ZONE,
        0.01,
        t('gamepad.percent', { value: formatNumber(Math.round(values.deadZone * 100), language) }),
      )}
      {slider(
        'speed',
        GAMEPAD_SPEED,
        0.05,
        t('gamepad.times', { value: formatNumber(values.speed, language, 2) }),
      )}
      <p className="help-text">
        {t('gamepad.help')} <span className="muted">{saved ? t('settings.saved') : ''}</span>
      </p>
    </fieldset>
  );
}
