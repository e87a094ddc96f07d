/**
 * Names as the panel shows them: a class in the UI language, and an annotation by its name
 * or, unnamed, by its kind and its number among those of that kind ("Rectangle 2").
 */
import type { TFunction } from 'i18next';
import type { Annotation, AnnotationClass, Language } from '../../../../electron/common/contract';

export function className(
  cls: AnnotationClass | undefined,
  language: Language,
  t: TFunction,
): string {
  return cls ? cls.names[language] : t('annotations.noClass');
}

/**
 * Labels for every annotation of a slide, numbered per kind in the order they were made.
 * AI detections under review are not named (the panel does not list them), and cost
 * nothing here: a slide may hold 100,000 of them, and two translations each took seconds.
 */
export function annotationLabels(list: readonly Annotation[], t: TFunction): Map<string, string> {
  const seen = new Map<string, number>();
  const kinds = new Map<string, string>();
  const labels = new Map<string, string>();
  for (const a of list) {
    if (a.objectType !== 'annotation') continue;
    const n = (seen.get(a.kind) ?? 0) + 1;
    seen.set(a.kind, n);
    if (a.name.trim()) {
      labels.set(a.id, a.name.trim());
      continue;
    }
    if (a.kind === 'text' && a.text.trim()) {
      labels.set(a.id, a.text.trim().slice(0, 60));
      continue;
    }
    let kind = kinds.get(a.kind);
    if (kind === undefined) kinds.set(a.kind, (kind = t(`annotations.kind.${a.kind}`)));
    labels.set(a.id, t('annotations.untitled', { kind, number: n }));
  }
  return labels;
}
