import type { TFunction } from 'i18next';
import type { SlideSummary } from '../../../../electron/common/contract';

/** The stain as written on the slide, else its label, else "stain not given". */
export function stainText(slide: SlideSummary, t: TFunction): string {
  return slide.stain || slide.label || t('case.noStain');
}
