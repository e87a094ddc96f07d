import { createRef, useEffect, useMemo, useRef } from 'react';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { VIEWER_KEYS, matchBinding, targetOwnsKey } from '../../keyboard/keymap';
import type { ViewerAction } from '../../keyboard/keymap';
import { useKeydown } from '../../keyboard/useKeydown';
import { useAppStore, useStoreApi, useTileBase } from '../../state/StoreContext';
import { PRESETS, micronsPerPixel } from '../../viewer/magnification';
import { AnnotationPanel } from '../annotations/AnnotationPanel';
import { AnnotationMenu, LiveMeasure, TextPrompt } from '../annotations/AnnotationPopups';
import { AnnotationToolbar } from '../annotations/AnnotationToolbar';
import { showAnnotation } from '../annotations/showAnnotation';
import { handleAnnotationKey } from '../annotations/useAnnotationKeys';
import { useAnnotationController } from '../annotations/useAnnotationController';
import { DetectionsPanel } from '../annotations/DetectionsPanel';
import { useAiOverlay } from '../annotations/useAiOverlay';
import type { ViewerHandle } from '../../viewer/SlideViewer';
import { CaseHeader } from '../case/CaseHeader';
import { useDictationActions } from '../dictation/dictationBus';
import { ReportPanel } from '../report/ReportPanel';
import { slideName } from '../report/insertText';
import { stainText } from '../shell/slideText';
import { SlideStrip } from './SlideStrip';
import { useKeptView } from './keptView';
import { OfflineTilesNotice, TileErrorNotice } from './ViewerOverlays';
import { ViewerToolbar } from './ViewerToolbar';
import { CoverageView, PaneCoverage } from '../tracking/CoverageView';
import { useSlideTracking } from '../tracking/useSlideTracking';
import { lookupTable } from '../adjustments/adjustments';
import { useViewerGamepad } from '../gamepad/useViewerGamepad';
import type { SlideInfo, SlideSummary } from '../../../../electron/common/contract';
import type { LeftSlide } from '../../viewer/controller';
import { openingView, recallView, rememberView, syncedOpening } from '../viewports/positionMemory';
import type { OpeningView } from '../viewports/positionMemory';
import { ViewportPane } from '../viewports/ViewportPane';
import { ViewportControls } from '../viewports/ViewportControls';
import { syncId } from '../viewports/viewportsSlice';
import { useAlignKey } from '../viewports/useAlignKey';
import { PaneViewer } from '../viewports/PaneViewer';
import type { ActiveCallbacks } from '../viewports/PaneViewer';
import { PriorProblemNotice } from '../viewports/PriorProblemNotice';
import { usePanelFold } from '../viewports/usePanelFold';
import '../viewports/viewports.css';

