import { useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { Ref } from 'react';
import type OpenSeadragon from 'openseadragon';
import type { SlideBounds } from '../../../electron/common/annotations/geometry';
import type { SlideInfo } from '../../../electron/common/contract';
import type { OverlayClient } from './annotationOverlay';
import type { OpeningView } from '../features/viewports/positionMemory';
import type { SyncView } from '../features/viewports/syncMath';
import type { LeftSlide, PlaceholderLook, ViewerCallbacks } from './controller';
import { ViewerController } from './controller';

/** What the toolbar and the keyboard can ask of the viewer. */
export interface ViewerHandle {
  goToMagnification: (magnification: number) => void;
  home: () => void;
  zoomBy: (factor: number) => void;
  panBy: (dx: number, dy: number) => void;
  /** Shows a region of the slide (level-0 pixels) with room around it. */
  flyTo: (bounds: SlideBounds, padding?: number, minSize?: number) => void;
  /** The OpenSeadragon viewer, for layers drawn over the slide (slide tracking). */
  osd: () => OpenSeadragon.Viewer | null;
  /** The view now (null before a slide is open), and showing a view at once (sync). */
  view: () => SyncView | null;
  applyView: (view: SyncView) => void;
}

interface Props extends ViewerCallbacks {
  info: SlideInfo;
  tileBase: string;
  rotation: number;
  flipped: boolean;
  showNavigator: boolean;
  label: string;
  handle: Ref<ViewerHandle>;
  /** How "not available offline" tiles look (text in the UI language, theme). */
  placeholder: PlaceholderLook;
  /** Changes when an unreachable archive answers again: missing tiles are loaded again. */
  reconnects: number;
  /** Draws over the slide and takes the pointer when a drawing tool wants it. */
  overlay?: OverlayClient | null;
  /** Brightness, contrast and gamma as a lookup table on the tiles; null: none. */
  adjustments?: Uint8ClampedArray | null;
  /** Where a slide opens, given the slide the viewer leaves (default: whole). */
  opening?: (info: SlideInfo, left: LeftSlide | null) => OpeningView;
  /** The active viewport's viewer (several side by side): tests find it as `window.__viewer`. */
  active?: boolean;
  children?: React.ReactNode;
}

/**
 * One OpenSeadragon viewer. The OSD instance lives as long as the component and is reused
 * across slides (switching slides re-opens a tile source, it does not rebuild the DOM).
 * Self-contained so it can later live in a window of its own (multi-monitor).
 */
export function SlideViewer({
  info,
  tileBase,
  rotation,
  flipped,
  showNavigator,
  label,
  handle,
  placeholder,
  reconnects,
  overlay = null,
  adjustments = null,
  opening,
  active = true,
  children,
  ...callbacks
}: Props) {
  const element = useRef<HTMLDivElement>(null);
  const controller = useRef<ViewerController | null>(null);
  const callbacksRef = useRef(callbacks);
  const lookRef = useRef(placeholder);
  const openingRef = useRef(opening);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    callbacksRef.current = callbacks;
    openingRef.current = opening;
  });
  useEffect(() => {
    lookRef.current = placeholder;
    controller.current?.setPlaceholderLook(placeholder);
  }, [placeholder]);

  useEffect(() => {
    if (!element.current) return;
    const forward: ViewerCallbacks = {
      onMagnification: (m) => callbacksRef.current.onMagnification(m),
      onFullyLoaded: (l) => {
        setLoaded(l);
        callbacksRef.current.onFullyLoaded(l);
      },
      onTileErrors: (n) => callbacksRef.current.onTileErrors(n),
      onOpenFailed: (m) => callbacksRef.current.onOpenFailed(m),
      onOfflineTiles: (n) => callbacksRef.current.onOfflineTiles(n),
      onViewport: (v) => callbacksRef.current.onViewport?.(v),
      onLeave: (left) => callbacksRef.current.onLeave?.(left),
    };
    let c: ViewerController;
    try {
      c = new ViewerController(element.current, tileBase, forward, lookRef.current);
    } catch (e) {
      // No canvas (a locked-down or broken graphics stack): say so instead of crashing.
      forward.onOpenFailed({
        code: 'unsupported',
        message: e instanceof Error ? e.message : String(e),
      });
      return;
    }
    controller.current = c;
    return () => {
      controller.current = null;
      c.destroy();
    };
  }, [tileBase]);

  // Rotation and flip at open time come from the props; later changes are applied below.
  const orientation = useRef({ rotation, flipped });
  useEffect(() => {
    orientation.current = { rotation, flipped };
  });
  useEffect(() => {
    controller.current?.open(
      info,
      orientation.current.rotation,
      orientation.current.flipped,
      (left) => openingRef.current?.(info, left) ?? { kind: 'home' },
    );
  }, [info, tileBase]);

  // Only a change counts (not the value at mount): the archive came back while we look.
  const seenReconnects = useRef(reconnects);
  useEffect(() => {
    if (reconnects === seenReconnects.current) return;
    seenReconnects.current = reconnects;
    controller.current?.reloadMissingTiles();
  }, [reconnects]);

  // Set after the viewer exists (tileBase) and whenever the client changes.
  useEffect(() => controller.current?.setOverlayClient(overlay), [overlay, tileBase]);

  useEffect(() => controller.current?.setAdjustments(adjustments), [adjustments, tileBase]);
  useEffect(() => {
    if (active) controller.current?.claimTestHook();
  }, [active, tileBase]);
  useEffect(() => controller.current?.setRotation(rotation), [rotation]);
  useEffect(() => controller.current?.setFlip(flipped), [flipped]);
  useEffect(() => controller.current?.setNavigatorVisible(showNavigator), [showNavigator]);

  useImperativeHandle(
    handle,
    () => ({
      goToMagnification: (m) => controller.current?.goToMagnification(m),
      home: () => controller.current?.home(),
      zoomBy: (f) => controller.current?.zoomBy(f),
      panBy: (dx, dy) => controller.current?.panBy(dx, dy),
      flyTo: (bounds, padding, minSize) => controller.current?.flyTo(bounds, padding, minSize),
      osd: () => controller.current?.osd ?? null,
      view: () => controller.current?.currentView() ?? null,
      applyView: (v) => controller.current?.applyView(v),
    }),
    [],
  );

  return (
    <div
      className="slide-viewer"
      role="region"
      aria-label={label}
      data-testid="slide-viewer"
      data-slide-id={info.slideId}
      data-fully-loaded={loaded ? 'true' : 'false'}
    >
      <div ref={element} className="slide-viewer-osd" />
      {children}
    </div>
  );
}
