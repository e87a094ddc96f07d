import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportState, ReportTemplate } from '../../../../electron/common/reports/model';
import { REPORT_SECTIONS } from '../../../../electron/common/reports/model';
import { formatDateTime } from '../../i18n';
import { useAppStore } from '../../state/StoreContext';
import { errorInfo } from '../../state/types';
import type { ErrorInfo } from '../../state/types';
import { ErrorText } from '../shell/ErrorText';
import { SectionField } from './SectionField';
import { Snapshots } from './Snapshots';
import { SynopticChecklist } from './SynopticChecklist';

/**
 * A signed report: read-only, with who signed it, when, and the hash of what was signed;
 * addenda below it (each signed with the PIN), and the exports.
 */
export function SignedReport({
  report,
  template,
  onChange,
}: {
  report: ReportState;
  template: ReportTemplate | null;
  onChange: (state: ReportState) => void;
}) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const signature = report.signature;
  return (
    <div className="report-body is-signed" data-testid="report-signed">
      {signature && (
        <div className="report-signature" data-testid="report-signature">
          <strong>
            {t('report.signedBy', {
              name: `${signature.signer.title} ${signature.signer.name}`.trim(),
              time: formatDateTime(signature.signedAt, language),
            })}
          </strong>
          <span className="report-hash" title={signature.sha256}>
            {t('report.hash', { hash: signature.sha256.slice(0, 16) })}
          </span>
        </div>
      )}
      <Exports caseId={report.caseId} />
      {REPORT_SECTIONS.map((id) => (
        <SectionField
          key={id}
          id={`report-${id}`}
          label={t(`report.sections.${id}`)}
          value={report.content.sections[id]}
          readOnly
          autotext={[]}
          onChange={() => {}}
        />
      ))}
      {template && (
        <SynopticChecklist
          template={template}
          values={report.content.synoptic}
          language={language}
          readOnly
          onChange={() => {}}
        />
      )}
      <Snapshots caseId={report.caseId} all={report.snapshots} ids={report.content.snapshotIds} />
      <Addenda report={report} onChange={onChange} />
    </div>
  );
}

function Addenda({
  report,
  onChange,
}: {
  report: ReportState;
  onChange: (s: ReportState) => void;
}) {
  const { t } = useTranslation();
  const api = useAppStore((s) => s.reportApi);
  const language = useAppStore((s) => s.language);
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const add = async () => {
    setError(null);
    try {
      onChange(await api.addAddendum({ caseId: report.caseId, pin, text }));
      setOpen(false);
      setText('');
    } catch (e) {
      setError(errorInfo(e));
    } finally {
      setPin('');
    }
  };
  return (
    <section
      className="report-addenda"
      aria-label={t('report.addenda')}
      data-testid="report-addenda"
    >
      {report.addenda.map((a) => (
        <article key={a.id} className="report-addendum" data-testid="report-addendum">
          <h3 className="report-section-label">
            {t('report.addendumBy', {
              name: `${a.signature.signer.title} ${a.signature.signer.name}`.trim(),
              time: formatDateTime(a.signature.signedAt, language),
            })}
          </h3>
          <p>{a.text}</p>
        </article>
      ))}
      {open ? (
        <form
          className="addendum-form"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <label htmlFor="report-addendum-text" className="report-section-label">
            {t('report.addendum')}
          </label>
          <textarea
            id="report-addendum-text"
            className="report-textarea"
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <label className="sign-pin">
            <span>{t('report.sign.pin')}</span>
            <input
              className="text-input"
              type="password"
              inputMode="numeric"
              autoComplete="off"
              value={pin}
              onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 12))}
              data-testid="addendum-pin"
            />
          </label>
          {error && <ErrorText error={error} block />}
          <div className="report-dialog-actions">
            <button type="button" className="button" onClick={() => setOpen(false)}>
              {t('report.cancel')}
            </button>
            <button
              type="submit"
              className="button button-primary"
              disabled={text.trim() === '' || !/^\d{4,12}$/.test(pin)}
              data-testid="addendum-submit"
            >
              {t('report.signAddendum')}
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          className="button"
          onClick={() => setOpen(true)}
          data-testid="addendum-open"
        >
          {t('report.addAddendum')}
        </button>
      )}
    </section>
  );
}

/** Export PDF / FHIR: the file is handed to the browser's download. */
function Exports({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const api = useAppStore((s) => s.reportApi);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const run = async (format: 'pdf' | 'fhir') => {
    setError(null);
    try {
      const file = await api.exportReport({ caseId, format });
      const bytes =
        format === 'pdf'
          ? Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0))
          : new TextEncoder().encode(file.data);
      const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(errorInfo(e));
    }
  };
  return (
    <div className="report-exports">
      <button
        type="button"
        className="button"
        onClick={() => void run('pdf')}
        data-testid="export-pdf"
      >
        {t('report.exportPdf')}
      </button>
      <button
        type="button"
        className="button"
        onClick={() => void run('fhir')}
        data-testid="export-fhir"
      >
        {t('report.exportFhir')}
      </button>
      {error && (
        <div className="report-banner" role="alert">
          <strong>{t('report.exportFailed')}</strong> <ErrorText error={error} />
        </div>
      )}
    </div>
  );
}
