/**
 * The viewer inside a viewport, active or not: one component for both, so that a viewport
 * becoming active keeps its OpenSeadragon viewer (same element type and key), its tiles and
 * the gesture under way. The active one gets the callbacks, the tools drawn over the slide
 * and the children (toolbar, scale bar, coverage); the others show the slide with their own
 * rotation and image adjustments. Every one records what it shows (slide tracking) and has
 * its scale bar, at its own slide's pixel size.
 */
import { useState, useSyncExternalStore } from 'react';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlideInfo } from '../../../../electron/common/contract';
import type { ErrorInfo } from '../../state/types';
import type { OverlayClient } from '../../viewer/annotationOverlay';
import type { LeftSlide, PlaceholderLook, VisibleArea } from '../../viewer/controller';
import type { ViewerHandle } from '../../viewer/SlideViewer';
import { SlideViewer } from '../../viewer/SlideViewer';
import { ErrorPanel } from '../shell/ErrorPanel';
import { ScaleBarOverlay } from '../viewer/ViewerOverlays';
import type { OpeningView } from './positionMemory';
import { ValueCell } from './valueCell';

const nothing = () => undefined;

/** What only the active viewport reports (to the viewer slice). */
export interface ActiveCallbacks {
  onOfflineTiles: (count: number) => void;
  onMagnification: (magnification: number | null) => void;
  onFullyLoaded: (loaded: boolean) => void;
  onTileErrors: (count: number) => void;
}

/** The scale bar of one viewport, re-rendered alone when its magnification changes. */
function PaneScaleBar({ cell, compact }: { cell: ValueCell<number | null>; compact: boolean }) {
  const magnification = useSyncExternalStore(cell.subscribe, cell.get);
  return <ScaleBarOverlay magnification={magnification} compact={compact} />;
}

export function PaneViewer({
  slideId,
  info,
  problem,
  label,
  rotation,
  flipped,
  adjustments,
  handle,
  tileBase,
  placeholder,
  reconnects,
  showNavigator,
  opening,
  onLeave,
  active,
  several,
  callbacks,
  onViewport,
  overlay = null,
  children,
}: {
  /** The slide this viewport is to show. */
  slideId: string;
  /** Its information once read (null: loading); may still be the previous slide's meanwhile. */
  info: SlideInfo | null;
  /** The slide could not be read: said in place of the viewer, with a retry when there is one. */
  problem: { error: ErrorInfo; onRetry?: () => void } | null;
  label: string;
  rotation: number;
  flipped: boolean;
  adjustments: Uint8ClampedArray | null;
  handle: RefObject<ViewerHandle | null>;
  tileBase: string;
  placeholder: PlaceholderLook;
  reconnects: number;
  showNavigator: boolean;
  opening: (info: SlideInfo, left: LeftSlide | null) => OpeningView;
  onLeave: (left: LeftSlide) => void;
  active: boolean;
  /** Beside other viewports: the scale bar is shorter and says the magnification. */
  several: boolean;
  callbacks: ActiveCallbacks | null;
  /** What this viewport shows, for slide tracking (every viewport records its own slide). */
  onViewport?: (view: VisibleArea) => void;
  overlay?: OverlayClient | null;
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState<{ slideId: string; error: ErrorInfo } | null>(null);
  const [magnification] = useState(() => new ValueCell<number | null>(null));
  const openFailure = failed !== null && failed.slideId === slideId ? failed.error : null;
  const shown = problem ?? (openFailure ? { error: openFailure } : null);
  return (
    <>
      {shown ? (
        <ErrorPanel title={t('viewer.loadFailed')} error={shown.error} onRetry={shown.onRetry} />
      ) : info === null ? (
        <p className="placeholder" role="status">
          {t('viewer.loading')}
        </p>
      ) : (
        <SlideViewer
          key="viewer"
          info={info}
          tileBase={tileBase}
          rotation={rotation}
          flipped={flipped}
          showNavigator={showNavigator}
          label={label}
          handle={handle}
          opening={opening}
          onLeave={onLeave}
          active={active}
          placeholder={placeholder}
          reconnects={reconnects}
          onOfflineTiles={callbacks?.onOfflineTiles ?? nothing}
          onMagnification={(m) => {
            magnification.set(m);
            callbacks?.onMagnification(m);
          }}
          onFullyLoaded={callbacks?.onFullyLoaded ?? nothing}
          onTileErrors={callbacks?.onTileErrors ?? nothing}
          onOpenFailed={(e) => setFailed({ slideId: info.slideId, error: e })}
          onViewport={onViewport}
          overlay={overlay}
          adjustments={adjustments}
        >
          <PaneScaleBar cell={magnification} compact={several} />
          {children}
          {info.slideId !== slideId && (
            <p className="viewer-loading" role="status">
              {t('viewer.loading')}
            </p>
          )}
        </SlideViewer>
      )}
    </>
  );
}
