import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../../../electron/common/contract';
import { formatDateTime } from '../../i18n';
import { useAppStore } from '../../state/StoreContext';
import type { SortKey } from '../../state/worklistLogic';
import { SORT_KEYS } from '../../state/worklistLogic';
import { progressOf } from '../../state/statusLogic';
import { ProgressMeter } from '../downloads/ProgressMeter';
import { PriorityBadge, StatusBadge } from '../shell/badges';
import { usePatientDetails } from '../shell/usePatientText';

export const rowId = (caseId: string) => `case-row-${caseId}`;

interface Props {
  cases: CaseSummary[];
  selectedId: string | null;
  onSelect: (caseId: string) => void;
  onOpen: (caseId: string) => void;
}

function SortHeader({ column }: { column: SortKey }) {
  const { t } = useTranslation();
  const sort = useAppStore((s) => s.sort);
  const sortBy = useAppStore((s) => s.sortBy);
  const active = sort.key === column;
  const label = t(`worklist.columns.${column}`);
  return (
    <th
      scope="col"
      className={`col-${column}`}
      aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button
        type="button"
        className="sort-button"
        title={t('worklist.sortBy', { column: label })}
        data-testid={`sort-${column}`}
        onClick={() => sortBy(column)}
      >
        {label}
        <span className="sort-arrow" aria-hidden="true">
          {active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
}

/**
 * How much of the case is on this computer. Archive cases in the download queue show their
 * progress; archive cases not in it say "not downloaded"; local and demo cases are always
 * here and say so, faintly.
 */
function LocalCopy({ summary }: { summary: CaseSummary }) {
  const { t } = useTranslation();
  const progress = useAppStore((s) => progressOf(s.status, summary.id));
  if (progress) return <ProgressMeter progress={progress} testId="case-progress" />;
  if (summary.source !== 'archive') {
    return (
      <span className="local-marker" data-testid="case-local" title={t('progress.localHint')}>
        {t('progress.local')}
      </span>
    );
  }
  return (
    <span className="local-marker" title={t('progress.archiveOnlyHint')}>
      {t('progress.archiveOnly')}
    </span>
  );
}

export function WorklistTable({ cases, selectedId, onSelect, onOpen }: Props) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const patientDetails = usePatientDetails();
  const tableRef = useRef<HTMLTableElement>(null);

  // Arriving on the worklist (start, back from a case, the nav button), the keyboard drives
  // the list: focus it unless the user is typing somewhere.
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body || active.closest('.topbar, .case-header')) {
      tableRef.current?.focus({ preventScroll: true });
    }
  }, []);

  useEffect(() => {
    if (selectedId === null) return;
    document.getElementById(rowId(selectedId))?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedId]);

  return (
    <table
      ref={tableRef}
      className="worklist-table"
      role="grid"
      aria-label={t('worklist.tableLabel')}
      aria-rowcount={cases.length + 1}
      aria-activedescendant={selectedId !== null ? rowId(selectedId) : undefined}
      tabIndex={0}
      data-testid="worklist-table"
    >
      <thead>
        <tr>
          {SORT_KEYS.filter((key) => key !== 'received').map((key) => (
            <SortHeader key={key} column={key} />
          ))}
          <th scope="col" className="col-assigned">
            <span className="column-title">{t('worklistDay.column')}</span>
          </th>
          <th scope="col" className="col-copy">
            <span className="column-title">{t('progress.column')}</span>
          </th>
          <SortHeader column="received" />
        </tr>
      </thead>
      <tbody>
        {cases.map((c, i) => (
          <tr
            key={c.id}
            id={rowId(c.id)}
            className={`worklist-row priority-row-${c.priority}`}
            aria-selected={c.id === selectedId}
            aria-rowindex={i + 2}
            data-testid="worklist-row"
            data-case-id={c.id}
            data-priority={c.priority}
            onClick={() => onSelect(c.id)}
            onDoubleClick={() => onOpen(c.id)}
          >
            <td className="col-priority">
              <PriorityBadge priority={c.priority} />
            </td>
            <td className="col-accession">
              <button
                type="button"
                className="link-button"
                tabIndex={-1}
                onClick={(e) => {
                  e.stopPropagation();
                  onOpen(c.id);
                }}
              >
                {c.accession}
              </button>
            </td>
            <td className="col-patient">
              <div className="patient-name">{c.patient.name || t('patient.unknown')}</div>
              <div className="patient-details">{patientDetails(c.patient)}</div>
            </td>
            <td className="col-specimen" title={[c.specimen, c.stains.join(', ')].join('\n')}>
              <div className="specimen-text">
                {c.specimen || <span className="muted">{t('case.noSpecimen')}</span>}
              </div>
              {c.stains.length > 0 && (
                <div className="specimen-stains" data-testid="case-stains">
                  {c.stains.join(' · ')}
                </div>
              )}
            </td>
            <td className="col-slides">{c.slideCount}</td>
            <td className="col-status">
              <StatusBadge status={c.status} />
            </td>
            <td className="col-assigned" data-testid="case-assigned">
              {c.assignedTo ? (
                <span title={c.assignedTo.name}>{c.assignedTo.name}</span>
              ) : (
                <span className="muted">{t('worklistDay.nobody')}</span>
              )}
            </td>
            <td className="col-copy">
              <LocalCopy summary={c} />
            </td>
            <td className="col-received">{formatDateTime(c.receivedAt, language)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
