import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/StoreContext';
import { formatLength, formatMagnificationFor, scaleBarAt } from '../../viewer/magnification';

/** Longest the scale bar may be, in CSS pixels. */
const SCALE_BAR_MAX_PX = 160;
/** In a viewport beside others (270-960 px wide): shorter, beside its magnification. */
const COMPACT_SCALE_BAR_MAX_PX = 90;

/**
 * The scale bar of one viewer, at its own magnification (from its slide's pixel size). In a
 * viewport beside others it is shorter and says the viewport's magnification too (the
 * toolbar's is the active viewport's).
 */
export function ScaleBarOverlay({
  magnification,
  compact = false,
}: {
  magnification: number | null;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const bar = scaleBarAt(magnification, compact ? COMPACT_SCALE_BAR_MAX_PX : SCALE_BAR_MAX_PX);
  if (!bar || magnification === null) return null;
  const length = formatLength(bar.lengthMicrons, language);
  const shown = formatMagnificationFor(magnification, language);
  return (
    <div
      className={`scale-bar${compact ? ' is-compact' : ''}`}
      role="img"
      aria-label={
        compact
          ? t('viewer.scaleBarAt', { length, magnification: shown })
          : t('viewer.scaleBar', { length })
      }
      data-testid="scale-bar"
      data-microns={bar.lengthMicrons}
      data-px={bar.px}
    >
      <div className="scale-bar-line" style={{ width: `${bar.px}px` }} />
      <span className="scale-bar-label">{length}</span>
      {compact && (
        <span className="scale-bar-magnification" data-testid="viewport-magnification">
          {shown}
        </span>
      )}
    </div>
  );
}

/** Unobtrusive: the view keeps working, missing areas show a coarser level. */
export function TileErrorNotice() {
  const { t } = useTranslation();
  const count = useAppStore((s) => s.tileErrors);
  if (count === 0) return null;
  return (
    <div
      className="tile-errors"
      role="status"
      data-testid="tile-errors"
      data-count={count}
      title={t('viewer.tileErrorsHint')}
    >
      <span aria-hidden="true">⚠</span> {t('viewer.tileErrors', { count })}
    </div>
  );
}

/**
 * How many tiles of the view are hatched "not available offline", and why. Stays while the
 * view shows some (even after the archive came back, until they are loaded again).
 */
export function OfflineTilesNotice() {
  const { t } = useTranslation();
  const count = useAppStore((s) => s.offlineTiles);
  if (count === 0) return null;
  return (
    <div
      className="offline-tiles"
      role="status"
      data-testid="offline-tiles"
      data-count={count}
      title={t('viewer.offlineTilesHint')}
    >
      <span className="offline-tiles-swatch" aria-hidden="true" />
      <span>
        <strong>{t('viewer.offlineTiles', { count })}</strong>
        <span className="offline-tiles-hint">{t('viewer.offlineTilesHint')}</span>
      </span>
    </div>
  );
}
