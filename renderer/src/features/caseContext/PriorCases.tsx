import { useTranslation } from 'react-i18next';
import type { PriorCases as Priors } from '../../../../electron/common/caseContext/model';
import { formatDate } from '../../i18n';
import { useAppStore, useStoreApi } from '../../state/StoreContext';
import type { ErrorInfo } from '../../state/types';
import { ErrorText } from '../shell/ErrorText';
import { openCaseInNewWindow } from './newCaseWindow';

/**
 * The patient's earlier cases: date, accession, specimen, conclusion; Open, Beside the slides
 * (its first slide in a viewport beside this case's), and Open in new window.
 */
export function PriorCases({ priors, error }: { priors: Priors | null; error: ErrorInfo | null }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const showCase = useAppStore((s) => s.showCase);
  const store = useStoreApi();
  /** The prior's first slide in a viewport beside this case's slide (the viewer opens if needed). */
  const showBeside = async (caseId: string, accession: string, date: string | null) => {
    const s = store.getState();
    const first = s.openCase?.slides.find((x) => x.error === null);
    if (s.route.name !== 'slide' && first) await s.openSlide(first.id);
    await store.getState().showPriorBeside({ caseId, accession, date });
  };
  return (
    <section className="context-section" aria-labelledby="priors-title" data-testid="prior-cases">
      <h3 id="priors-title" className="context-title">
        {t('caseContext.priors')}
      </h3>
      {error ? (
        <p className="slide-error">
          <ErrorText error={error} />
        </p>
      ) : priors === null ? (
        <p className="muted">{t('caseContext.priorsLoading')}</p>
      ) : (
        <>
          {priors.priors.length === 0 && <p className="muted">{t('caseContext.noPriors')}</p>}
          <ul className="prior-list">
            {priors.priors.map((p) => (
              <li
                key={`${p.source}/${p.archiveName ?? ''}/${p.accession}`}
                className="prior"
                data-testid="prior-case"
              >
                <div className="prior-line">
                  <span className="prior-date">
                    {p.date ? formatDate(p.date.slice(0, 10), language) : t('caseContext.noDate')}
                  </span>
                  <strong className="prior-accession">{p.accession}</strong>
                  {p.archiveName && <span className="muted">· {p.archiveName}</span>}
                </div>
                <div className="prior-specimen">{p.specimen || t('case.noSpecimen')}</div>
                <div className="prior-conclusion">
                  <span className="muted">{t('caseContext.conclusion')} </span>
                  {p.conclusion ?? t('caseContext.conclusionUnknown')}
                </div>
                {p.caseId ? (
                  <div className="prior-actions">
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => void showCase(p.caseId!)}
                      aria-label={t('caseContext.openPrior', { accession: p.accession })}
                    >
                      {t('caseContext.open')}
                    </button>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => void showBeside(p.caseId!, p.accession, p.date)}
                      title={t('viewports.besideHint')}
                      aria-label={t('caseContext.priorBeside', { accession: p.accession })}
                      data-testid="prior-beside"
                    >
                      {t('viewports.beside')}
                    </button>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => void openCaseInNewWindow(window, p.accession)}
                      aria-label={t('caseContext.openPriorWindow', { accession: p.accession })}
                    >
                      {t('caseContext.openInNewWindow')}
                    </button>
                  </div>
                ) : (
                  <p className="muted">{t('caseContext.notInWorklist')}</p>
                )}
              </li>
            ))}
          </ul>
          {priors.unreachable.length > 0 && (
            <p className="muted" role="note">
              {t('caseContext.archivesUnreachable', { names: priors.unreachable.join(', ') })}
            </p>
          )}
        </>
      )}
    </section>
  );
}
