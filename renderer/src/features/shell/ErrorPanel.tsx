import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../state/types';
import { ErrorText } from './ErrorText';

/** An error in place of content that could not be loaded, with what to do next. */
export function ErrorPanel({
  title,
  error,
  onRetry,
  children,
}: {
  title: string;
  error: ErrorInfo | null;
  onRetry?: () => void;
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="error-panel" role="alert" data-testid="error-panel" data-code={error?.code}>
      <h2>{title}</h2>
      {error && <ErrorText error={error} block />}
      <div className="error-panel-actions">
        {onRetry && (
          <button type="button" className="button" onClick={onRetry}>
            {t('app.retry')}
          </button>
        )}
        {children}
      </div>
    </div>
  );
}
