import { useTranslation } from 'react-i18next';
import { errorSentenceKey } from '../../i18n/errorText';
import type { ErrorInfo } from '../../state/types';

/**
 * An error as a person reads it: a sentence in their language chosen by the error code, then
 * the engine's own (English, technical) message as a quieter detail.
 */
export function ErrorText({ error, block = false }: { error: ErrorInfo; block?: boolean }) {
  const { t } = useTranslation();
  const Tag = block ? 'div' : 'span';
  return (
    <Tag className={`error-text${block ? ' error-text-block' : ''}`} data-code={error.code}>
      <span className="error-sentence">{t(errorSentenceKey(error.code))}</span>{' '}
      <span className="error-detail">{t('errors.detail', { message: error.message })}</span>
    </Tag>
  );
}
