import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VIEWER_KEYS, matchBinding, targetOwnsKey } from '../../keyboard/keymap';
import type { ViewerAction } from '../../keyboard/keymap';
import { useKeydown } from '../../keyboard/useKeydown';
import { useAppStore, useStoreApi, useTileBase } from '../../state/StoreContext';
import type { ErrorInfo } from '../../state/types';
import { PRESETS, micronsPerPixel } from '../../viewer/magnification';
import { SlideViewer } from '../../viewer/SlideViewer';
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
import { ErrorPanel } from '../shell/ErrorPanel';
import { stainText } from '../shell/slideText';
import { SlideStrip } from './SlideStrip';
import { useKeptView } from './keptView';
import { OfflineTilesNotice, ScaleBarOverlay, TileErrorNotice } from './ViewerOverlays';
import { ViewerToolbar } from './ViewerToolbar';
import { CoverageView } from '../tracking/CoverageView';
import { useSlideTracking } from '../tracking/useSlideTracking';
import { lookupTable } from '../adjustments/adjustments';
import { useViewerGamepad } from '../gamepad/useViewerGamepad';

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
  const viewerRef = useRef<ViewerHandle>(null);
  // Back from Settings, the slide shows where it was (Settings unmounts this screen).
  useKeptView(viewerRef, info?.slideId ?? null, store);
  const [failure, setFailure] = useState<{ slideId: string; error: ErrorInfo } | null>(null);
  const annotations = useAnnotationController(info?.slideId ?? null);
  const fromArchive = open?.summary.source === 'archive';
  const overlay = useAiOverlay(annotations, info?.slideId ?? null, fromArchive);
  const adjustments = useAppStore((s) => s.adjustments);
  const lut = useMemo(() => lookupTable(adjustments), [adjustments]);

  const tracking = useSlideTracking(info?.slideId ?? null);

  const slideId = route.name === 'slide' ? route.slideId : null;
  const slide = open?.slides.find((s) => s.id === slideId) ?? null;
  const mppKnown = info !== null && micronsPerPixel(info) !== null;
  const openFailure = failure !== null && failure.slideId === slideId ? failure.error : null;

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

  if (!open || !slide) return null;
  const stain = stainText(slide, t);
  const label = t('viewer.label', { position: slide.position, stain });
  const show = showAnnotation(viewerRef, info);
  const fileName = `${open.summary.accession}-${slide.position}.geojson`.replace(/[^\w.-]+/g, '_');
  return (
    <section className="viewer-screen" aria-label={t('viewer.region')}>
      <CaseHeader open={open} onBack={closeCase} backLabel={t('app.worklist')} navigation />
      <div className="viewer-layout has-annotations has-report">
        <SlideStrip slides={open.slides} currentId={slide.id} onOpen={(id) => void openSlide(id)} />
        <div className="viewer-main">
          <div className="viewer-titlebar">
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
            <ViewerToolbar viewer={viewerRef} mppKnown={mppKnown} />
          </div>
          {status === 'error' || openFailure !== null ? (
            <ErrorPanel
              title={t('viewer.loadFailed')}
              error={error ?? openFailure}
              onRetry={status === 'error' ? () => void openSlide(slide.id) : undefined}
            />
          ) : info === null || !open.slides.some((s) => s.id === info.slideId) ? (
            <p className="placeholder" role="status">
              {t('viewer.loading')}
            </p>
          ) : (
            <SlideViewer
              info={info}
              tileBase={tileBase}
              rotation={rotation}
              flipped={flipped}
              showNavigator={showNavigator}
              label={label}
              handle={viewerRef}
              placeholder={placeholder}
              reconnects={reconnects}
              onOfflineTiles={(n) => store.getState().setOfflineTiles(n)}
              onMagnification={(m) => store.getState().setMagnification(m)}
              onFullyLoaded={(l) => store.getState().setFullyLoaded(l)}
              onTileErrors={(n) => store.getState().noteTileErrors(n)}
              onOpenFailed={(e) => setFailure({ slideId: info.slideId, error: e })}
              onViewport={tracking.onViewport}
              overlay={overlay}
              adjustments={lut}
            >
              <AnnotationToolbar />
              {annotations && <LiveMeasure controller={annotations} />}
              <ScaleBarOverlay />
              {mppKnown && <CoverageView tracking={tracking} viewer={viewerRef} />}
              <DetectionsPanel fromArchive={fromArchive} />
              <TileErrorNotice />
              <OfflineTilesNotice />
              {info.slideId !== slide.id && (
                <p className="viewer-loading" role="status">
                  {t('viewer.loading')}
                </p>
              )}
            </SlideViewer>
          )}
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
                      '.slide-viewer-osd .openseadragon-canvas canvas:not(.annotation-overlay)',
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
