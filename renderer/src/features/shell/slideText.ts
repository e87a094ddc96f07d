import type { TFunction } from 'i18next';
import type { SlideSummary } from '../../../../electron/common/contract';
import type { AssociatedName } from '../../../../electron/common/pyramid';

/** The stain as written on the slide, else its label, else "stain not given". */
export function stainText(slide: SlideSummary, t: TFunction): string {
  return slide.stain || slide.label || t('case.noStain');
}

/**
 * The associated image to request for a slot of a slide card: the one asked for when the
 * slide has it; for the overview, the macro photograph when there is no thumbnail; null when
 * the slide has neither (nothing is requested: no 404 noise). While the list is unknown
 * (slide never opened), the image asked for is tried and its absence shown if it fails.
 */
export function associatedImageFor(
  slide: SlideSummary,
  slot: 'label' | 'thumbnail',
): AssociatedName | null {
  if (slide.associated === null) return slot;
  if (slide.associated.includes(slot)) return slot;
  if (slot === 'thumbnail' && slide.associated.includes('macro')) return 'macro';
  return null;
}
