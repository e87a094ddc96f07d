import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../../../electron/common/contract';
import { useAppStore } from '../../state/StoreContext';
import { progressOf } from '../../state/statusLogic';
import { ProgressMeter } from '../downloads/ProgressMeter';

/**
 * "Available offline" for an archive case: fetches the whole pyramid of every slide and keeps
 * it, with its progress up to 100 %. Local and demo cases are on this computer already: the
 * switch is there but disabled, and says why.
 */
export function OfflineToggle({ summary }: { summary: CaseSummary }) {
  const { t } = useTranslation();
  const progress = useAppStore((s) => progressOf(s.status, summary.id));
  const busy = useAppStore((s) => s.offlineBusy[summary.id] === true);
  const setCaseOffline = useAppStore((s) => s.setCaseOffline);
  const hintId = useId();
  const fromArchive = summary.source === 'archive';
  const pinned = progress?.pinned ?? false;
  const hint = !fromArchive
    ? t('offlineToggle.localHint')
    : pinned
      ? t('offlineToggle.hintOn')
      : t('offlineToggle.hintOff');
  return (
    <div className="offline-toggle-box">
      <button
        type="button"
        className="offline-toggle"
        aria-pressed={fromArchive ? pinned : false}
        aria-describedby={hintId}
        disabled={!fromArchive || busy}
        title={hint}
        data-testid="offline-toggle"
        data-source={summary.source}
        onClick={() => void setCaseOffline(summary.id, !pinned)}
      >
        <span className="switch" aria-hidden="true">
          <span className="switch-knob" />
        </span>
        {t('offlineToggle.label')}
      </button>
      <span id={hintId} className="offline-toggle-status">
        {busy ? (
          <span className="muted">{t('offlineToggle.busy')}</span>
        ) : fromArchive && progress ? (
          <ProgressMeter progress={progress} testId="offline-progress" />
        ) : (
          <span className="muted offline-toggle-hint">{fromArchive ? '' : hint}</span>
        )}
      </span>
    </div>
  );
}
