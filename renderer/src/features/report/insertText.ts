/**
 * Text the editor inserts from the slide (issue 8): an annotation's measurement, "Tumour
 * size: 12.4 mm (slide A3)", and where text typed or inserted at the cursor goes. Pure.
 * Numbers and units come from the shared measure() and format functions, as the
 * annotation panel shows them.
 */
import type { NumberLocale } from '../../../../electron/common/annotations/format';
import { formatArea, formatLength } from '../../../../electron/common/annotations/format';
import type { Spacing } from '../../../../electron/common/annotations/measure';
import { measure } from '../../../../electron/common/annotations/measure';
import type { Annotation } from '../../../../electron/common/contract';

/** The figure of an annotation: a line's length, an area's area; null for points and notes. */
export function measurementValue(
  annotation: Pick<Annotation, 'geometry'>,
  spacing: Spacing,
  locale: NumberLocale,
): string | null {
  const m = measure(annotation.geometry, spacing);
  if (m.length !== null) return formatLength(m.length, m.spacingKnown, locale).text;
  if (m.area !== null) return formatArea(m.area, m.spacingKnown, locale).text;
  return null;
}

/** `text` put in place of the selection [start, end) of `value`; the cursor after it. */
export function insertAt(
  value: string,
  start: number,
  end: number,
  text: string,
): { value: string; cursor: number } {
  const before = value.slice(0, start);
  const after = value.slice(end);
  // A space between the inserted text and a word it would otherwise stick to.
  const lead = before !== '' && !/\s$/.test(before) ? ' ' : '';
  const trail = after !== '' && !/^[\s.,;:)]/.test(after) ? ' ' : '';
  const inserted = lead + text + trail;
  return { value: before + inserted + after, cursor: before.length + lead.length + text.length };
}

/**
 * How the report names a slide: the block and slide code that starts its label ("A3" of
 * "A3 HE cytobloc"), else its number in the case.
 */
export function slideName(label: string, position: number): string {
  const code = /^([A-Z]{1,3}\d{1,3}[a-z]?)\b/.exec(label.trim());
  return code ? code[1]! : String(position);
}
