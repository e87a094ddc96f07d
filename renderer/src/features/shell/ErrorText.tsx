import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorReasonKey, errorSentenceKey } from '../../i18n/errorText';
import type { ErrorInfo } from '../../state/types';
import './errorText.css';

/**
 * The engine's own message (English, technical, for hospital IT) behind a closed "Details"
 * disclosure, so that only the user's language is on screen until it is asked for. A button
 * and a span rather than <details>, which may not sit inside the <p> and <span> errors use.
 */
export function ErrorDetails({ message }: { message: string | null | undefined }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const id = useId();
  if (!message) return null;
  return (
    <span className="error-detail" data-testid="error-detail">
      <button
        type="button"
        className="link-button error-detail-toggle"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        {t('errors.details')}
      </button>{' '}
      <span id={id} lang="en" className="error-detail-message" hidden={!open}>
        {message}
      </span>
    </span>
  );
}

/**
 * An error as a person reads it: a sentence in their language chosen by the error's reason
 * (when the engine gave one) or its code, then the engine's message behind "Details".
 */
export function ErrorText({ error, block = false }: { error: ErrorInfo; block?: boolean }) {
  const { t } = useTranslation();
  const Tag = block ? 'div' : 'span';
  const sentence = error.reason ? t(errorReasonKey(error.reason)) : t(errorSentenceKey(error.code));
  return (
    <Tag className={`error-text${block ? ' error-text-block' : ''}`} data-code={error.code}>
      <span className="error-sentence">{sentence}</span> <ErrorDetails message={error.message} />
    </Tag>
  );
}
