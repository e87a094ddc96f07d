/**
 * What the panel and the live label say about a shape's size. The numbers and their units
 * come from the engine's measure() and format functions (µm below 1 mm, mm above; µm² or
 * mm² with the perimeter); this only picks which to show for each kind and words the
 * "pixel size unknown" case, where values stay in pixels.
 */
import type { Geometry } from '../../../../electron/common/annotations/geometry';
import type { NumberLocale } from '../../../../electron/common/annotations/format';
import { formatArea, formatLength } from '../../../../electron/common/annotations/format';
import type { Spacing } from '../../../../electron/common/annotations/measure';
import { measure } from '../../../../electron/common/annotations/measure';
import type { SlideInfo } from '../../../../electron/common/contract';
import type { Shape } from './shapes';

export interface MeasureText {
  /** The main figure: a length, or an area. Null for points and notes. */
  main: string | null;
  /** The perimeter of an area, or the sides of a box. */
  detail: string | null;
  /** False when the values are in pixels because the slide does not give its pixel size. */
  spacingKnown: boolean;
}

export function spacingOf(info: Pick<SlideInfo, 'mpp'> | null): Spacing {
  return info?.mpp ?? null;
}

/** Words of the UI used around the numbers ("perimeter {{value}}", "{{width}} × {{height}}"). */
export interface MeasureWords {
  perimeter: (value: string) => string;
  box: (width: string, height: string) => string;
}

export function measureText(
  shape: Shape,
  spacing: Spacing,
  locale: NumberLocale,
  words: MeasureWords,
  options: { sides?: boolean } = {},
): MeasureText {
  const m = measure(shape.geometry, spacing);
  const known = m.spacingKnown;
  if (m.length !== null) {
    return { main: formatLength(m.length, known, locale).text, detail: null, spacingKnown: known };
  }
  if (m.area !== null) {
    const area = formatArea(m.area, known, locale).text;
    const g: Geometry = shape.geometry;
    if (options.sides && (g.type === 'rectangle' || g.type === 'ellipse')) {
      const sx = spacing?.x ?? 1;
      const sy = spacing?.y ?? 1;
      const w = formatLength(g.width * sx, known, locale).text;
      const h = formatLength(g.height * sy, known, locale).text;
      return { main: area, detail: words.box(w, h), spacingKnown: known };
    }
    const perimeter = m.perimeter === null ? null : formatLength(m.perimeter, known, locale).text;
    return {
      main: area,
      detail: perimeter === null ? null : words.perimeter(perimeter),
      spacingKnown: known,
    };
  }
  return { main: null, detail: null, spacingKnown: known };
}
