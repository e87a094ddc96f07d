/**
 * "Snapshot" (issue 8): the viewer's current picture copied from OpenSeadragon's canvas,
 * with a scale bar burned in so the image stays measurable once it is printed. The bar's
 * length comes from the slide's pixel size and the current zoom (the magnification the
 * viewer reports), the same rule as the on-screen scale bar.
 */
import type { Language } from '../../../../electron/common/contract';
import { formatLength, scaleBarAt } from '../../viewer/magnification';

/** Longest side of a stored snapshot (pixels): sharp on an A4 page, well under 8 MB. */
export const MAX_SNAPSHOT_SIDE = 1600;
/** JPEG quality: slides are photographs; PNG of tissue is 5-10× larger. */
const JPEG_QUALITY = 0.9;
/** The burned-in bar is at most this share of the image's width. */
const BAR_MAX_SHARE = 0.25;

export interface SnapshotBar {
  /** Length of the bar in output pixels. */
  px: number;
  lengthMicrons: number;
  label: string;
}

/**
 * The bar for an image `outWidth` pixels wide copied from a view `viewCssWidth` CSS pixels
 * wide at `magnification`; null when the slide's pixel size is unknown.
 */
export function snapshotBar(
  magnification: number | null,
  viewCssWidth: number,
  outWidth: number,
  language: Language,
): SnapshotBar | null {
  if (!(viewCssWidth > 0) || !(outWidth > 0)) return null;
  const outPerCss = outWidth / viewCssWidth;
  const bar = scaleBarAt(magnification, (outWidth * BAR_MAX_SHARE) / outPerCss);
  if (!bar) return null;
  return {
    px: bar.px * outPerCss,
    lengthMicrons: bar.lengthMicrons,
    label: formatLength(bar.lengthMicrons, language),
  };
}

/** Output size: the view's pixels, the longer side at most MAX_SNAPSHOT_SIDE. */
export function snapshotSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, MAX_SNAPSHOT_SIDE / Math.max(width, height));
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

export interface SnapshotImage {
  base64: string;
  width: number;
  height: number;
  bar: SnapshotBar | null;
}

/** Copies `source` (OSD's canvas) and draws the bar at the bottom left. */
export function composeSnapshot(
  source: HTMLCanvasElement,
  magnification: number | null,
  language: Language,
): SnapshotImage {
  const size = snapshotSize(source.width, source.height);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const g = canvas.getContext('2d');
  if (!g) throw new Error('no 2D canvas');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, size.width, size.height);
  // Brightness, contrast and gamma are already in the tiles drawn (viewer/tileAdjust.ts).
  g.drawImage(source, 0, 0, size.width, size.height);
  const bar = snapshotBar(magnification, source.clientWidth || source.width, size.width, language);
  if (bar) drawBar(g, bar, size.height);
  const url = canvas.toDataURL('image/jpeg', JPEG_QUALITY);
  return { base64: url.slice(url.indexOf(',') + 1), ...size, bar };
}

function drawBar(g: CanvasRenderingContext2D, bar: SnapshotBar, height: number): void {
  const unit = Math.max(1, Math.round(height / 400));
  const margin = 12 * unit;
  const thickness = 4 * unit;
  const font = 13 * unit;
  g.font = `600 ${font}px sans-serif`;
  const textWidth = g.measureText(bar.label).width;
  const boxW = Math.max(bar.px, textWidth) + 2 * 6 * unit;
  const boxH = font + thickness + 3 * 6 * unit;
  const x = margin;
  const y = height - margin - boxH;
  g.fillStyle = 'rgba(255, 255, 255, 0.85)';
  g.fillRect(x, y, boxW, boxH);
  g.fillStyle = '#000000';
  g.fillRect(x + 6 * unit, y + boxH - 6 * unit - thickness, bar.px, thickness);
  g.textBaseline = 'top';
  g.fillText(bar.label, x + 6 * unit, y + 6 * unit);
}
