import { useTranslation } from 'react-i18next';
import type { CaseStatus, Priority } from '../../../../electron/common/contract';

const PRIORITY_GLYPH: Record<Priority, string> = { frozen: '❄', urgent: '!', routine: '' };

/** Frozen and urgent stand out by colour, glyph and word (never colour alone). */
export function PriorityBadge({ priority }: { priority: Priority }) {
  const { t } = useTranslation();
  return (
    <span className={`badge priority-badge priority-${priority}`} data-priority={priority}>
      {PRIORITY_GLYPH[priority] && (
        <span className="badge-glyph" aria-hidden="true">
          {PRIORITY_GLYPH[priority]}
        </span>
      )}
      {t(`priority.${priority}`)}
    </span>
  );
}

export function StatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge status-badge status-${status}`} data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}
