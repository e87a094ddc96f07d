import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoment } from '../../i18n';
import { useAppStore } from '../../state/StoreContext';
import { useArchiveNames, useConnection } from './useConnection';

/**
 * Under the top bar while an archive cannot be reached: says so, says what still works,
 * and goes away by itself when the archive answers again. Refused credentials get a
 * quieter line of their own.
 */
export function OfflineBanner() {
  const { t } = useTranslation();
  const connection = useConnection();
  const names = useArchiveNames();
  const language = useAppStore((s) => s.language);
  const offlineSince = useAppStore((s) => s.offlineSince);
  const retryArchives = useAppStore((s) => s.retryArchives);
  const openSettings = useAppStore((s) => s.openSettings);
  const [retrying, setRetrying] = useState(false);

  if (connection.state === 'offline') {
    const since = connection.offline
      .map((a) => offlineSince[a.id])
      .filter((x): x is string => x !== undefined)
      .sort()[0];
    const retry = async () => {
      setRetrying(true);
      await retryArchives();
      setRetrying(false);
    };
    return (
      <div className="banner banner-offline" role="status" data-testid="offline-banner">
        <span className="banner-icon" aria-hidden="true">
          ⚠
        </span>
        <p className="banner-text">
          <strong>
            {t('banner.offline', {
              count: Math.max(1, connection.offline.length),
              names: names(connection.offline),
            })}
          </strong>
          {since && (
            <span className="banner-since">
              {' '}
              {t('banner.since', { time: formatMoment(since, language) })}
            </span>
          )}
        </p>
        <button
          type="button"
          className="button banner-action"
          disabled={retrying}
          onClick={() => void retry()}
        >
          {retrying ? t('banner.retrying') : t('banner.retry')}
        </button>
      </div>
    );
  }
  if (connection.state === 'unauthorized') {
    return (
      <div className="banner banner-unauthorized" role="status" data-testid="unauthorized-banner">
        <span className="banner-icon" aria-hidden="true">
          ⚿
        </span>
        <p className="banner-text">
          {t('banner.unauthorized', {
            count: connection.unauthorized.length,
            names: names(connection.unauthorized),
          })}
        </p>
        <button type="button" className="button banner-action" onClick={openSettings}>
          {t('banner.openSettings')}
        </button>
      </div>
    );
  }
  return null;
}
