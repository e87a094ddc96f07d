/**
 * Brightness, contrast and gamma of one viewport (issue 6), as a 256-entry lookup table
 * that the viewer applies to each tile once (viewer/tileAdjust.ts): the annotation overlay,
 * navigator and scale bar keep their true colours, and panning costs nothing more.
 *
 * The model, per channel, in sRGB values 0..1 (the order of CSS's filter functions):
 *   g = x^(1/gamma)            gamma > 1 lightens mid-tones, < 1 darkens them
 *   b = g * brightness         brightness 1 = unchanged
 *   out = (b - 0.5) * contrast + 0.5, clamped to 0..1
 * Pure and unit-tested.
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

/** What one channel value (0..1) becomes. */
export function transfer(a: ImageAdjustments, x: number): number {
  const g = Math.pow(Math.min(1, Math.max(0, x)), 1 / a.gamma);
  const out = (g * a.brightness - 0.5) * a.contrast + 0.5;
  return Math.min(1, Math.max(0, out));
}

/** The table for 8-bit channel values; null when neutral (tiles are left as they are). */
export function lookupTable(a: ImageAdjustments): Uint8ClampedArray | null {
  if (isNeutral(a)) return null;
  const lut = new Uint8ClampedArray(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.round(transfer(a, v / 255) * 255);
  return lut;
}

/** "+20 %"-style text for the brightness and contrast sliders, "1.20" for gamma. */
export function percentChange(v: number): number {
  return Math.round((v - 1) * 100);
}
