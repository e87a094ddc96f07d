import { useTranslation } from 'react-i18next';
import type { SlideSummary } from '../../../../electron/common/contract';
import { knownErrorCode } from '../../i18n/errorText';
import { ErrorText } from '../shell/ErrorText';
import { associatedImageFor, stainText } from '../shell/slideText';
import { SlideImage } from './SlideImage';
import type { AssociatedName } from '../../../../electron/common/pyramid';
import { SlideSeen } from '../tracking/SlideSeen';

/** One slide of the gallery: label, overview and stain; an unreadable slide says why. */
export function SlideCard({
  slide,
  onOpen,
  onEnlarge,
}: {
  slide: SlideSummary;
  onOpen: (slideId: string) => void;
  /** Shows the label or macro image enlarged (caseContext/EnlargeDialog.tsx). */
  onEnlarge?: (slide: SlideSummary, name: AssociatedName) => void;
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
  // Beside the card's button, not inside it (a button holds no other button).
  const enlarge =
    onEnlarge && !slide.error ? (
      <div
        className="slide-card-enlarge"
        role="group"
        aria-label={t('caseContext.images', { position: slide.position })}
      >
        {(['label', 'macro'] as const)
          .filter((name) => slide.associated === null || slide.associated.includes(name))
          .map((name) => (
            <button
              key={name}
              type="button"
              className="link-button"
              data-testid={`enlarge-${name}`}
              onClick={() => onEnlarge(slide, name)}
            >
              {t(`caseContext.enlarge.${name}`, { position: slide.position })}
            </button>
          ))}
      </div>
    ) : null;
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
    <li className="slide-card-item">
      <div className="slide-card" data-testid="slide-card" data-slide-id={slide.id}>
        <button
          type="button"
          className="slide-card-button"
          aria-label={t('case.openSlide', { position: slide.position, stain })}
          onClick={() => onOpen(slide.id)}
        >
          {body}
        </button>
      </div>
      {enlarge}
    </li>
  );
}
