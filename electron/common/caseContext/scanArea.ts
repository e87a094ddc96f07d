/**
 * The scanned area on a slide's macro image (issue 9): the part of the glass the whole-slide
 * image covers, so that the pathologist sees whether all the tissue on the glass was
 * scanned. Kept as fractions of the macro image (0..1, origin at its top left), so that the
 * same rectangle fits the macro at any resolution it is shown at. Pure.
 */
import { z } from 'zod';

/** Rounding slack when a rectangle computed in floating point touches the image's edge. */
const EDGE_SLACK = 1e-6;

const fraction = z.number().min(0).max(1);

export const ScanAreaSchema = z
  .object({ x: fraction, y: fraction, width: fraction, height: fraction })
  .strict()
  .refine((a) => a.width > 0 && a.height > 0, { message: 'the area is empty' })
  .refine((a) => a.x + a.width <= 1 + EDGE_SLACK && a.y + a.height <= 1 + EDGE_SLACK, {
    message: 'the area leaves the macro image',
  });
export type ScanArea = z.infer<typeof ScanAreaSchema>;

/** A rectangle in an image's own pixels. */
export interface PixelRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Digits kept: a ten-thousandth of a 75 mm macro is 7.5 µm, far below one macro pixel. */
const round = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * A rectangle in the macro image's pixels as fractions of the image, cut to the image.
 * Null when nothing of it lies on the image.
 */
export function normalizedArea(
  rect: PixelRect,
  image: { width: number; height: number },
): ScanArea | null {
  if (!(image.width > 0 && image.height > 0)) return null;
  const x0 = Math.max(0, rect.left);
  const y0 = Math.max(0, rect.top);
  const x1 = Math.min(image.width, rect.left + rect.width);
  const y1 = Math.min(image.height, rect.top + rect.height);
  if (!(x1 > x0 && y1 > y0)) return null;
  const x = round(x0 / image.width);
  const y = round(y0 / image.height);
  return {
    x,
    y,
    width: Math.min(round((x1 - x0) / image.width), round(1 - x)),
    height: Math.min(round((y1 - y0) / image.height), round(1 - y)),
  };
}

/**
 * Where a DICOM image (the VOLUME or the OVERVIEW of one slide) lies in the slide coordinate
 * system (PS3.3 C.8.12.4 Whole Slide Microscopy Image Module), in millimetres.
 */
export interface SlideImageGeometry {
  /** Total Pixel Matrix Columns / Rows (0048,0006) / (0048,0007). */
  columns: number;
  rows: number;
  /**
   * Total Pixel Matrix Origin Sequence (0048,0008): X / Y Offset in Slide Coordinate System
   * (0040,072A) / (0040,073A) of the top left pixel of the total pixel matrix, in mm.
   */
  origin: { x: number; y: number };
  /**
   * Image Orientation (Slide) (0048,0102): direction cosines, in the slide coordinate
   * system, of the first row (the way the column index grows), then of the first column
   * (the way the row index grows).
   */
  orientation: readonly [number, number, number, number, number, number];
  /**
   * mm between neighbouring pixels: `column` along a row (Pixel Spacing's second value, or
   * Imaged Volume Width (0048,0001) / columns), `row` down a column (Pixel Spacing's first
   * value, or Imaged Volume Height (0048,0002) / rows).
   */
  spacing: { row: number; column: number };
}

/** Image Orientation (Slide) when an image leaves it out: rows along X, columns along Y. */
export const DEFAULT_SLIDE_ORIENTATION = [1, 0, 0, 0, 1, 0] as const;

/** The 2 × 2 matrix taking (column, row) steps to slide mm, with the origin. */
function affine(g: SlideImageGeometry) {
  const [rx, ry, , cx, cy] = g.orientation;
  return {
    a: rx * g.spacing.column, // d(slide x) / d(column)
    b: cx * g.spacing.row, // d(slide x) / d(row)
    c: ry * g.spacing.column, // d(slide y) / d(column)
    d: cy * g.spacing.row, // d(slide y) / d(row)
    ox: g.origin.x,
    oy: g.origin.y,
  };
}

/** A point of the image (pixel units; 0,0 is the top left corner of the first pixel) in slide mm. */
export function imageToSlide(
  g: SlideImageGeometry,
  column: number,
  row: number,
): { x: number; y: number } {
  const m = affine(g);
  return { x: m.ox + m.a * column + m.b * row, y: m.oy + m.c * column + m.d * row };
}

/** A point in slide mm on the image's pixel grid; null when the geometry is degenerate. */
export function slideToImage(
  g: SlideImageGeometry,
  p: { x: number; y: number },
): { column: number; row: number } | null {
  const m = affine(g);
  const det = m.a * m.d - m.b * m.c;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) return null;
  const dx = p.x - m.ox;
  const dy = p.y - m.oy;
  return { column: (m.d * dx - m.b * dy) / det, row: (-m.c * dx + m.a * dy) / det };
}

function usable(g: SlideImageGeometry): boolean {
  return (
    g.columns > 0 &&
    g.rows > 0 &&
    g.spacing.row > 0 &&
    g.spacing.column > 0 &&
    [g.origin.x, g.origin.y, ...g.orientation].every(Number.isFinite)
  );
}

/**
 * The scanned area on the macro: the VOLUME image's four corners, taken into slide mm and
 * from there onto the OVERVIEW's pixels, bounded and cut to the overview. Null when either
 * geometry is unusable or the volume does not lie on the overview at all.
 */
export function dicomScanArea(
  overview: SlideImageGeometry,
  volume: SlideImageGeometry,
): ScanArea | null {
  if (!usable(overview) || !usable(volume)) return null;
  const corners = [
    [0, 0],
    [volume.columns, 0],
    [0, volume.rows],
    [volume.columns, volume.rows],
  ] as const;
  const onOverview = [];
  for (const [col, row] of corners) {
    const p = slideToImage(overview, imageToSlide(volume, col, row));
    if (p === null) return null;
    onOverview.push(p);
  }
  const cols = onOverview.map((p) => p.column);
  const rows = onOverview.map((p) => p.row);
  const left = Math.min(...cols);
  const top = Math.min(...rows);
  return normalizedArea(
    { left, top, width: Math.max(...cols) - left, height: Math.max(...rows) - top },
    { width: overview.columns, height: overview.rows },
  );
}
