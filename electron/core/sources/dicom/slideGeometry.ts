/**
 * Where a DICOM WSI image lies on the glass (PS3.3 C.8.12.4), read from its data set, and
 * from that the scanned area the OVERVIEW (macro) image shows: the VOLUME placed on it
 * (common/caseContext/scanArea.ts does the maths).
 */
import {
  DEFAULT_SLIDE_ORIENTATION,
  type ScanArea,
  type SlideImageGeometry,
  dicomScanArea,
} from '../../../common/caseContext/scanArea';
import type { DicomJson } from './dicomJson';
import { TAG, firstItem, num, path } from './dicomJson';

function positive(n: number | null): number | null {
  return n !== null && Number.isFinite(n) && n > 0 ? n : null;
}

/**
 * mm between pixels: Pixel Spacing (row spacing first, PS3.3 10.7.1.3), else Imaged Volume
 * Width and Height over the total pixel matrix. Null when neither is given.
 */
function spacingOf(
  ds: DicomJson,
  columns: number,
  rows: number,
): SlideImageGeometry['spacing'] | null {
  const measures =
    path(ds, TAG.SharedFunctionalGroupsSequence, TAG.PixelMeasuresSequence) ??
    path(ds, TAG.PerFrameFunctionalGroupsSequence, TAG.PixelMeasuresSequence);
  if (measures !== null) {
    const row = positive(num(measures, TAG.PixelSpacing, 0));
    const column = positive(num(measures, TAG.PixelSpacing, 1));
    if (row !== null && column !== null) return { row, column };
  }
  const width = positive(num(ds, TAG.ImagedVolumeWidth));
  const height = positive(num(ds, TAG.ImagedVolumeHeight));
  return width !== null && height !== null ? { row: height / rows, column: width / columns } : null;
}

/**
 * The image's place in the slide coordinate system; null when the data set does not give
 * its origin or its scale (the orientation defaults to rows along X when absent).
 */
export function slideImageGeometry(ds: DicomJson): SlideImageGeometry | null {
  const columns = positive(num(ds, TAG.TotalPixelMatrixColumns) ?? num(ds, TAG.Columns));
  const rows = positive(num(ds, TAG.TotalPixelMatrixRows) ?? num(ds, TAG.Rows));
  if (columns === null || rows === null) return null;
  const originItem = firstItem(ds, TAG.TotalPixelMatrixOriginSequence);
  const x = originItem && num(originItem, TAG.XOffsetInSlideCoordinateSystem);
  const y = originItem && num(originItem, TAG.YOffsetInSlideCoordinateSystem);
  if (x === null || y === null) return null;
  const spacing = spacingOf(ds, columns, rows);
  if (spacing === null) return null;
  const cosines = [0, 1, 2, 3, 4, 5].map((i) => num(ds, TAG.ImageOrientationSlide, i));
  const orientation = cosines.every((c): c is number => c !== null)
    ? (cosines as unknown as SlideImageGeometry['orientation'])
    : DEFAULT_SLIDE_ORIENTATION;
  return { columns, rows, origin: { x, y }, orientation, spacing };
}

/** The scanned area on the OVERVIEW, or null when the archive does not give enough to place it. */
export function overviewScanArea(overview: DicomJson, volume: DicomJson): ScanArea | null {
  const o = slideImageGeometry(overview);
  const v = slideImageGeometry(volume);
  return o !== null && v !== null ? dicomScanArea(o, v) : null;
}
