/**
 * The viewer inside a viewport, active or not: one component for both, so that a viewport
 * becoming active keeps its OpenSeadragon viewer (same element type and key), its tiles and
 * the gesture under way. The active one gets the callbacks, the tools drawn over the slide
 * and the children (toolbar, scale bar, coverage); the others show the slide with their own
 * rotation and image adjustments.
 */
import { useState } from 'react';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlideInfo } from '../../../../electron/common/contract';
import type { ErrorInfo } from '../../state/types';
import type { OverlayClient } from '../../viewer/annotationOverlay';
import type { LeftSlide, PlaceholderLook, VisibleArea } from '../../viewer/controller';
import type { ViewerHandle } from '../../viewer/SlideViewer';
import { SlideViewer } from '../../viewer/SlideViewer';
import { ErrorPanel } from '../shell/ErrorPanel';
import type { OpeningView } from './positionMemory';

const nothing = () => undefined;

/** What only the active viewport reports (to the viewer slice, tracking). */
export interface ActiveCallbacks {
  onOfflineTiles: (count: number) => void;
  onMagnification: (magnification: number | null) => void;
  onFullyLoaded: (loaded: boolean) => void;
  onTileErrors: (count: number) => void;
  onViewport?: (view: VisibleArea) => void;
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
  callbacks,
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
  callbacks: ActiveCallbacks | null;
  overlay?: OverlayClient | null;
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState<{ slideId: string; error: ErrorInfo } | null>(null);
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
          onMagnification={callbacks?.onMagnification ?? nothing}
          onFullyLoaded={callbacks?.onFullyLoaded ?? nothing}
          onTileErrors={callbacks?.onTileErrors ?? nothing}
          onOpenFailed={(e) => setFailed({ slideId: info.slideId, error: e })}
          onViewport={callbacks?.onViewport}
          overlay={overlay}
          adjustments={adjustments}
        >
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
