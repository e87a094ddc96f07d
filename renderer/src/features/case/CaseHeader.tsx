import { useTranslation } from 'react-i18next';
import type { CaseStatus } from '../../../../electron/common/contract';
import { CASE_STATUSES } from '../../../../electron/common/contract';
import { formatDateTime } from '../../i18n';
import type { OpenCase } from '../../state/caseSlice';
import { useAppStore } from '../../state/StoreContext';
import { PriorityBadge } from '../shell/badges';
import { OfflineToggle } from './OfflineToggle';
import './caseHeader.css';
import { CaseAssignment } from '../worklist/CaseAssignment';
import { CaseNavigation } from '../worklist/CaseNavigation';
import { usePatientDetails } from '../shell/usePatientText';

/**
 * Who and what is on screen: stays visible on the case and while viewing its slides, so a
 * slide is never read without its patient and accession in sight.
 */
export function CaseHeader({
  open,
  onBack,
  backLabel,
  navigation = false,
}: {
  open: OpenCase;
  onBack: () => void;
  backLabel: string;
  /** Previous and next case of the worklist (case and viewer screens). */
  navigation?: boolean;
}) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const setCaseStatus = useAppStore((s) => s.setCaseStatus);
  const patientDetails = usePatientDetails();
  const c = open.summary;
  return (
    <header
      className={`case-header priority-row-${c.priority}`}
      aria-label={t('case.headerLabel', { accession: c.accession })}
      data-testid="case-header"
    >
      <button
        type="button"
        className="button back-button"
        onClick={onBack}
        data-testid="back-button"
      >
        <span aria-hidden="true">←</span> <span className="back-label">{backLabel}</span>
      </button>
      {navigation && <CaseNavigation caseId={c.id} />}
      <div className="case-header-main">
        <div className="case-header-id">
          <span className="case-accession" data-testid="case-accession">
            {c.accession}
          </span>
          <PriorityBadge priority={c.priority} />
        </div>
        <div className="case-header-patient">
          <span className="patient-name">{c.patient.name || t('patient.unknown')}</span>
          <span className="patient-details">{patientDetails(c.patient)}</span>
        </div>
      </div>
      <dl className="case-header-facts">
        <div>
          <dt>{t('case.specimen')}</dt>
          <dd title={c.specimen}>
            {c.specimen || <span className="muted">{t('case.noSpecimen')}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('case.received')}</dt>
          <dd>{formatDateTime(c.receivedAt, language)}</dd>
        </div>
      </dl>
      <CaseAssignment summary={c} />
      <OfflineToggle summary={c} />
      <label className="case-status">
        <span>{t('case.changeStatus')}</span>
        {/* Signing the report is the only way to "signed out", and it is for good. */}
        <select
          value={c.status}
          onChange={(e) => void setCaseStatus(e.target.value as CaseStatus)}
          data-testid="case-status"
          className={`status-select status-${c.status}`}
          disabled={c.status === 'signed_out'}
          title={c.status === 'signed_out' ? undefined : t('report.statusBySigning')}
        >
          {CASE_STATUSES.filter((s) => s !== 'signed_out' || c.status === 'signed_out').map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </label>
    </header>
  );
}
