/** Settings: what each dictation device button does on this computer. */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/StoreContext';
import type { ButtonName, DictationAction } from './buttonMapping';
import { BUTTON_NAMES, DEFAULT_BUTTON_MAPPING, DICTATION_ACTIONS } from './buttonMapping';

/** Buttons shown: those the devices print a label for (the others stay as stored). */
const SHOWN: readonly ButtonName[] = BUTTON_NAMES.filter(
  (b) => !['SCAN_END', 'SCAN_SUCCESS'].includes(b),
);

export function DictationSettings() {
  const { t } = useTranslation();
  const mapping = useAppStore((s) => s.dictationButtons);
  const setMapping = useAppStore((s) => s.setDictationButtons);

  return (
    <fieldset className="settings-group">
      <legend>{t('dictation.settings')}</legend>
      <p className="muted">{t('dictation.settingsHelp')}</p>
      <table className="dictation-buttons">
        <thead>
          <tr>
            <th scope="col">{t('dictation.button')}</th>
            <th scope="col">{t('dictation.action')}</th>
          </tr>
        </thead>
        <tbody>
          {SHOWN.map((button) => (
            <tr key={button}>
              <th scope="row">
                <code>{button}</code>
              </th>
              <td>
                <select
                  aria-label={`${t('dictation.action')} ${button}`}
                  value={mapping[button] ?? ''}
                  onChange={(e) => {
                    const next = { ...mapping };
                    if (e.target.value === '') delete next[button];
                    else next[button] = e.target.value as DictationAction;
                    setMapping(next);
                  }}
                >
                  <option value="">{t('dictation.none')}</option>
                  {DICTATION_ACTIONS.map((a) => (
                    <option key={a} value={a}>
                      {t(`dictation.actions.${a}`)}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="button"
        onClick={() => setMapping({ ...DEFAULT_BUTTON_MAPPING })}
      >
        {t('dictation.reset')}
      </button>
    </fieldset>
  );
}
