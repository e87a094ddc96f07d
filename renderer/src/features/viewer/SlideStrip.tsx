import { useTranslation } from 'react-i18next';
import type { SlideSummary } from '../../../../electron/common/contract';
import { SlideImage } from '../case/SlideImage';
import { associatedImageFor, stainText } from '../shell/slideText';
import { slideDragData } from '../viewports/dragSlide';
import { errorSentenceKey } from '../../i18n/errorText';

/**
 * The other slides of the case, beside the viewer: one click (or PageUp/PageDown) away, or
 * dragged onto a viewport when several are side by side.
 */
export function SlideStrip({
  slides,
  currentId,
  onOpen,
}: {
  slides: SlideSummary[];
  currentId: string;
  onOpen: (slideId: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <nav className="slide-strip" aria-label={t('viewer.slides')}>
      <ol>
        {slides.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className="strip-item"
              aria-current={s.id === currentId ? 'true' : undefined}
              disabled={s.error !== null}
              aria-label={
                s.error
                  ? t('case.slideUnavailable', { position: s.position })
                  : t('case.openSlide', { position: s.position, stain: stainText(s, t) })
              }
              title={
                s.error ? t(errorSentenceKey(s.error.code)) : `${s.position} · ${stainText(s, t)}`
              }
              onClick={() => onOpen(s.id)}
              draggable={s.error === null}
              onDragStart={(e) => slideDragData(e, s.id)}
              data-testid="strip-slide"
              data-slide-id={s.id}
            >
              <SlideImage
                slideId={s.id}
                name={associatedImageFor(s, 'thumbnail')}
                className="strip-thumbnail"
                alt=""
              />
              <span className="strip-caption">
                <span className="strip-number">{s.position}</span> {stainText(s, t)}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
