import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/StoreContext';
import { ErrorText } from './ErrorText';

/** Errors of background actions: stay until dismissed, never cover more than a corner. */
export function Toasts() {
  const { t } = useTranslation();
  const toasts = useAppStore((s) => s.toasts);
  const dismiss = useAppStore((s) => s.dismissToast);
  return (
    <div className="toasts" role="region" aria-live="assertive" aria-label={t('errors.title')}>
      {toasts.map((toast) => (
        <div
          key={toast.id}
          className="toast"
          role="alert"
          data-testid="error-toast"
          data-code={toast.error.code}
        >
          <div className="toast-body">
            <strong>{t(`errors.during.${toast.task}`)}</strong>
            <ErrorText error={toast.error} block />
          </div>
          <button
            type="button"
            className="icon-button"
            aria-label={t('errors.dismiss')}
            title={t('errors.dismiss')}
            onClick={() => dismiss(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
