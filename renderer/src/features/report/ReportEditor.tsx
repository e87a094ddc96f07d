import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlideInfo } from '../../../../electron/common/contract';
import type { ReportSectionId, ReportTemplate } from '../../../../electron/common/reports/model';
import { REPORT_SECTIONS } from '../../../../electron/common/reports/model';
import { formatMoment } from '../../i18n';
import { useAppStore } from '../../state/StoreContext';
import { ErrorText } from '../shell/ErrorText';
import { insertAt } from './insertText';
import { ReportTools } from './ReportTools';
import { SectionField } from './SectionField';
import { DictationBar } from '../dictation/DictationBar';
import { sectionTarget } from '../dictation/sectionTarget';
import { SignedReport } from './SignedReport';
import { SignOutDialog } from './SignOutDialog';
import { Snapshots } from './Snapshots';
import { SynopticChecklist } from './SynopticChecklist';
import { useReportDraft } from './useReportDraft';
import { VersionsDialog } from './VersionsDialog';

/** The slide on screen beside the report, for snapshots and measurements. */
export interface SlideContext {
  slideId: string;
  /** How the report names the slide: its label ("A3"), else its number. */
  name: string;
  info: SlideInfo;
  /** OpenSeadragon's canvas, or null while nothing is drawn. */
  canvas: () => HTMLCanvasElement | null;
}

/**
 * The report of a case: its five sections, the template's checklist, snapshots, and the
 * ways to browse versions and sign. Once signed, SignedReport takes over.
 */
