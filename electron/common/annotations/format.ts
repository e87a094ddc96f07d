/**
 * Measurements as a pathologist reads them: micrometres below 1 mm and millimetres above;
 * µm² below 0.01 mm² (a 100 µm square: nuclei, vessels, small foci) and mm² above (tumour
 * areas, fields); three significant digits, no more than the scan can support. Pixels
 * when the spacing is unknown, flagged so that the viewer says so.
 */
import type { Measurements } from './measure';

export type NumberLocale = 'fr' | 'en';

export type LengthUnit = 'µm' | 'mm' | 'px';
export type AreaUnit = 'µm²' | 'mm²' | 'px²';

export interface Quantity<U extends string> {
  /** The number in `unit`, rounded as shown. */
  value: number;
  unit: U;
  /** Decimal places shown. */
  digits: number;
  /** "1.25 mm", "1,25 mm" in French; a no-break space before the unit. */
  text: string;
  /** False when the value is in pixels because the slide's spacing is unknown. */
  spacingKnown: boolean;
}

/** Decimals giving three significant digits for 1 ≤ |v| < 1000 (and more below 1). */
function digitsFor(v: number): number {
  const a = Math.abs(v);
  if (a === 0 || a >= 100) return 0;
  if (a >= 10) return 1;
  if (a >= 1) return 2;
  return Math.min(6, 2 - Math.floor(Math.log10(a)));
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Three significant digits, also when rounding crosses a power of ten (9.996 → 10.0). */
function significant(v: number): { rounded: number; digits: number } {
  const digits = digitsFor(v);
  const rounded = round(v, digits);
  const after = Math.min(digits, digitsFor(rounded));
  return { rounded: round(v, after), digits: after };
}

function quantity<U extends string>(
  value: number,
  unit: U,
  digits: number,
  locale: NumberLocale,
  spacingKnown: boolean,
): Quantity<U> {
  const rounded = round(value, digits);
  const number = new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(rounded);
  return { value: rounded, unit, digits, text: `${number}\u00a0${unit}`, spacingKnown };
}

/** Below this many µm a length is shown in µm (1 mm). */
const UM_PER_MM = 1000;
/** Below this many µm² an area is shown in µm² (0.01 mm² = a 100 µm square). */
const AREA_UM2_THRESHOLD = 10_000;

/**
 * A length given in µm (or in pixels when `spacingKnown` is false), formatted.
 * Pixels: whole pixels from 100 up, one decimal below.
 */
export function formatLength(
  value: number,
  spacingKnown: boolean,
  locale: NumberLocale = 'en',
): Quantity<LengthUnit> {
  if (!spacingKnown) return quantity(value, 'px', Math.abs(value) >= 100 ? 0 : 1, locale, false);
  const um = significant(value);
  if (Math.abs(um.rounded) < UM_PER_MM) return quantity(value, 'µm', um.digits, locale, true);
  const mm = value / UM_PER_MM;
  return quantity(mm, 'mm', significant(mm).digits, locale, true);
}

/** An area given in µm² (or pixels² when `spacingKnown` is false), formatted. */
export function formatArea(
  value: number,
  spacingKnown: boolean,
  locale: NumberLocale = 'en',
): Quantity<AreaUnit> {
  if (!spacingKnown) return quantity(value, 'px²', Math.abs(value) >= 100 ? 0 : 1, locale, false);
  const um2 = significant(value);
  if (Math.abs(um2.rounded) < AREA_UM2_THRESHOLD)
    return quantity(value, 'µm²', um2.digits, locale, true);
  const mm2 = value / 1e6;
  return quantity(mm2, 'mm²', significant(mm2).digits, locale, true);
}

export interface FormattedMeasurements {
  length: Quantity<LengthUnit> | null;
  area: Quantity<AreaUnit> | null;
  perimeter: Quantity<LengthUnit> | null;
  spacingKnown: boolean;
}

export function formatMeasurements(
  m: Measurements,
  locale: NumberLocale = 'en',
): FormattedMeasurements {
  return {
    length: m.length === null ? null : formatLength(m.length, m.spacingKnown, locale),
    area: m.area === null ? null : formatArea(m.area, m.spacingKnown, locale),
    perimeter: m.perimeter === null ? null : formatLength(m.perimeter, m.spacingKnown, locale),
    spacingKnown: m.spacingKnown,
  };
}

/** A density or a count per 10 HPF: one decimal below 100, whole numbers above. */
export function formatCount(value: number, locale: NumberLocale = 'en'): string {
  const digits = Math.abs(value) >= 100 ? 0 : 1;
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(round(value, digits));
}
