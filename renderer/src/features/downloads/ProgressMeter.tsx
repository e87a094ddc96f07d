import { useTranslation } from 'react-i18next';
import type { CaseProgress } from '../../../../electron/common/contract';
import { localeOf } from '../../i18n/language';
import { useAppStore } from '../../state/StoreContext';
import { noticeText } from './noticeText';
import {
  formatBytes,
  isComplete,
  progressFraction,
  progressPercent,
} from '../../state/statusLogic';

export type ShownState = CaseProgress['state'];

/** A case whose every tile is here reads "complete" whatever the queue says. */
export function shownState(p: CaseProgress): ShownState {
  return isComplete(p) ? 'done' : p.state;
}

const STATE_GLYPH: Record<ShownState, string> = {
  queued: '…',
  running: '↓',
  paused: 'II',
  done: '✓',
  error: '!',
};

/** "45 %" / "45%" in the UI language. */
export function usePercentText(): (p: CaseProgress) => string {
  const language = useAppStore((s) => s.language);
  return (p) =>
    new Intl.NumberFormat(localeOf(language), {
      style: 'percent',
      maximumFractionDigits: 0,
    }).format(progressPercent(p) / 100);
}

/** "450 of 1,000 tiles · 12.5 MB", for a tooltip. */
export function useTilesText(): (p: CaseProgress) => string {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  return (p) => {
    const n = new Intl.NumberFormat(localeOf(language));
    return t('progress.tiles', {
      done: n.format(p.tilesDone),
      total: n.format(p.tilesTotal),
      size: formatBytes(p.bytes, localeOf(language)),
    });
  };
}

export function PinIcon({ label }: { label: string }) {
  return (
    <svg className="pin-icon" viewBox="0 0 16 16" role="img" aria-label={label}>
      <title>{label}</title>
      <path
        fill="currentColor"
        d="M9.8 1.2a.8.8 0 0 1 1.1 0l3.9 3.9a.8.8 0 0 1 0 1.1l-.6.6a.8.8 0 0 1-.9.2l-2.2 2.2.3 2.9a.8.8 0 0 1-.2.6l-.6.6a.8.8 0 0 1-1.1 0L7 10.8l-4 4-1.1.1.1-1.1 4-4-2.5-2.5a.8.8 0 0 1 0-1.1l.6-.6a.8.8 0 0 1 .6-.2l2.9.3 2.2-2.2a.8.8 0 0 1 .2-.9z"
      />
    </svg>
  );
}

/**
 * How much of a case is on this computer: a bar, a percent, the state in a word and a
 * glyph, and a pin when it is kept for offline use.
 */
export function ProgressMeter({
  progress,
  showState = true,
  testId,
}: {
  progress: CaseProgress;
  showState?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const percentText = usePercentText();
  const tilesText = useTilesText();
  const state = shownState(progress);
  const stateText = t(`progress.${state}`);
  const percent = percentText(progress);
  const detail = [tilesText(progress), noticeText(t, progress.notice)].filter(Boolean).join(' — ');
  return (
    <span
      className={`progress progress-${state}`}
      data-testid={testId}
      data-done={progress.tilesDone}
      data-total={progress.tilesTotal}
      data-state={state}
      data-pinned={progress.pinned ? 'true' : 'false'}
      title={detail}
    >
      <span
        className="progress-track"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progressPercent(progress)}
        aria-valuetext={t('progress.summary', { state: stateText, percent })}
        aria-label={t('progress.summary', { state: stateText, percent })}
      >
        <span className="progress-fill" style={{ width: `${progressFraction(progress) * 100}%` }} />
      </span>
      <span className="progress-percent">{percent}</span>
      {showState && (
        <span className="progress-state">
          <span className="progress-glyph" aria-hidden="true">
            {STATE_GLYPH[state]}
          </span>
          {stateText}
        </span>
      )}
      {progress.pinned && <PinIcon label={t('progress.pinned')} />}
    </span>
  );
}
