import { useTranslation } from 'react-i18next';
import { PRIORITIES } from '../../../../electron/common/contract';
import type { StatusCounts } from '../../../../electron/common/worklist/filter';
import type { ReceivedFilter, WorklistPrefs } from '../../../../electron/common/worklist/model';
import {
  ASSIGNMENT_FILTERS,
  OPEN_STATUSES,
  RECEIVED_FILTERS,
} from '../../../../electron/common/worklist/model';
import { useAppStore } from '../../state/StoreContext';

const toggle = <T,>(list: readonly T[], value: T): T[] =>
  list.includes(value) ? list.filter((v) => v !== value) : [...list, value];

/**
 * The filter bar: status chips with their counts (signed cases only in "signed today"),
 * priorities, received date and assignment. Every choice is remembered for the user.
 */
export function WorklistFilterBar({ counts }: { counts: StatusCounts }) {
  const { t } = useTranslation();
  const prefs = useAppStore((s) => s.worklistPrefs);
  const setPrefs = useAppStore((s) => s.setWorklistPrefs);
  const hasUser = useAppStore((s) => Boolean(s.session?.user));
  const open = prefs.view === 'open';
  const set = (patch: Partial<WorklistPrefs>) => setPrefs(patch);

  return (
    <div
      className="worklist-filters"
      role="toolbar"
      aria-label={t('worklistDay.filtersLabel')}
      data-testid="worklist-filters"
    >
      <div className="filter-group" role="group" aria-label={t('worklistDay.statusLabel')}>
        {OPEN_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            className={`chip chip-status status-${s}`}
            aria-pressed={open && prefs.statuses.includes(s)}
            data-testid={`status-chip-${s}`}
            onClick={() => set({ view: 'open', statuses: toggle(prefs.statuses, s) })}
          >
            {t(`status.${s}`)}
            <span className="chip-count" data-testid={`status-count-${s}`}>
              {counts[s]}
            </span>
          </button>
        ))}
        <button
          type="button"
          className="chip chip-signed"
          aria-pressed={!open}
          data-testid="status-chip-signedToday"
          title={t('worklistDay.signedTodayHint')}
          onClick={() => set({ view: open ? 'signedToday' : 'open' })}
        >
          {t('worklistDay.signedToday')}
          <span className="chip-count" data-testid="status-count-signedToday">
            {counts.signedToday}
          </span>
        </button>
      </div>
      <div className="filter-group" role="group" aria-label={t('worklistDay.priorityLabel')}>
        {PRIORITIES.map((p) => (
          <button
            key={p}
            type="button"
            className={`chip chip-priority priority-${p}`}
            aria-pressed={prefs.priorities.includes(p)}
            data-testid={`priority-chip-${p}`}
            onClick={() => set({ priorities: toggle(prefs.priorities, p) })}
          >
            {t(`priority.${p}`)}
          </button>
        ))}
      </div>
      <label className="filter-select">
        <span>{t('worklistDay.receivedLabel')}</span>
        <select
          className="select"
          value={prefs.received}
          disabled={!open}
          title={open ? undefined : t('worklistDay.receivedSignedHint')}
          onChange={(e) => set({ received: e.target.value as ReceivedFilter })}
          data-testid="received-filter"
        >
          {RECEIVED_FILTERS.map((r) => (
            <option key={r} value={r}>
              {t(`worklistDay.received.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <div
        className="filter-group segmented"
        role="group"
        aria-label={t('worklistDay.assignmentLabel')}
      >
        {ASSIGNMENT_FILTERS.map((a) => (
          <button
            key={a}
            type="button"
            className="chip"
            aria-pressed={prefs.assignment === a}
            data-testid={`assignment-${a}`}
            disabled={a === 'mine' && !hasUser}
            title={a === 'mine' && !hasUser ? t('worklistDay.mineNeedsUser') : undefined}
            onClick={() => set({ assignment: a })}
          >
            {t(`worklistDay.assignment.${a}`)}
          </button>
        ))}
      </div>
    </div>
  );
}
