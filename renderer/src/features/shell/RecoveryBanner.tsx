/**
 * Under the top bar after the engine found workstation.db damaged at start (core/db/
 * recovery.ts): says plainly what happened, what was kept and what may be missing, until
 * the user has read it (per session, per incident).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoment } from '../../i18n';
import { useAppStore } from '../../state/StoreContext';

const SEEN_KEY = 'workstation.recoverySeen';

function seen(at: string): boolean {
  try {
    return sessionStorage.getItem(SEEN_KEY) === at;
  } catch {
    return false;
  }
}

export function RecoveryBanner() {
  const { t } = useTranslation();
  const recovery = useAppStore((s) => s.appInfo?.databaseRecovery ?? null);
  const language = useAppStore((s) => s.language);
  const [dismissed, setDismissed] = useState(false);
  if (!recovery || dismissed || seen(recovery.at)) return null;
  const values = {
    at: formatMoment(recovery.at, language),
    file: recovery.damagedFile,
    backup: recovery.backupTakenAt ? formatMoment(recovery.backupTakenAt, language) : '',
  };
  return (
    <div className="banner banner-unauthorized" role="alert" data-testid="recovery-banner">
      <span className="banner-icon" aria-hidden="true">
        ⚠
      </span>
      <p className="banner-text">
        <strong>{t('recovery.title', values)}</strong>{' '}
        {recovery.outcome === 'restored'
          ? t('recovery.restored', values)
          : t('recovery.empty', values)}
      </p>
      <button
        type="button"
        className="button banner-action"
        onClick={() => {
          try {
            sessionStorage.setItem(SEEN_KEY, recovery.at);
          } catch {
            // Private mode: shown again after a reload.
          }
          setDismissed(true);
        }}
      >
        {t('recovery.understood')}
      </button>
    </div>
  );
}
