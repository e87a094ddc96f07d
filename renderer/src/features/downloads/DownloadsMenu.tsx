import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseProgress, Status } from '../../../../electron/common/contract';
import { useAppStore } from '../../state/StoreContext';
import { isComplete, pendingDownloads } from '../../state/statusLogic';
import { ProgressMeter, shownState } from './ProgressMeter';

const NO_CASES: CaseProgress[] = [];
const NO_REASONS: Status['downloads']['reasons'] = [];

/** Running first, then waiting, paused, failed, complete. */
const ORDER = { running: 0, queued: 1, paused: 2, error: 3, done: 4 } as const;

function DownloadRow({ progress }: { progress: CaseProgress }) {
  const { t } = useTranslation();
  const summary = useAppStore((s) => s.cases.find((c) => c.id === progress.caseId));
  const pause = useAppStore((s) => s.pauseDownloads);
  const resume = useAppStore((s) => s.resumeDownloads);
  const cancel = useAppStore((s) => s.cancelDownload);
  const accession = summary?.accession ?? progress.caseId;
  const state = shownState(progress);
  return (
    <li className="download-row" data-testid="download-row" data-case-id={progress.caseId}>
      <div className="download-case">
        <span className="download-accession">{accession}</span>
        <span className="download-patient">
          {summary ? summary.patient.name || t('patient.unknown') : t('downloads.unknownCase')}
        </span>
      </div>
      <ProgressMeter progress={progress} />
      <div className="download-actions">
        {(state === 'running' || state === 'queued') && (
          <button
            type="button"
            className="button button-small"
            aria-label={t('downloads.pause', { accession })}
            title={t('downloads.pause', { accession })}
            onClick={() => void pause(progress.caseId)}
            data-testid="download-pause"
          >
            <span aria-hidden="true">II</span>
          </button>
        )}
        {(state === 'paused' || state === 'error') && (
          <button
            type="button"
            className="button button-small"
            aria-label={t('downloads.resume', { accession })}
            title={t('downloads.resume', { accession })}
            onClick={() => void resume(progress.caseId)}
            data-testid="download-resume"
          >
            <span aria-hidden="true">▶</span>
          </button>
        )}
        {!isComplete(progress) && (
          <button
            type="button"
            className="button button-small"
            aria-label={t('downloads.cancel', { accession })}
            title={t('downloads.cancelHint')}
            onClick={() => void cancel(progress.caseId)}
            data-testid="download-cancel"
          >
            <span aria-hidden="true">×</span>
          </button>
        )}
      </div>
    </li>
  );
}

/**
 * The top bar's downloads button (with the number of cases still to fetch) and the panel it
 * opens: every case of the queue with its progress and controls. Esc or a click outside
 * closes it and gives the focus back to the button.
 */
export function DownloadsMenu() {
  const { t } = useTranslation();
  const cases = useAppStore((s) => s.status?.downloads.cases ?? NO_CASES);
  const paused = useAppStore((s) => s.status?.downloads.paused ?? false);
  const engineReasons = useAppStore((s) => s.status?.downloads.reasons ?? NO_REASONS);
  const offline = useAppStore((s) => s.status?.online === false);
  const pauseAll = useAppStore((s) => s.pauseDownloads);
  const resumeAll = useAppStore((s) => s.resumeDownloads);
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const pending = pendingDownloads(cases);
  const sorted = useMemo(
    () => [...cases].sort((a, b) => ORDER[shownState(a)] - ORDER[shownState(b)]),
    [cases],
  );

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    panelRef.current?.querySelector<HTMLElement>('button')?.focus();
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      // Handled here: the screen behind must not go back as well (useKeydown skips it).
      e.preventDefault();
      close(true);
    };
    const onPointerDown = (e: MouseEvent) => {
      const target = e.target as Node;
      if (!panelRef.current?.contains(target) && !buttonRef.current?.contains(target)) close(false);
    };
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('mousedown', onPointerDown, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('mousedown', onPointerDown, true);
    };
  }, [open]);

  // Why nothing moves, when something holds the queue back; else how much is left. An
  // unreachable archive holds it too, whether or not the engine has noticed yet.
  const reasons =
    offline && pending > 0 && !engineReasons.includes('unavailable')
      ? [...engineReasons, 'unavailable' as const]
      : engineReasons;
  const held = reasons.length > 0 && (pending > 0 || paused);
  const summary = held
    ? reasons.map((r) => t(`downloads.reason.${r}`))
    : [
        pending > 0
          ? t('downloads.active', { count: pending })
          : cases.length > 0
            ? t('downloads.allDone')
            : t('downloads.empty'),
      ];

  return (
    <div className="downloads-menu">
      <button
        ref={buttonRef}
        type="button"
        className="topbar-link downloads-button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={
          pending > 0 ? t('downloads.buttonLabel', { count: pending }) : t('downloads.button')
        }
        data-testid="downloads-button"
        data-count={pending}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true" className="downloads-glyph">
          ↓
        </span>
        {t('downloads.button')}
        {pending > 0 && (
          <span className={`count-badge${paused ? ' count-badge-paused' : ''}`} aria-hidden="true">
            {pending}
          </span>
        )}
      </button>
      {open && (
        <div
          ref={panelRef}
          id={panelId}
          className="downloads-panel"
          role="dialog"
          aria-labelledby={`${panelId}-title`}
          data-testid="downloads-panel"
        >
          <div className="downloads-header">
            <h2 id={`${panelId}-title`}>{t('downloads.title')}</h2>
            {cases.length > 0 &&
              (paused ? (
                <button
                  type="button"
                  className="button"
                  onClick={() => void resumeAll()}
                  data-testid="downloads-resume-all"
                >
                  ▶ {t('downloads.resumeAll')}
                </button>
              ) : (
                <button
                  type="button"
                  className="button"
                  onClick={() => void pauseAll()}
                  data-testid="downloads-pause-all"
                >
                  II {t('downloads.pauseAll')}
                </button>
              ))}
            <button
              type="button"
              className="icon-button"
              aria-label={t('downloads.close')}
              title={t('downloads.close')}
              onClick={() => close(true)}
            >
              ×
            </button>
          </div>
          <div
            className={`downloads-summary${held ? ' downloads-summary-warn' : ''}`}
            role="status"
            data-testid="downloads-summary"
            data-paused={paused ? 'true' : 'false'}
            data-reasons={reasons.join(' ')}
          >
            {summary.map((line) => (
              <p key={line}>{line}</p>
            ))}
          </div>
          {sorted.length > 0 && (
            <ul className="downloads-list" aria-label={t('downloads.listLabel')}>
              {sorted.map((p) => (
                <DownloadRow key={p.caseId} progress={p} />
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
