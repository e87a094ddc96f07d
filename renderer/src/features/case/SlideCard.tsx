import { useTranslation } from 'react-i18next';
import type { SlideSummary } from '../../../../electron/common/contract';
import { knownErrorCode } from '../../i18n/errorText';
import { ErrorText } from '../shell/ErrorText';
import { associatedImageFor, stainText } from '../shell/slideText';
import { SlideImage } from './SlideImage';
import { SlideSeen } from '../tracking/SlideSeen';

/** One slide of the gallery: label, overview and stain; an unreadable slide says why. */
export function SlideCard({
  slide,
  onOpen,
}: {
  slide: SlideSummary;
  onOpen: (slideId: string) => void;
}) {
  const { t } = useTranslation();
  const stain = stainText(slide, t);
  const body = (
    <>
      <div className="slide-card-images">
        <SlideImage
          slideId={slide.id}
          name={associatedImageFor(slide, 'label')}
          className="slide-label-image"
          alt={t('case.label', { position: slide.position })}
        />
        <SlideImage
          slideId={slide.id}
          name={associatedImageFor(slide, 'thumbnail')}
          className="slide-thumbnail"
          alt={t('case.thumbnail', { position: slide.position })}
        />
      </div>
      <div className="slide-card-info">
        <kbd className="slide-number" aria-hidden="true">
          {slide.position}
        </kbd>
        <span className="slide-stain">{stain}</span>
        <span className={`stain-kind stain-${slide.stainKind}`}>
          {t(`stainKind.${slide.stainKind}`)}
        </span>
        <span className="slide-label-text" title={slide.label}>
          {slide.label}
        </span>
        <SlideSeen slideId={slide.id} />
      </div>
    </>
  );
  if (slide.error) {
    return (
      <li
        className="slide-card slide-card-error"
        data-testid="slide-card"
        data-slide-id={slide.id}
        data-error="true"
      >
        <div aria-label={t('case.slideUnavailable', { position: slide.position })} role="group">
          {body}
          <p className="slide-error" role="note">
            <ErrorText
              error={{ code: knownErrorCode(slide.error.code), message: slide.error.message }}
            />
          </p>
        </div>
      </li>
    );
  }
  return (
    <li className="slide-card" data-testid="slide-card" data-slide-id={slide.id}>
      <button
        type="button"
        className="slide-card-button"
        aria-label={t('case.openSlide', { position: slide.position, stain })}
        onClick={() => onOpen(slide.id)}
      >
        {body}
      </button>
    </li>
  );
}
