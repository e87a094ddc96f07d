/**
 * Magnification, presets and scale bar from the slide's pixel size. Built on the shared
 * conventions of pyramid.ts (10× = 1 µm per screen pixel); pure and tested.
 */
import type { Language, SlideInfo } from '../../../electron/common/contract';
import type { ScaleBar } from '../../../electron/common/pyramid';
import {
  MAGNIFICATION_PRESETS,
  MICRONS_PER_PIXEL_AT_1X,
  magnificationFor,
  scaleBar,
  zoomForMagnification,
} from '../../../electron/common/pyramid';
import { localeOf } from '../i18n/language';

/** Microns per level-0 pixel used for magnification: the horizontal one (pixels are square in practice). */
export function micronsPerPixel(info: Pick<SlideInfo, 'mpp'>): number | null {
  return info.mpp ? info.mpp.x : null;
}

/**
 * Magnification at `imageZoom` screen pixels per level-0 pixel, rounded to 3 significant
 * digits so that an animation does not re-render the toolbar for invisible changes.
 */
export function currentMagnification(mpp: number | null, imageZoom: number): number | null {
  if (mpp === null || !(imageZoom > 0) || !Number.isFinite(imageZoom)) return null;
  return Number(magnificationFor(mpp, imageZoom).toPrecision(3));
}

/** Screen pixels per level-0 pixel for a preset, or null when the pixel size is unknown. */
export function imageZoomFor(mpp: number | null, magnification: number): number | null {
  return mpp === null ? null : zoomForMagnification(mpp, magnification);
}

/** A preset counts as the current one within 3% (the display rounds to 3 digits). */
export function isPresetActive(preset: number, current: number | null): boolean {
  return current !== null && Math.abs(current / preset - 1) < 0.03;
}

export const PRESETS: readonly number[] = MAGNIFICATION_PRESETS;

/**
 * OSD's maxZoomPixelRatio (screen pixels per image pixel at the deepest zoom): twice what
 * 40× needs, so 40× is always reachable, even on a slide scanned at 20× or 10×, and a
 * little digital zoom beyond it; at least 2 when the pixel size is unknown.
 */
export function maxZoomPixelRatioFor(mpp: number | null): number {
  const top = MAGNIFICATION_PRESETS[MAGNIFICATION_PRESETS.length - 1] ?? 40;
  return Math.max(2, mpp === null ? 0 : 2 * zoomForMagnification(mpp, top));
}

/** The scale bar at magnification `m`, at most `maxPx` CSS pixels long. */
export function scaleBarAt(m: number | null, maxPx: number): ScaleBar | null {
  if (m === null || !(m > 0)) return null;
  return scaleBar(MICRONS_PER_PIXEL_AT_1X / m, maxPx);
}

/** The bar's length written for `language`: "500 µm", "2 mm", "0,5 µm" in French. */
export function formatLength(lengthMicrons: number, language: Language): string {
  const nf = new Intl.NumberFormat(localeOf(language), { maximumFractionDigits: 3 });
  return lengthMicrons >= 1000
    ? `${nf.format(lengthMicrons / 1000)} mm`
    : `${nf.format(lengthMicrons)} µm`;
}

/** "1,25×" in French, "1.25×" in English; whole numbers from 10× up (as formatMagnification). */
export function formatMagnificationFor(m: number, language: Language): string {
  const value = m >= 10 ? Math.round(m) : Math.round(m * 100) / 100;
  return `${new Intl.NumberFormat(localeOf(language), { maximumFractionDigits: 2 }).format(value)}×`;
}
