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

/** Labels for every annotation of a slide, numbered per kind in the order they were made. */
export function annotationLabels(list: readonly Annotation[], t: TFunction): Map<string, string> {
  const seen = new Map<string, number>();
  const labels = new Map<string, string>();
  for (const a of list) {
    const n = (seen.get(a.kind) ?? 0) + 1;
    seen.set(a.kind, n);
    const fallback =
      a.kind === 'text' && a.text.trim()
        ? a.text.trim().slice(0, 60)
        : t('annotations.untitled', { kind: t(`annotations.kind.${a.kind}`), number: n });
    labels.set(a.id, a.name.trim() || fallback);
  }
  return labels;
}
