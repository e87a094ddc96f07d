import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ReportContent,
  ReportState,
  ReportTemplate,
  ReportVersion,
} from '../../../../electron/common/reports/model';
import { REPORT_SECTIONS } from '../../../../electron/common/reports/model';
import { formatDateTime } from '../../i18n';
import { useAppStore } from '../../state/StoreContext';
import { errorInfo } from '../../state/types';
import type { ErrorInfo } from '../../state/types';
import { ErrorText } from '../shell/ErrorText';
import { useModalDialog } from './useDialog';

/**
 * Earlier drafts: the list of saved versions, the one chosen shown read-only, and Restore,
 * which saves it again as the newest version (nothing is ever overwritten).
 */
export function VersionsDialog({
  caseId,
  current,
  template,
  onClose,
  onRestored,
}: {
  caseId: string;
  current: number;
  template: ReportTemplate | null;
  onClose: () => void;
  onRestored: (state: ReportState) => void;
}) {
  const { t } = useTranslation();
  const api = useAppStore((s) => s.reportApi);
  const language = useAppStore((s) => s.language);
  const ref = useModalDialog(onClose);
  const [versions, setVersions] = useState<ReportVersion[] | null>(null);
  const [chosen, setChosen] = useState<number | null>(null);
  const [preview, setPreview] = useState<ReportContent | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  useEffect(() => {
    api.listReportVersions({ caseId }).then(
      (list) => {
        const sorted = [...list].sort((a, b) => b.version - a.version);
        setVersions(sorted);
        setChosen(sorted.find((v) => v.version !== current)?.version ?? sorted[0]?.version ?? null);
      },
      (e: unknown) => setError(errorInfo(e)),
    );
  }, [api, caseId, current]);

  useEffect(() => {
    if (chosen === null) return;
    setPreview(null);
    let live = true;
    api.getReportVersion({ caseId, version: chosen }).then(
      (v) => live && setPreview(v.content),
      (e: unknown) => live && setError(errorInfo(e)),
    );
    return () => {
      live = false;
    };
  }, [api, caseId, chosen]);

  const restore = async () => {
    if (!preview) return;
    try {
      onRestored(await api.saveReportDraft({ caseId, content: preview }));
    } catch (e) {
      setError(errorInfo(e));
    }
  };

  return (
    <dialog
      ref={ref}
      className="report-dialog"
      aria-labelledby="versions-title"
      data-testid="versions-dialog"
    >
      <div className="report-dialog-header">
        <h2 id="versions-title">{t('report.versions.title')}</h2>
        <button
          type="button"
          className="icon-button"
          onClick={onClose}
          aria-label={t('report.close')}
        >
          ×
        </button>
      </div>
      {error && <ErrorText error={error} block />}
      <div className="versions-layout">
        <ol className="versions-list" aria-label={t('report.versions.list')}>
          {versions?.length === 0 && <li className="muted">{t('report.versions.none')}</li>}
          {versions?.map((v) => (
            <li key={v.version}>
              <button
                type="button"
                className={`versions-item${v.version === chosen ? ' is-selected' : ''}`}
                aria-pressed={v.version === chosen}
                onClick={() => setChosen(v.version)}
                data-version={v.version}
              >
                <strong>{t('report.versions.version', { version: v.version })}</strong>
                {v.version === current && (
                  <span className="muted"> · {t('report.versions.current')}</span>
                )}
                <span className="versions-meta">
                  {formatDateTime(v.savedAt, language)}
                  {v.author && ` · ${v.author.title} ${v.author.name}`.trimEnd()}
                </span>
              </button>
            </li>
          ))}
        </ol>
        <div className="versions-preview" data-testid="versions-preview">
          {preview ? (
            <>
              {REPORT_SECTIONS.map((id) => (
                <div key={id} className="versions-section">
                  <h3>{t(`report.sections.${id}`)}</h3>
                  <p>{preview.sections[id] || <span className="muted">—</span>}</p>
                </div>
              ))}
              {template && preview.templateId === template.id && (
                <p className="muted">
                  {t('report.versions.answers', {
                    count: Object.values(preview.synoptic).filter((v) => v !== null && v !== '')
                      .length,
                  })}
                </p>
              )}
            </>
          ) : (
            chosen !== null && <p className="muted">{t('app.loading')}</p>
          )}
        </div>
      </div>
      <div className="report-dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          {t('report.cancel')}
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={!preview || chosen === current}
          onClick={() => void restore()}
          data-testid="versions-restore"
        >
          {t('report.versions.restore', { version: chosen ?? '' })}
        </button>
      </div>
    </dialog>
  );
}
