import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_STAIN_LIST } from '../../../../electron/common/caseContext/model';
import { useAppStore } from '../../state/StoreContext';
import type { StainListResult } from './stainList';
import { parseStainList } from './stainList';

type Problem = Extract<StainListResult, { ok: false }>;

/** Settings → Stain requests: the stains offered when requesting stains from a case. */
export function StainListSetting() {
  const { t } = useTranslation();
  const list = useAppStore((s) => s.settings?.stainList) ?? DEFAULT_STAIN_LIST;
  const updateSettings = useAppStore((s) => s.updateSettings);
  const [text, setText] = useState('');
  const [state, setState] = useState<'idle' | 'saved' | Problem>('idle');
  const joined = list.join('\n');
  useEffect(() => setText(joined), [joined]);

  const save = async () => {
    const parsed = parseStainList(text);
    if (!parsed.ok) return setState(parsed);
    setState((await updateSettings({ stainList: parsed.stains })) === null ? 'saved' : 'idle');
  };

  return (
    <fieldset className="settings-group" data-testid="stain-list-setting">
      <legend>{t('caseContext.settings.title')}</legend>
      <form
        className="settings-field"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label htmlFor="stain-list">{t('caseContext.settings.list')}</label>
        <textarea
          id="stain-list"
          className="text-input"
          rows={6}
          value={text}
          aria-invalid={typeof state === 'object'}
          aria-describedby="stain-list-status"
          onChange={(e) => {
            setText(e.target.value);
            setState('idle');
          }}
        />
        <div className="inline-row">
          <button type="submit" className="button">
            {t('settings.save')}
          </button>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setText(DEFAULT_STAIN_LIST.join('\n'));
              setState('idle');
            }}
          >
            {t('caseContext.settings.defaults')}
          </button>
          <span
            id="stain-list-status"
            role="status"
            className={typeof state === 'object' ? 'field-error' : 'muted'}
          >
            {typeof state === 'object'
              ? t(`caseContext.settings.${state.problem}`, { line: state.line ?? '' })
              : state === 'saved'
                ? t('settings.saved')
                : t('caseContext.settings.help')}
          </span>
        </div>
      </form>
    </fieldset>
  );
}
