import { useEffect, useMemo, useRef } from 'react';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { base64ToBytes } from '../../../../electron/common/tracking/base64';
import { wholePercent } from '../../../../electron/common/tracking/grid';
import type { ViewerHandle } from '../../viewer/SlideViewer';
import { CoverageLayer } from './coverageLayer';
import type { CoverageCells } from './coverageImage';
import type { SlideTracking } from './useSlideTracking';
import type { SlideCoverage } from '../../../../electron/common/tracking/model';
import './tracking.css';

/** The coverage drawn on a viewer's navigator, and over its slide when asked. */
function useCoverageLayer(
  viewer: RefObject<ViewerHandle | null>,
  coverage: SlideCoverage | null,
  slideOverlay: boolean,
): void {
  const layer = useRef<CoverageLayer | null>(null);
  const cells = useMemo((): CoverageCells | null => {
    if (!coverage) return null;
    return {
      cols: coverage.cols,
      rows: coverage.rows,
      grid: base64ToBytes(coverage.grid),
      tissue: coverage.tissue === null ? null : base64ToBytes(coverage.tissue),
    };
  }, [coverage]);

  useEffect(() => {
    // The viewer exists once its slide is open; the coverage arrives after that.
    const osd = viewer.current?.osd() ?? null;
    if (layer.current && layer.current.osd !== osd) {
      layer.current.destroy();
      layer.current = null;
    }
    if (!layer.current && osd) layer.current = new CoverageLayer(osd);
    layer.current?.setCoverage(cells);
    layer.current?.setSlideVisible(slideOverlay);
  }, [cells, slideOverlay, viewer]);
  useEffect(
    () => () => {
      layer.current?.destroy();
      layer.current = null;
    },
    [],
  );
}

/**
 * In a viewport other than the active one: its slide's fractions seen, its coverage on its
 * navigator, and over the slide when the coverage is shown (the active viewport's button
 * and Shift+C).
 */
export function PaneCoverage({
  coverage,
  slideOverlay,
  viewer,
}: {
  coverage: SlideCoverage | null;
  slideOverlay: boolean;
  viewer: RefObject<ViewerHandle | null>;
}) {
  const { t } = useTranslation();
  useCoverageLayer(viewer, coverage, slideOverlay);
  if (!coverage) return null;
  const seen10 = wholePercent(coverage.seen10);
  const seen20 = wholePercent(coverage.seen20);
  return (
    <div
      className="coverage-badge"
      data-testid="pane-coverage"
      data-seen10={seen10}
      data-seen20={seen20}
    >
      <span role="status" title={t('tracking.seenHint')}>
        {t('tracking.seen', { seen10, seen20 })}
      </span>
    </div>
  );
}

/**
 * Inside the active viewer: the fractions of tissue seen ("Seen: 64% at ≥10×, 30% at
 * ≥20×"), the button that shows the coverage over the slides, and the layer drawn on the
 * navigator.
 */
export function CoverageView({
  tracking,
  viewer,
}: {
  tracking: SlideTracking;
  viewer: RefObject<ViewerHandle | null>;
}) {
  const { t } = useTranslation();
  const { coverage, slideOverlay } = tracking;
  useCoverageLayer(viewer, coverage, slideOverlay);

  const seen10 = coverage ? wholePercent(coverage.seen10) : null;
  const seen20 = coverage ? wholePercent(coverage.seen20) : null;
  return (
    <div
      className="coverage-badge"
      data-testid="coverage"
      data-seen10={seen10 ?? ''}
      data-seen20={seen20 ?? ''}
      data-pending={tracking.pending ? 'true' : 'false'}
    >
      <span role="status" title={t('tracking.seenHint')}>
        {coverage ? t('tracking.seen', { seen10, seen20 }) : t('tracking.seenUnknown')}
      </span>
      <button
        type="button"
        className="button coverage-toggle"
        aria-pressed={slideOverlay}
        title={t('tracking.toggleHint')}
        onClick={tracking.toggleSlideOverlay}
        data-testid="coverage-toggle"
      >
        {t('tracking.toggle')}
      </button>
    </div>
  );
}
