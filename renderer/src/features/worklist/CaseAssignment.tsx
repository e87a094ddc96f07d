import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../../../electron/common/contract';
import type { AssignmentSync } from '../../../../electron/common/worklist/model';
import type { ErrorInfo } from '../../state/types';
import { useAppStore } from '../../state/StoreContext';
import { ErrorText } from '../shell/ErrorText';

/** Stands for the archive's reading physician when no profile here has that name. */
const ARCHIVE_NAME = '__archive__';

/**
 * Who reads the case, and the menu to reassign it. The tooltip says where the choice is
 * kept: an archive case's new assignment stays on this workstation, since a DICOMweb
 * archive cannot change a study's attributes.
 */
export function CaseAssignment({ summary }: { summary: CaseSummary }) {
  const { t } = useTranslation();
  const assignmentSync = useAppStore((s) => s.assignmentSync);
  const users = useAppStore((s) => s.users);
  const loadUsers = useAppStore((s) => s.loadUsers);
  const assignCase = useAppStore((s) => s.assignCase);
  const [sync, setSync] = useState<AssignmentSync | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (users === null) void loadUsers();
  }, [users, loadUsers]);
  useEffect(() => {
    let live = true;
    void assignmentSync(summary.id).then((next) => {
      if (live) setSync(next);
    });
    return () => {
      live = false;
    };
  }, [assignmentSync, summary.id, summary.assignedTo]);

  const assigned = summary.assignedTo;
  const value = assigned === null ? '' : (assigned.userId ?? ARCHIVE_NAME);
  const hint = sync === null ? undefined : t(`worklistDay.assignHint.${sync}`);

  const change = async (next: string) => {
    if (next === ARCHIVE_NAME) return;
    setBusy(true);
    setError(null);
    const outcome = await assignCase(summary.id, next === '' ? null : next);
    setBusy(false);
    if (outcome.ok) setSync(outcome.sync);
    else setError(outcome.error);
  };

  return (
    <label className="case-assignment" title={hint}>
      <span>{t('worklistDay.column')}</span>
      <select
        className="select"
        value={value}
        disabled={busy}
        onChange={(e) => void change(e.target.value)}
        data-testid="case-assignee"
        aria-describedby={error ? `assign-error-${summary.id}` : undefined}
      >
        <option value="">{t('worklistDay.assignNobody')}</option>
        {assigned !== null && assigned.userId === null && (
          <option value={ARCHIVE_NAME} disabled>
            {t('worklistDay.notAProfile', { name: assigned.name })}
          </option>
        )}
        {(users ?? []).map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </select>
      {error && (
        <span className="case-assignment-error" id={`assign-error-${summary.id}`} role="alert">
          <ErrorText error={error} />
        </span>
      )}
    </label>
  );
}