export function ViewerScreen() {
  const { t } = useTranslation();
  const store = useStoreApi();
  const tileBase = useTileBase();
  const route = useAppStore((s) => s.route);
  const open = useAppStore((s) => s.openCase);
  const info = useAppStore((s) => s.slideInfo);
  const status = useAppStore((s) => s.slideStatus);
  const error = useAppStore((s) => s.slideError);
  const rotation = useAppStore((s) => s.rotation);
  const flipped = useAppStore((s) => s.flipped);
  const showNavigator = useAppStore((s) => s.showNavigator);
  const reconnects = useAppStore((s) => s.reconnects);
  const theme = useAppStore((s) => s.theme);
  const placeholderText = t('viewer.offlinePlaceholder');
  const placeholder = useMemo(() => ({ text: placeholderText, theme }), [placeholderText, theme]);
  const closeSlide = useAppStore((s) => s.closeSlide);
  const closeCase = useAppStore((s) => s.closeCase);
  const openSlide = useAppStore((s) => s.openSlide);
  const count = useAppStore((s) => s.viewportCount);
  const slots = useAppStore((s) => s.slots);
  const activeViewport = useAppStore((s) => s.activeViewport);
  const slideInfos = useAppStore((s) => s.slideInfos);
  const slideInfoErrors = useAppStore((s) => s.slideInfoErrors);
  const slotLooks = useAppStore((s) => s.slotLooks);
  const priorProblem = useAppStore((s) => s.priorProblem);
  // One viewer per viewport; `viewerRef` is always the active one's (keys, tools, toolbar).
  const handles = useMemo(() => [0, 1, 2, 3].map(() => createRef<ViewerHandle>()), []);
  const viewerRef = useMemo(
    (): RefObject<ViewerHandle | null> => ({
      get current() {
        return handles[store.getState().activeViewport]?.current ?? null;
      },
    }),
    [handles, store],
  );
  useAlignKey(store);
  // Back from Settings, the slide shows where it was (Settings unmounts this screen).
  useKeptView(viewerRef, info?.slideId ?? null, store);
  const annotations = useAnnotationController(info?.slideId ?? null);
  const fromArchive = open?.summary.source === 'archive';
  const overlay = useAiOverlay(annotations, info?.slideId ?? null, fromArchive);
  const adjustments = useAppStore((s) => s.adjustments);
  const lut = useMemo(() => lookupTable(adjustments), [adjustments]);
  const luts = useMemo(
    () =>
      [0, 1, 2, 3].map((i) => {
        const look = slotLooks[i];
        return look ? lookupTable(look.adjustments) : null;
      }),
    [slotLooks],
  );

  // The slides of the other viewports have their coverage too.
  const otherSlides = slots
    .slice(0, count)
    .filter((slot, i) => slot !== null && i !== Math.min(activeViewport, count - 1))
    .map((slot) => slot!.slideId);
  const tracking = useSlideTracking(info?.slideId ?? null, otherSlides);
  // Several viewports in a narrow window: the side panels fold away (viewports/panelFold.ts).
  const layoutRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);

  const slideId = route.name === 'slide' ? route.slideId : null;
  const slide = open?.slides.find((s) => s.id === slideId) ?? null;
  usePanelFold(store, count, open !== null && slide !== null, layoutRef, gridRef);
  const mppKnown = info !== null && micronsPerPixel(info) !== null;

  const switchSlide = (delta: number) => {
    if (!open || !slide) return;
    const openable = open.slides.filter((s) => !s.error);
    const next = openable[openable.findIndex((s) => s.id === slide.id) + delta];
    if (next) void openSlide(next.id);
  };
  // A dictation device's slide buttons (see features/dictation).
  useDictationActions({ nextSlide: () => switchSlide(1), previousSlide: () => switchSlide(-1) });
  useViewerGamepad(viewerRef, switchSlide, mppKnown);

  const run = (action: ViewerAction) => {
    const viewer = viewerRef.current;
    const s = store.getState();
    // What the keys move is the active viewport: the others follow it when in sync.
    s.syncGroup.input(syncId(s.activeViewport));
    switch (action.type) {
      case 'preset': {
        const m = PRESETS[action.index];
        if (m !== undefined && mppKnown) viewer?.goToMagnification(m);
        break;
      }
      case 'home':
        viewer?.home();
        break;
      case 'zoom':
        viewer?.zoomBy(action.factor);
        break;
      case 'pan':
        viewer?.panBy(action.dx, action.dy);
        break;
      case 'rotate':
        s.rotateBy(s.flipped ? -action.degrees : action.degrees);
        break;
      case 'resetOrientation':
        s.resetOrientation();
        break;
      case 'flip':
        s.toggleFlip();
        break;
      case 'navigator':
        s.toggleNavigator();
        break;
      case 'coverage':
        tracking.toggleSlideOverlay();
        break;
      case 'switchSlide':
        switchSlide(action.delta);
        break;
      case 'sync':
        if (s.viewportCount > 1) s.toggleSync();
        break;
      case 'cycleViewport':
        s.cycleViewport(1);
        break;
      case 'layout':
        s.cycleViewportCount();
        break;
      case 'back':
        closeSlide();
        break;
    }
  };

  useKeydown((e) => {
    if (targetOwnsKey(e.target, e.key)) return;
    if (handleAnnotationKey(e, store, annotations)) {
      e.preventDefault();
      return;
    }
    const action = matchBinding(VIEWER_KEYS, e);
    if (action === null) return;
    e.preventDefault();
    run(action);
  });

  // Slides of other viewports not read yet are read now.
  useEffect(() => {
    for (const [i, slot] of slots.entries()) {
      if (i !== activeViewport && slot && i < count)
        void store.getState().loadSlotInfo(slot.slideId);
    }
  }, [slots, activeViewport, count, store]);

  if (!open || !slide) return null;
  /** The slide of a viewport as its case lists it: this case's, or the prior's. */
  const summaryOf = (slideId: string): SlideSummary | null =>
    open.slides.find((s) => s.id === slideId) ??
    slots.find((x) => x?.slideId === slideId)?.prior?.slide ??
    null;
  const infoOf = (slideId: string): SlideInfo | null =>
    slideInfos[slideId] ?? (info?.slideId === slideId ? info : null);
  /** Position memory and serial sections (features/viewports/positionMemory.ts). */
  const opening = (target: SlideInfo, left: LeftSlide | null): OpeningView => {
    const ref = (slideId: string, i: SlideInfo | null) => ({
      slideId,
      block: summaryOf(slideId)?.block ?? null,
      mpp: i ? micronsPerPixel(i) : null,
    });
    // In sync, a slide opening beside the active one opens where the active one is.
    const st = store.getState();
    const lead =
      st.syncOn && target.slideId !== st.slideInfo?.slideId ? viewerRef.current?.view() : null;
    if (lead && st.slideInfo) {
      return syncedOpening(lead, micronsPerPixel(st.slideInfo), micronsPerPixel(target));
    }
    return openingView(
      ref(target.slideId, target),
      left ? { slide: ref(left.slideId, infoOf(left.slideId)), view: left.view } : null,
      recallView(target.slideId),
    );
  };
  const remember = (left: LeftSlide) => rememberView(left.slideId, left.view);
  const several = count > 1;
  const stain = stainText(slide, t);
  const label = t('viewer.label', { position: slide.position, stain });
  const show = showAnnotation(viewerRef, info);
  const fileName = `${open.summary.accession}-${slide.position}.geojson`.replace(/[^\w.-]+/g, '_');
  const activeCallbacks: ActiveCallbacks = {
    onOfflineTiles: (n) => store.getState().setOfflineTiles(n),
    onMagnification: (m) => store.getState().setMagnification(m),
    onFullyLoaded: (l) => store.getState().setFullyLoaded(l),
    onTileErrors: (n) => store.getState().noteTileErrors(n),
  };
  const activeIndex = Math.min(activeViewport, count - 1);
  /** What every viewport's viewer shares. */
  const shared = {
    tileBase,
    placeholder,
    reconnects,
    showNavigator,
    opening,
    onLeave: remember,
    several,
  };
  /** The active viewport's viewer: the slide of the address, with the tools over it. */
  const activeViewer = (
    <PaneViewer
      slideId={slide.id}
      info={info !== null && open.slides.some((s) => s.id === info.slideId) ? info : null}
      problem={
        status === 'error' && error ? { error, onRetry: () => void openSlide(slide.id) } : null
      }
      label={label}
      rotation={rotation}
      flipped={flipped}
      adjustments={lut}
      handle={handles[activeIndex]!}
      {...shared}
      active
      callbacks={activeCallbacks}
      onViewport={(area) => tracking.onViewport(area, activeIndex)}
      overlay={overlay}
    >
      <AnnotationToolbar />
      {annotations && <LiveMeasure controller={annotations} />}
      {mppKnown && <CoverageView tracking={tracking} viewer={viewerRef} />}
      <DetectionsPanel fromArchive={fromArchive} />
      <TileErrorNotice />
      <OfflineTilesNotice />
    </PaneViewer>
  );
  return (
    <section className="viewer-screen" aria-label={t('viewer.region')}>
      <CaseHeader open={open} onBack={closeCase} backLabel={t('app.worklist')} navigation />
      <div className="viewer-layout has-annotations has-report" ref={layoutRef}>
        <SlideStrip slides={open.slides} currentId={slide.id} onOpen={(id) => void openSlide(id)} />
        <div className="viewer-main">
          <div
            className="viewer-titlebar"
            // The toolbar moves the active viewport: the others follow it when in sync.
            onPointerDownCapture={() => store.getState().syncGroup.input(syncId(activeIndex))}
          >
            <button
              type="button"
              className="button"
              onClick={closeSlide}
              data-testid="back-to-case"
            >
              <span aria-hidden="true">←</span> {t('viewer.backToCase')}
            </button>
            <h2 className="viewer-title">
              <kbd className="slide-number">{slide.position}</kbd> {stain}
              <span className="muted"> · {t(`stainKind.${slide.stainKind}`)}</span>
            </h2>
            <ViewportControls />
            <ViewerToolbar viewer={viewerRef} mppKnown={mppKnown} />
          </div>
          <div
            className="viewport-grid"
            data-count={count}
            data-testid="viewport-grid"
            ref={gridRef}
          >
            {Array.from({ length: count }, (_, i) => {
              const slot =
                slots[i] ??
                (i === 0 ? { slideId: slide.id, caseId: open.summary.id, prior: null } : null);
              const isActive = i === activeIndex;
              const paneSlide = isActive ? slide : slot ? summaryOf(slot.slideId) : null;
              const paneInfo = isActive ? info : slot ? (slideInfos[slot.slideId] ?? null) : null;
              return (
                <ViewportPane
                  key={i}
                  index={i}
                  slot={
                    isActive ? { slideId: slide.id, caseId: open.summary.id, prior: null } : slot
                  }
                  slide={paneSlide}
                  info={paneInfo}
                  active={isActive}
                  several={several}
                  handle={handles[i]!}
                >
                  {isActive
                    ? activeViewer
                    : slot && (
                        <PaneViewer
                          slideId={slot.slideId}
                          info={paneInfo}
                          problem={
                            slideInfoErrors[slot.slideId]
                              ? { error: slideInfoErrors[slot.slideId]! }
                              : null
                          }
                          label={
                            paneSlide
                              ? t('viewer.label', {
                                  position: paneSlide.position,
                                  stain: stainText(paneSlide, t),
                                })
                              : ''
                          }
                          rotation={slotLooks[i]?.rotation ?? 0}
                          flipped={slotLooks[i]?.flipped ?? false}
                          adjustments={luts[i] ?? null}
                          handle={handles[i]!}
                          {...shared}
                          active={false}
                          callbacks={null}
                          onViewport={(area) => tracking.onViewport(area, i)}
                        >
                          {paneInfo && micronsPerPixel(paneInfo) !== null && (
                            <PaneCoverage
                              coverage={tracking.coverageOf(slot.slideId)}
                              slideOverlay={tracking.slideOverlay}
                              viewer={handles[i]!}
                            />
                          )}
                        </PaneViewer>
                      )}
                </ViewportPane>
              );
            })}
          </div>
          {priorProblem && <PriorProblemNotice problem={priorProblem} />}
        </div>
        <AnnotationPanel onShow={show} fileName={fileName} />
        <ReportPanel
          caseId={open.summary.id}
          slide={
            info && info.slideId === slide.id
              ? {
                  slideId: slide.id,
                  name: slideName(slide.label, slide.position),
                  info,
                  canvas: () =>
                    document.querySelector<HTMLCanvasElement>(
                      '.viewport-pane.is-active .slide-viewer-osd .openseadragon-canvas canvas:not(.annotation-overlay)',
                    ),
                }
              : null
          }
        />
      </div>
      {annotations && <TextPrompt controller={annotations} />}
      {annotations && <AnnotationMenu controller={annotations} onShow={show} />}
    </section>
  );
}
