/**
 * Heatmaps of the AI overlay: probability grids coloured once when loaded (viridis, opacity
 * rising with the probability) and placed on their extent with the view's matrix. Pure.
 */
import type { OverlayCtx } from './detectionMarkers';
import { visibleRect } from './overlayIndex';
import type { ViewTransform } from './transforms';

/** viridis at 10 even steps (R's viridisLite::viridis(10)). */
const VIRIDIS_STOPS = [
  '#440154',
  '#482878',
  '#3e4a89',
  '#31688e',
  '#26828e',
  '#1f9e89',
  '#35b779',
  '#6dcd59',
  '#b4de2c',
  '#fde725',
];

/** RGBA of grey level 0..255 (probability × 255): viridis, opacity rising to full at 0.5. */
export const HEATMAP_LUT: Uint8ClampedArray = (() => {
  const stops = VIRIDIS_STOPS.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
  const lut = new Uint8ClampedArray(256 * 4);
  for (let v = 0; v < 256; v++) {
    const t = (v / 255) * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(t));
    const u = t - k;
    for (let ch = 0; ch < 3; ch++)
      lut[4 * v + ch] = Math.round(stops[k]![ch]! * (1 - u) + stops[k + 1]![ch]! * u);
    lut[4 * v + 3] = Math.min(255, 2 * v);
  }
  return lut;
})();

/**
 * Colours a decoded heatmap PNG in place: RGBA pixels whose red is the grey level and
 * whose alpha is 0 where there is no value (what getImageData gives for the stored PNG).
 */
export function colourizeHeatmap(rgba: Uint8ClampedArray): Uint8ClampedArray {
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i + 3] === 0) continue;
    const v = rgba[i]!;
    rgba[i] = HEATMAP_LUT[4 * v]!;
    rgba[i + 1] = HEATMAP_LUT[4 * v + 1]!;
    rgba[i + 2] = HEATMAP_LUT[4 * v + 2]!;
    rgba[i + 3] = HEATMAP_LUT[4 * v + 3]!;
  }
  return rgba;
}

export interface HeatmapLayer {
  image: CanvasImageSource;
  extent: { x: number; y: number; width: number; height: number };
}

/** Draws heatmaps in view on their extent, smoothed (a grid is a sampling, not squares). */
export function drawHeatmaps(
  ctx: OverlayCtx,
  heatmaps: readonly HeatmapLayer[],
  view: ViewTransform,
  size: { width: number; height: number; dpr: number },
  opacity: number,
): number {
  if (heatmaps.length === 0 || opacity <= 0) return 0;
  const seen = visibleRect(view, size);
  const [a, b, c, d, e, f] = view.matrix;
  const k = size.dpr;
  let drawn = 0;
  ctx.save();
  ctx.setTransform(a * k, b * k, c * k, d * k, e * k, f * k);
  ctx.globalAlpha = opacity;
  ctx.imageSmoothingEnabled = true;
  for (const h of heatmaps) {
    const { x, y, width, height } = h.extent;
    if (x > seen.maxX || y > seen.maxY || x + width < seen.minX || y + height < seen.minY) continue;
    ctx.drawImage(h.image, x, y, width, height);
    drawn++;
  }
  ctx.restore();
  return drawn;
}
