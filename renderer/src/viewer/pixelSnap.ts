/**
 * Where a tile is drawn, moved to whole device pixels. OpenSeadragon places tiles at the
 * fraction of a pixel the view happens to be at, and its canvas drawer makes each one a
 * pixel larger to hide the seams this leaves: at 1 image pixel per screen pixel (40× on a
 * 0.25 µm scan) a 256-pixel tile was drawn 257 pixels wide at, say, x = 118.5, so every
 * pixel on screen was a blend of the scanner's pixels, on the fine nuclear detail a
 * pathologist zooms in for. On whole pixels, tiles meet without seams and need no extra
 * pixel (gatheringDrawer.ts), and at 40× the screen shows the scanner's pixels as they
 * are (e2e nativePixels.spec.ts compares them).
 *
 * Speed is not the reason: panning at 1:1 with and without it, alternating 8 rounds each
 * in one page, gave the same frame times (p50 10.6–13.8 against 9.7–14.0 ms).
 *
 * Each edge is rounded on its own (not the size), so two neighbouring tiles that share an
 * edge still share it: no seam and no overlap. The image moves by less than half a pixel.
 */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * OpenSeadragon computes each tile's position on its own, with floating-point noise: at
 * the 40× preset the view stood at half a pixel, a tile's bottom edge at 691.4999999999999
 * and the next tile's top at 691.5, which round apart: a one-pixel gap across the whole
 * view (seen on a 1920 × 1080 screenshot as a dark line through the tissue). Edges are
 * first brought to a millionth of a pixel, so the same edge rounds the same way.
 */
const quantize = (v: number) => Math.round(v * 1e6) / 1e6;

/** The rect (CSS px) with its edges on whole device pixels at `ratio` device px per CSS px. */
export function snapToPixels(
  x: number,
  y: number,
  width: number,
  height: number,
  ratio = 1,
): PixelRect {
  const edge = (v: number) => Math.round(quantize(v * ratio)) / ratio;
  const left = edge(x);
  const top = edge(y);
  return { x: left, y: top, width: edge(x + width) - left, height: edge(y + height) - top };
}