export function ReportEditor({
  caseId,
  slide,
  collapse,
}: {
  caseId: string;
  slide: SlideContext | null;
  collapse: ReactNode;
}) {
  const { t } = useTranslation();
  const api = useAppStore((s) => s.reportApi);
  const language = useAppStore((s) => s.language);
  const autotext = useAppStore((s) => s.autotext);
  const loadAutotext = useAppStore((s) => s.loadAutotext);
  const draft = useReportDraft(api, caseId);
  const [templates, setTemplates] = useState<ReportTemplate[]>([]);
  const [dialog, setDialog] = useState<'versions' | 'sign' | null>(null);
  /** Bumped when the content is replaced, so local field state starts again. */
  const [generation, setGeneration] = useState(0);
  const fields = useRef(new Map<ReportSectionId, HTMLTextAreaElement>());
  const lastField = useRef<ReportSectionId>('microscopy');

  useEffect(() => {
    let live = true;
    api.listReportTemplates({}).then(
      (list) => live && setTemplates(list),
      () => live && setTemplates([]),
    );
    void loadAutotext().catch(() => {});
    return () => {
      live = false;
    };
  }, [api, loadAutotext]);

  const { report, content } = draft;
  const template = templates.find((x) => x.id === content?.templateId) ?? null;
  const signed = report?.status === 'signed';

  /** Puts `text` at the cursor of the section last focused (Microscopy by default). */
  const insertText = (text: string) => {
    const id = lastField.current;
    const field = fields.current.get(id);
    if (!content) return;
    const value = content.sections[id];
    const start = field ? field.selectionStart : value.length;
    const end = field ? field.selectionEnd : value.length;
    const next = insertAt(value, start, end, text);
    draft.setSection(id, next.value);
    requestAnimationFrame(() => {
      field?.focus();
      field?.setSelectionRange(next.cursor, next.cursor);
    });
  };

  const header = (
    <div className="report-header">
      <h2 className="report-title">{t('report.title')}</h2>
      <SaveState status={signed ? 'signed' : draft.saveStatus} savedAt={report?.savedAt ?? null} />
      {collapse}
    </div>
  );

  if (draft.loadError) {
    return (
      <>
        {header}
        <div className="report-body">
          <div className="report-banner" role="alert">
            <ErrorText error={draft.loadError} block />
            <button type="button" className="button" onClick={draft.reload}>
              {t('app.retry')}
            </button>
          </div>
        </div>
      </>
    );
  }
  if (!report || !content) {
    return (
      <>
        {header}
        <p className="placeholder" role="status">
          {t('app.loading')}
        </p>
      </>
    );
  }
  if (signed) {
    return (
      <>
        {header}
        <SignedReport report={report} template={template} onChange={draft.replace} />
      </>
    );
  }

  return (
    <>
      {header}
      {draft.saveStatus === 'error' && draft.saveError && (
        <div className="report-banner" role="alert" data-testid="report-save-error">
          <strong>{t('report.saveFailed')}</strong>
          <ErrorText error={draft.saveError} />
          <button type="button" className="button" onClick={draft.retrySave}>
            {t('app.retry')}
          </button>
        </div>
      )}
      <ReportTools
        content={content}
        templates={templates}
        slide={slide}
        onTemplate={(next, prefill) => {
          draft.update((c) => {
            const sections = { ...c.sections };
            if (next) {
              for (const id of REPORT_SECTIONS) {
                const text = next.sections[id]?.[language];
                if (prefill && text && sections[id].trim() === '') sections[id] = text;
              }
            }
            return { ...c, templateId: next?.id ?? null, sections };
          });
        }}
        onInsert={insertText}
        onSnapshot={(id) => draft.update((c) => ({ ...c, snapshotIds: [...c.snapshotIds, id] }))}
        onVersions={() => {
          void draft.flush().then(() => setDialog('versions'));
        }}
        onSign={() => {
          void draft.flush().then(() => setDialog('sign'));
        }}
      />
      <DictationBar
        language={language}
        target={sectionTarget(fields, lastField, draft.setSection)}
        onSign={() => {
          void draft.flush().then(() => setDialog('sign'));
        }}
      />
      <div className="report-body" data-testid="report-body">
        {REPORT_SECTIONS.map((id) => (
          <SectionField
            key={`${id}-${generation}`}
            id={`report-${id}`}
            label={t(`report.sections.${id}`)}
            value={content.sections[id]}
            readOnly={false}
            autotext={autotext}
            onChange={(text) => draft.setSection(id, text)}
            onFocus={() => (lastField.current = id)}
            fieldRef={(node) => {
              if (node) fields.current.set(id, node);
              else fields.current.delete(id);
            }}
          />
        ))}
        {template && (
          <SynopticChecklist
            key={`${template.id}-${generation}`}
            template={template}
            values={content.synoptic}
            language={language}
            readOnly={false}
            onChange={draft.setSynoptic}
          />
        )}
        <Snapshots
          caseId={caseId}
          all={report.snapshots}
          ids={content.snapshotIds}
          onRemove={(id) =>
            draft.update((c) => ({ ...c, snapshotIds: c.snapshotIds.filter((x) => x !== id) }))
          }
        />
      </div>
      {dialog === 'versions' && (
        <VersionsDialog
          caseId={caseId}
          current={report.version}
          template={template}
          onClose={() => setDialog(null)}
          onRestored={(state) => {
            draft.replace(state);
            setGeneration((g) => g + 1);
            setDialog(null);
          }}
        />
      )}
      {dialog === 'sign' && (
        <SignOutDialog
          caseId={caseId}
          template={template}
          onClose={() => setDialog(null)}
          onGoTo={(subject) => {
            setDialog(null);
            goTo(subject, fields.current);
          }}
          onSigned={(state) => {
            draft.replace(state);
            setDialog(null);
          }}
        />
      )}
    </>
  );
}

/** Brings a section or a checklist item into view and gives it the focus. */
function goTo(subject: string | null, fields: Map<ReportSectionId, HTMLTextAreaElement>): void {
  if (subject === null) return;
  const section = fields.get(subject as ReportSectionId);
  const target =
    section ??
    document.querySelector<HTMLElement>(
      `[data-item="${CSS.escape(subject)}"] input, [data-item="${CSS.escape(subject)}"] select`,
    );
  target?.scrollIntoView({ block: 'center' });
  target?.focus();
}

function SaveState({
  status,
  savedAt,
}: {
  status: 'idle' | 'pending' | 'saving' | 'saved' | 'error' | 'signed';
  savedAt: string | null;
}) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const text =
    status === 'signed'
      ? t('report.state.signed')
      : status === 'error'
        ? t('report.state.error')
        : status === 'pending' || status === 'saving'
          ? t('report.state.saving')
          : savedAt
            ? t('report.state.savedAt', { time: formatMoment(savedAt, language) })
            : t('report.state.empty');
  return (
    <span
      className={`report-save-state is-${status}`}
      role="status"
      data-testid="report-save-state"
      data-state={status}
    >
      {text}
    </span>
  );
}
