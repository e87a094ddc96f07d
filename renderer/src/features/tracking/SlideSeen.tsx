import { useTranslation } from 'react-i18next';
import { wholePercent } from '../../../../electron/common/tracking/grid';
import { useAppStore } from '../../state/StoreContext';
import { useCaseCoverage } from './useCaseCoverage';
import './tracking.css';

/** On a slide card: "Not opened", or how much of its tissue was seen at ≥ 10× and ≥ 20×. */
export function SlideSeen({ slideId }: { slideId: string }) {
  const { t } = useTranslation();
  const caseId = useAppStore((s) => s.openCase?.summary.id ?? null);
  const coverage = useCaseCoverage(caseId);
  const slide = coverage?.slides.find((s) => s.slideId === slideId);
  if (!slide) return null;
  if (!slide.opened)
    return (
      <span className="slide-seen slide-not-opened" data-testid="slide-seen" data-opened="false">
        {t('tracking.notOpened')}
      </span>
    );
  const seen10 = wholePercent(slide.seen10);
  const seen20 = wholePercent(slide.seen20);
  return (
    <span
      className={`slide-seen${slide.belowThreshold ? ' slide-below' : ''}`}
      data-testid="slide-seen"
      data-opened="true"
      data-seen10={seen10}
      data-below={slide.belowThreshold ? 'true' : 'false'}
      title={
        slide.belowThreshold
          ? t('tracking.belowThreshold', { threshold: coverage?.thresholdPct })
          : undefined
      }
    >
      {t('tracking.cardSeen', { seen10, seen20 })}
    </span>
  );
}
