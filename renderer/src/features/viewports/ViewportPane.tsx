/**
 * One viewport of the viewer: the slide's identity (number, stain, label), the outline of
 * the active viewport, the drop target for a slide dragged from the strip, and the viewer's
 * place in the sync group. The viewer itself is given as children by the viewer screen.
 */
import { useEffect } from 'react';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlideInfo, SlideSummary } from '../../../../electron/common/contract';
import { formatDate } from '../../i18n';
import { useAppStore, useStoreApi } from '../../state/StoreContext';
import { micronsPerPixel } from '../../viewer/magnification';
import type { ViewerHandle } from '../../viewer/SlideViewer';
import { SlideImage } from '../case/SlideImage';
import { associatedImageFor, stainText } from '../shell/slideText';
import { WindowIcon } from '../reportWindow/WindowIcon';
import { openInNewWindow } from '../windows/newWindow';
import { formatAddress } from '../../../../electron/common/address';
import { carriesSlide, droppedSlide } from './dragSlide';
import { syncId } from './viewportsSlice';
import type { Slot } from './viewportLayout';

export function ViewportPane({
  index,
  slot,
  slide,
  info,
  active,
  several,
  handle,
  children,
}: {
  index: number;
  slot: Slot;
  /** The slot's slide as its case lists it (null: empty viewport). */
  slide: SlideSummary | null;
  /** Its slide information once read (the viewer is open then). */
  info: SlideInfo | null;
  active: boolean;
  /** More than one viewport: each says which slide it shows. */
  several: boolean;
  handle: RefObject<ViewerHandle | null>;
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const store = useStoreApi();
  const language = useAppStore((s) => s.language);
  const group = useAppStore((s) => s.syncGroup);
  const caseId = useAppStore((s) => s.openCase?.summary.id ?? null);
  const accession = useAppStore((s) => s.openCase?.summary.accession ?? null);

  // In the sync group while a slide is open here; its frames lead when the user moved it last.
  useEffect(() => {
    const osd = handle.current?.osd() ?? null;
    if (!osd || !info) return;
    const id = syncId(index);
    const leave = group.join(id, {
      mpp: micronsPerPixel(info),
      read: () => handle.current?.view() ?? null,
      apply: (view) => handle.current?.applyView(view),
    });
    const changed = () => group.changed(id);
    // OpenSeadragon raises 'resize' before it sets the new view itself (it keeps the centre
    // and rescales the zoom afterwards, in the same frame): putting the viewport back in step
    // any earlier would be undone, and a follower would keep a magnification of its own.
    const resized = () => queueMicrotask(() => group.resized(id));
    osd.addHandler('viewport-change', changed);
    osd.addHandler('resize', resized);
    return () => {
      osd.removeHandler('viewport-change', changed);
      osd.removeHandler('resize', resized);
      leave();
    };
  }, [group, handle, index, info]);

  const lead = () => group.input(syncId(index));
  const prior = slot?.prior ?? null;
  /** The case whose address the viewport's slide has: this one's, or the prior's. */
  const sendAccession = prior ? prior.accession : accession;
  const stain = slide ? stainText(slide, t) : '';
  const name = slide
    ? t('viewports.viewport', { n: index + 1, position: slide.position, stain })
    : '';
  return (
    <div
      className={`viewport-pane${active ? ' is-active' : ''}${prior ? ' is-prior' : ''}`}
      data-testid="viewport"
      data-index={index}
      data-active={active ? 'true' : 'false'}
      data-slide-id={slot?.slideId ?? ''}
      aria-current={several && active ? 'true' : undefined}
      onPointerDownCapture={() => {
        lead();
        if (!active && slot && slot.prior === null) store.getState().activateViewport(index);
      }}
      onWheelCapture={lead}
      onDragOver={(e) => {
        if (!carriesSlide(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDrop={(e) => {
        const slideId = droppedSlide(e);
        if (slideId === null || caseId === null) return;
        e.preventDefault();
        store.getState().showInViewport(index, { slideId, caseId, prior: null });
      }}
    >
      {several && slide && slot && (
        <div className="viewport-identity" title={name} data-testid="viewport-identity">
          <kbd className="slide-number">{slide.position}</kbd>
          <span className="viewport-stain">{stain}</span>
          {prior && (
            <span className="viewport-prior" data-testid="viewport-prior">
              {prior.date
                ? t('viewports.priorOf', {
                    accession: prior.accession,
                    date: formatDate(prior.date.slice(0, 10), language),
                  })
                : t('viewports.prior', { accession: prior.accession })}
            </span>
          )}
          <SlideImage
            slideId={slide.id}
            name={associatedImageFor(slide, 'label')}
            className="viewport-label"
            alt=""
          />
          {active && <span className="visually-hidden">{t('viewports.activeViewport')}</span>}
          {sendAccession !== null && (
            <button
              type="button"
              className="tool-button viewport-send"
              title={t('viewports.sendAwayHint')}
              aria-label={t('viewports.sendAway', { n: index + 1 })}
              data-testid="viewport-send"
              onClick={() => {
                // A prior's slide opens as its own case's (same patient: caseSync.ts leaves
                // this window on its case).
                const hash = formatAddress({
                  name: 'slide',
                  accession: sendAccession,
                  position: slide.position,
                });
                void openInNewWindow(window, hash).then((opened) => {
                  if (opened) store.getState().removeViewport(index);
                });
              }}
            >
              <WindowIcon size={16} />
            </button>
          )}
        </div>
      )}
      {slot === null ? (
        <div className="viewport-empty" data-testid="viewport-empty">
          <strong>{t('viewports.empty')}</strong>
          <span className="muted">{t('viewports.emptyHint')}</span>
        </div>
      ) : (
        children
      )}
    </div>
  );
}
