/**
 * The dictation controls of the report editor: start and stop built-in dictation into the
 * section last focused, what the engine is doing, and a dictation device to connect. With
 * no engine for the interface's language, it says so and where hospital IT installs one.
 * External dictation software (Dragon Medical) needs none of this: it writes into the
 * sections as into any text field.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../electron/common/language';
import { useAppStore } from '../../state/StoreContext';
import { ErrorText } from '../shell/ErrorText';
import { useDictationActions } from './dictationBus';
import { connectDictationDevice, startDictationDevices, webHidAvailable } from './hidDevices';
import type { DictationTarget } from './useDictation';
import { useDictation } from './useDictation';
import './dictation.css';

export function DictationBar({
  language,
  target,
  onSign,
}: {
  language: Language;
  target: DictationTarget;
  onSign: () => void;
}) {
  const { t } = useTranslation();
  const api = useAppStore((s) => s.speechApi);
  const buttons = useAppStore((s) => s.dictationButtons);
  const dictation = useDictation(api, language, target);
  const [devices, setDevices] = useState(0);

  useEffect(() => {
    void startDictationDevices(() => buttons).then(setDevices, () => setDevices(0));
  }, [buttons]);

  useDictationActions({
    toggleRecording: dictation.toggle,
    stopRecording: () => void dictation.stop(),
    nextSection: () => target.moveSection(1),
    previousSection: () => target.moveSection(-1),
    sign: onSign,
  });

  const listening = dictation.state === 'listening';
  const unavailable = dictation.state === 'unavailable';
  const hint = dictation.status?.engines.find((e) => e.languages.length === 0)?.installHint;

  return (
    <div className="dictation-bar" role="group" aria-label={t('dictation.group')}>
      <button
        type="button"
        className={`button${listening ? ' button-primary' : ''}`}
        aria-pressed={listening}
        disabled={unavailable || dictation.state === 'checking'}
        // The section keeps the focus: dictation writes where the cursor is.
        onMouseDown={(e) => e.preventDefault()}
        onClick={dictation.toggle}
      >
        {listening ? t('dictation.stop') : t('dictation.start')}
      </button>
      <span className="dictation-state" role="status">
        {listening && t('dictation.listening')}
        {dictation.transcribing && ` ${t('dictation.transcribing')}`}
        {unavailable && (
          <details className="dictation-help">
            <summary>{t('dictation.noEngine')}</summary>
            {t('dictation.noEngineHelp', { hint: hint ?? '' })}
          </details>
        )}
      </span>
      {webHidAvailable() && (
        <button
          type="button"
          className="button button-quiet"
          onClick={() => void connectDictationDevice().then(setDevices, () => undefined)}
        >
          {devices > 0 ? t('dictation.devices', { count: devices }) : t('dictation.connect')}
        </button>
      )}
      {dictation.error && <ErrorText error={dictation.error} />}
    </div>
  );
}
