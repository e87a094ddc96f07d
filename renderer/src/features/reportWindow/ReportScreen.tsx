import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore, useWindowKind } from '../../state/StoreContext';
import { CaseHeader } from '../case/CaseHeader';
import { ReportEditor } from '../report/ReportEditor';
import { flushDrafts, hasUnsavedDraft } from '../report/useReportDraft';
import { ErrorPanel } from '../shell/ErrorPanel';
import { ReportElsewhere } from './ReportElsewhere';
import { useEditorLock } from './useEditorLock';
import '../report/report.css';
import './reportWindow.css';

/**
 * Keeps the window open while text typed in it is not stored yet. Electron cancels the
 * close without asking and closes once saved; a browser asks the user, and the save goes
 * on meanwhile.
 */
function useCloseGuard(kind: 'web' | 'electron'): void {
  useEffect(() => {
    let closeWhenSaved = false;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!hasUnsavedDraft()) return;
      e.preventDefault();
      // Chromium before 119 and Electron still look at returnValue.
      e.returnValue = '';
      if (kind !== 'electron' || closeWhenSaved) return;
      closeWhenSaved = true;
      void flushDrafts().finally(() => window.close());
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [kind]);
}

/**
 * The report alone (`#/case/<accession>/report`), for a window of its own on another
 * monitor: the case's header (patient, accession) and the editor, full height. Header and
 * editor both come from the open case, and the editor is shown only for the case of the
 * route, so the report on screen is always the one of the patient in the header. When the
 * case changes in another window, this one follows (features/windows/caseSync.ts).
 */
export function ReportScreen() {
  const { t } = useTranslation();
  const route = useAppStore((s) => s.route);
  const open = useAppStore((s) => s.openCase);
  const status = useAppStore((s) => s.caseStatus);
  const error = useAppStore((s) => s.caseError);
  const showCase = useAppStore((s) => s.showCase);
  const lock = useEditorLock('window');
  useCloseGuard(useWindowKind());

  const caseId = route.name === 'report' ? route.caseId : null;
  useEffect(() => {
    if (open && caseId === open.summary.id) {
      document.title = `${t('report.title')} · ${open.summary.accession}`;
    }
  }, [t, open, caseId]);

  // Hands the editor back (saved first), then closes: the panel beside the slides takes it.
  const reattach = () => {
    void lock
      .yieldEditor()
      .then(flushDrafts)
      .finally(() => window.close());
  };

  if (status === 'error' || !open || open.summary.id !== caseId) {
    return (
      <section className="report-screen">
        {status === 'error' ? (
          <ErrorPanel
            title={t('case.loadFailed')}
            error={error}
            onRetry={caseId ? () => void showCase(caseId) : undefined}
          />
        ) : (
          <p className="placeholder" role="status">
            {t('case.loading')}
          </p>
        )}
      </section>
    );
  }

  return (
    <section
      className="report-screen"
      aria-label={t('case.headerLabel', { accession: open.summary.accession })}
      data-testid="report-screen"
    >
      <CaseHeader open={open} onBack={reattach} backLabel={t('reportWindow.reattach')} />
      <aside
        className="report-panel report-screen-panel"
        aria-label={t('report.title')}
        data-testid="report-panel"
      >
        {lock.state === 'live' ? (
          <ReportEditor
            key={open.summary.id}
            caseId={open.summary.id}
            slide={null}
            collapse={null}
          />
        ) : (
          <ReportElsewhere state={lock.state} onClaim={lock.claim} />
        )}
      </aside>
    </section>
  );
}
