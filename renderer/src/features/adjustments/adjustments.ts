/**
 * Brightness, contrast and gamma of one viewport (issue 6), as a CSS filter on the tile
 * canvas only: the annotation overlay, navigator and scale bar keep their true colours.
 *
 * Why a CSS filter and not per-pixel work in the drawer: the browser applies it while
 * compositing (on the GPU where there is one), tiles and cache stay untouched, and a change
 * costs no redraw. Gamma has no CSS function, so it goes through an SVG
 * feComponentTransfer (type "gamma") referenced by url(); it is left out at gamma 1.
 *
 * The model, per channel, in sRGB values 0..1 (the order CSS applies the functions):
 *   g = x^(1/gamma)            gamma > 1 lightens mid-tones, < 1 darkens them
 *   b = g * brightness         brightness 1 = unchanged (CSS brightness())
 *   out = (b - 0.5) * contrast + 0.5, clamped to 0..1   (CSS contrast())
 * Pure; `transfer` states the model for tests and for anyone reading a snapshot.
 */

export interface ImageAdjustments {
  /** Multiplier, 1 = unchanged. */
  brightness: number;
  /** Slope around mid-grey, 1 = unchanged. */
  contrast: number;
  /** Display gamma, 1 = unchanged. */
  gamma: number;
}

export const NEUTRAL: ImageAdjustments = { brightness: 1, contrast: 1, gamma: 1 };

/** Slider ranges: wide enough for a pale IHC or a dark silver stain, never a black screen. */
export const LIMITS: Record<keyof ImageAdjustments, { min: number; max: number; step: number }> = {
  brightness: { min: 0.5, max: 2, step: 0.05 },
  contrast: { min: 0.5, max: 3, step: 0.05 },
  gamma: { min: 0.4, max: 2.5, step: 0.05 },
};

const round = (v: number) => Math.round(v * 1000) / 1000;

/** Brings each value into its range (NaN → neutral), rounded to 3 decimals. */
export function clampAdjustments(a: Partial<ImageAdjustments>): ImageAdjustments {
  const one = (key: keyof ImageAdjustments): number => {
    const v = a[key];
    if (v === undefined || !Number.isFinite(v)) return NEUTRAL[key];
    return round(Math.min(LIMITS[key].max, Math.max(LIMITS[key].min, v)));
  };
  return { brightness: one('brightness'), contrast: one('contrast'), gamma: one('gamma') };
}

export function isNeutral(a: ImageAdjustments): boolean {
  return a.brightness === 1 && a.contrast === 1 && a.gamma === 1;
}

/** The CSS `filter` value; `gammaFilterId` names the SVG filter rendered by GammaFilter. */
export function cssFilter(a: ImageAdjustments, gammaFilterId: string): string {
  if (isNeutral(a)) return 'none';
  const parts: string[] = [];
  if (a.gamma !== 1) parts.push(`url(#${gammaFilterId})`);
  if (a.brightness !== 1) parts.push(`brightness(${a.brightness})`);
  if (a.contrast !== 1) parts.push(`contrast(${a.contrast})`);
  return parts.join(' ');
}

/** The feFuncR/G/B exponent for `gamma` (SVG raises the value to the exponent). */
export function gammaExponent(gamma: number): number {
  return round(1 / gamma);
}

/** What one channel value (0..1) becomes. */
export function transfer(a: ImageAdjustments, x: number): number {
  const g = Math.pow(Math.min(1, Math.max(0, x)), 1 / a.gamma);
  const out = (g * a.brightness - 0.5) * a.contrast + 0.5;
  return Math.min(1, Math.max(0, out));
}

/** "+20 %"-style text for the brightness and contrast sliders, "1.20" for gamma. */
export function percentChange(v: number): number {
  return Math.round((v - 1) * 100);
}
