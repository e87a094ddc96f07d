import { useEffect, useRef, useState } from 'react';
import type { SlideSummary } from '../../../../electron/common/contract';
import { allBlocks } from '../../../../electron/common/caseContext/grouping';
import type { AssociatedName } from '../../../../electron/common/pyramid';
import { CaseContextPanel } from '../caseContext/CaseContextPanel';
import { EnlargeDialog } from '../caseContext/EnlargeDialog';
import { GroupedGallery } from '../caseContext/GroupedGallery';
import { StainRequestDialog } from '../caseContext/StainRequestDialog';
import { useCaseContext } from '../caseContext/useCaseContext';
import { useTranslation } from 'react-i18next';
import { CASE_KEYS, matchBinding, targetOwnsKey } from '../../keyboard/keymap';
import { useKeydown } from '../../keyboard/useKeydown';
import { useAppStore } from '../../state/StoreContext';
import { ReportPanel } from '../report/ReportPanel';
import { ErrorPanel } from '../shell/ErrorPanel';
import { CaseHeader } from './CaseHeader';

export function CaseView() {
  const { t } = useTranslation();
  const route = useAppStore((s) => s.route);
  const open = useAppStore((s) => s.openCase);
  const status = useAppStore((s) => s.caseStatus);
  const error = useAppStore((s) => s.caseError);
  const closeCase = useAppStore((s) => s.closeCase);
  const showCase = useAppStore((s) => s.showCase);
  const openSlide = useAppStore((s) => s.openSlide);

  const galleryRef = useRef<HTMLDivElement>(null);
  const ready = open !== null;
  const caseId = open?.summary.id ?? (route.name === 'case' ? route.caseId : '');
  const { context, contextError, priors, priorsError, reload } = useCaseContext(caseId);
  const refreshOpenCase = useAppStore((s) => s.refreshOpenCase);
  const [enlarged, setEnlarged] = useState<{ slide: SlideSummary; name: AssociatedName } | null>(
    null,
  );
  const [requesting, setRequesting] = useState(false);
  // Tab and Enter start from the first slide that can be opened.
  useEffect(() => {
    if (ready)
      galleryRef.current
        ?.querySelector<HTMLButtonElement>('.slide-card-button')
        ?.focus({ preventScroll: true });
  }, [ready]);

  useKeydown((e) => {
    // A dialog of the case context is open: its keys are its own (Esc closes it only).
    if (enlarged !== null || requesting) return;
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
          <CaseContextPanel
            context={context}
            error={contextError}
            priors={priors}
            priorsError={priorsError}
            blocks={context ? allBlocks(open.slides, context) : []}
            canRequest={open.summary.status !== 'signed_out'}
            onRequest={() => setRequesting(true)}
          />
          <h2 className="gallery-title">
            {t('case.gallery')}{' '}
            <span className="muted">· {t('case.slideCount', { count: open.slides.length })}</span>
          </h2>
          {open.slides.length === 0 ? (
            <p className="placeholder">{t('case.noSlides')}</p>
          ) : (
            <GroupedGallery
              ref={galleryRef}
              slides={open.slides}
              context={context ?? { parts: [], blocks: [] }}
              onOpen={(id) => void openSlide(id)}
              onEnlarge={(slide, name) => setEnlarged({ slide, name })}
            />
          )}
        </div>
        <ReportPanel caseId={open.summary.id} slide={null} />
      </div>
      <footer className="screen-hint" aria-hidden="true">
        {t('case.hint')}
      </footer>
      {enlarged && (
        <EnlargeDialog
          slide={enlarged.slide}
          name={enlarged.name}
          onClose={() => setEnlarged(null)}
        />
      )}
      {requesting && context && (
        <StainRequestDialog
          caseId={open.summary.id}
          blocks={allBlocks(open.slides, context)}
          onClose={() => setRequesting(false)}
          onDone={() => {
            setRequesting(false);
            reload();
            // The case is now Awaiting IHC: its header shows it.
            void refreshOpenCase();
          }}
        />
      )}
    </section>
  );
}
