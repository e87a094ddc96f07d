import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_KEYS, matchBinding, targetOwnsKey } from '../../keyboard/keymap';
import { useKeydown } from '../../keyboard/useKeydown';
import { useAppStore } from '../../state/StoreContext';
import { ReportPanel } from '../report/ReportPanel';
import { ErrorPanel } from '../shell/ErrorPanel';
import { CaseHeader } from './CaseHeader';
import { SlideCard } from './SlideCard';

export function CaseView() {
  const { t } = useTranslation();
  const route = useAppStore((s) => s.route);
  const open = useAppStore((s) => s.openCase);
  const status = useAppStore((s) => s.caseStatus);
  const error = useAppStore((s) => s.caseError);
  const closeCase = useAppStore((s) => s.closeCase);
  const showCase = useAppStore((s) => s.showCase);
  const openSlide = useAppStore((s) => s.openSlide);

  const galleryRef = useRef<HTMLUListElement>(null);
  const ready = open !== null;
  // Tab and Enter start from the first slide that can be opened.
  useEffect(() => {
    if (ready)
      galleryRef.current
        ?.querySelector<HTMLButtonElement>('.slide-card-button')
        ?.focus({ preventScroll: true });
  }, [ready]);

  useKeydown((e) => {
    if (targetOwnsKey(e.target, e.key)) return;
    const action = matchBinding(CASE_KEYS, e);
    if (action === null) return;
    e.preventDefault();
    if (action.type === 'back') closeCase();
    else {
      const slide = open?.slides.find((s) => s.position === action.position);
      if (slide && !slide.error) void openSlide(slide.id);
    }
  });

  if (status === 'error' || !open) {
    return (
      <section className="case-view">
        {status === 'error' ? (
          <ErrorPanel
            title={t('case.loadFailed')}
            error={error}
            onRetry={route.name === 'case' ? () => void showCase(route.caseId) : undefined}
          >
            <button type="button" className="button" onClick={closeCase}>
              {t('case.backToWorklist')}
            </button>
          </ErrorPanel>
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
      className="case-view"
      aria-label={t('case.headerLabel', { accession: open.summary.accession })}
    >
      <CaseHeader open={open} onBack={closeCase} backLabel={t('app.worklist')} navigation />
      <div className="case-with-report">
        <div className="case-body">
          <h2 className="gallery-title">
            {t('case.gallery')}{' '}
            <span className="muted">· {t('case.slideCount', { count: open.slides.length })}</span>
          </h2>
          {open.slides.length === 0 ? (
            <p className="placeholder">{t('case.noSlides')}</p>
          ) : (
            <ul
              ref={galleryRef}
              className="slide-gallery"
              aria-label={t('case.gallery')}
              data-testid="slide-gallery"
            >
              {open.slides.map((slide) => (
                <SlideCard key={slide.id} slide={slide} onOpen={(id) => void openSlide(id)} />
              ))}
            </ul>
          )}
        </div>
        <ReportPanel caseId={open.summary.id} slide={null} />
      </div>
      <footer className="screen-hint" aria-hidden="true">
        {t('case.hint')}
      </footer>
    </section>
  );
}
