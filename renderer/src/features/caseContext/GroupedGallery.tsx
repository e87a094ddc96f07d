import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlideSummary } from '../../../../electron/common/contract';
import type { CaseContext } from '../../../../electron/common/caseContext/model';
import { groupSlides } from '../../../../electron/common/caseContext/grouping';
import type { AssociatedName } from '../../../../electron/common/pyramid';
import { SlideCard } from '../case/SlideCard';

/**
 * The gallery as the laboratory cut the specimen: each part with its description, each
 * block under its part, each slide under its block; slides whose block is unknown last.
 */
export const GroupedGallery = forwardRef<
  HTMLDivElement,
  {
    slides: SlideSummary[];
    context: Pick<CaseContext, 'parts' | 'blocks'>;
    onOpen: (slideId: string) => void;
    onEnlarge: (slide: SlideSummary, name: AssociatedName) => void;
  }
>(function GroupedGallery({ slides, context, onOpen, onEnlarge }, ref) {
  const { t } = useTranslation();
  const groups = groupSlides(slides, context);
  const list = (items: SlideSummary[], label: string) => (
    <ul className="slide-gallery" aria-label={label}>
      {items.map((slide) => (
        <SlideCard key={slide.id} slide={slide} onOpen={onOpen} onEnlarge={onEnlarge} />
      ))}
    </ul>
  );
  return (
    <div
      ref={ref}
      className="grouped-gallery"
      data-testid="slide-gallery"
      aria-label={t('case.gallery')}
      role="region"
    >
      {groups.parts.map(({ part, blocks }) => (
        <section
          key={part.id}
          className="gallery-part"
          data-testid="gallery-part"
          data-part={part.id}
        >
          <h3 className="gallery-part-title">
            {t('caseContext.part', { id: part.id })}
            {part.description && (
              <span className="gallery-part-description"> · {part.description}</span>
            )}
          </h3>
          {blocks.map(({ block, slides: blockSlides }) => (
            <section
              key={block.id}
              className="gallery-block"
              data-testid="gallery-block"
              data-block={block.id}
            >
              <h4 className="gallery-block-title">
                {t('caseContext.block', { id: block.id })}
                {block.description && <span className="muted"> · {block.description}</span>}
                <span className="muted">
                  {' '}
                  · {t('case.slideCount', { count: blockSlides.length })}
                </span>
              </h4>
              {blockSlides.length === 0 ? (
                <p className="muted gallery-block-empty">{t('caseContext.noSlideInBlock')}</p>
              ) : (
                list(blockSlides, t('caseContext.blockSlides', { id: block.id }))
              )}
            </section>
          ))}
        </section>
      ))}
      {groups.unplaced.length > 0 && (
        <section className="gallery-part" data-testid="gallery-unplaced">
          {groups.parts.length > 0 && (
            <h3 className="gallery-part-title">{t('caseContext.unplaced')}</h3>
          )}
          {list(groups.unplaced, t('case.gallery'))}
        </section>
      )}
    </div>
  );
});
