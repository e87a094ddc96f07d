/**
 * The slide image an annotation object refers to, found in the slide series' metadata
 * (DICOM JSON, as WADO-RS series metadata returns it or as read from files).
 */
import { WorkstationError } from '../../../common/errors';
import type { DicomJson } from '../../sources/dicom/dicomJson';
import { firstItem, num, path, str, strings } from '../../sources/dicom/dicomJson';
import { WSI_SOP_CLASS_UID } from './codes';
import { tag } from './tags';
import type { Keyword } from './tags';
import type { ReferencedImage, SlideGeometry } from './types';

/**
 * What an annotation object copies from its slide: Patient and General Study attributes,
 * and the slide series' Laterality (General Series, type 2C: a breast or a kidney is a
 * paired organ).
 */
export const PATIENT_STUDY_KEYWORDS: readonly Keyword[] = [
  'PatientName',
  'PatientID',
  'IssuerOfPatientID',
  'IssuerOfPatientIDQualifiersSequence',
  'PatientBirthDate',
  'PatientSex',
  'OtherPatientIDsSequence',
  'StudyInstanceUID',
  'StudyDate',
  'StudyTime',
  'ReferringPhysicianName',
  'StudyID',
  'AccessionNumber',
  'IssuerOfAccessionNumberSequence',
  'StudyDescription',
  'Laterality',
];

function isVolume(ds: DicomJson): boolean {
  const sopClass = str(ds, tag('SOPClassUID'));
  if (sopClass !== null && sopClass !== WSI_SOP_CLASS_UID) return false;
  const flavor = (strings(ds, tag('ImageType'))[2] ?? '').toUpperCase();
  // OrthancWSIDicomizer without a data set writes no Image Type: a pyramid level.
  return flavor === '' || flavor === 'VOLUME';
}

function size(ds: DicomJson): { columns: number; rows: number } | null {
  const columns = num(ds, tag('TotalPixelMatrixColumns')) ?? num(ds, tag('Columns'));
  const rows = num(ds, tag('TotalPixelMatrixRows')) ?? num(ds, tag('Rows'));
  if (columns === null || rows === null || columns < 1 || rows < 1) return null;
  return { columns, rows };
}

function pixelSpacing(ds: DicomJson): [number, number] | null {
  const measures =
    path(ds, tag('SharedFunctionalGroupsSequence'), tag('PixelMeasuresSequence')) ??
    path(ds, tag('PerFrameFunctionalGroupsSequence'), tag('PixelMeasuresSequence'));
  if (measures === null) return null;
  const rowSpacing = num(measures, tag('PixelSpacing'), 0);
  const columnSpacing = num(measures, tag('PixelSpacing'), 1);
  if (rowSpacing === null || columnSpacing === null || rowSpacing <= 0 || columnSpacing <= 0) {
    return null;
  }
  return [rowSpacing, columnSpacing];
}

function slideGeometry(ds: DicomJson): SlideGeometry | null {
  const origin = firstItem(ds, tag('TotalPixelMatrixOriginSequence'));
  const x = origin === null ? null : num(origin, tag('XOffsetInSlideCoordinateSystem'));
  const y = origin === null ? null : num(origin, tag('YOffsetInSlideCoordinateSystem'));
  const o = [0, 1, 2, 3, 4, 5].map((i) => num(ds, tag('ImageOrientationSlide'), i));
  if (x === null || y === null || o.some((v) => v === null)) return null;
  return { originX: x, originY: y, orientation: o as SlideGeometry['orientation'] };
}

/**
 * The slide's level 0 (its largest VOLUME image) from the metadata of the slide's series.
 * In a Concatenation the reference goes to the Concatenation Source when the instances
 * name it (PS3.3 C.37.1.2: "references shall be relative to the SOP Instance UID of
 * Concatenation Source"), else to its first instance. Throws 'invalid_argument' when the
 * series has no whole-slide image.
 */
export function fromSeriesMetadata(series: readonly DicomJson[]): ReferencedImage {
  const candidates = series
    .filter(isVolume)
    .map((ds) => ({ ds, size: size(ds) }))
    .filter((c): c is { ds: DicomJson; size: { columns: number; rows: number } } => c.size !== null)
    .filter((c) => str(c.ds, tag('SOPInstanceUID')) !== null);
  if (candidates.length === 0) {
    throw new WorkstationError(
      'invalid_argument',
      'The slide has no whole-slide image to annotate.',
    );
  }
  const area = (c: (typeof candidates)[number]) => c.size.columns * c.size.rows;
  const largest = Math.max(...candidates.map(area));
  const order = (ds: DicomJson) =>
    num(ds, tag('InConcatenationNumber')) ?? num(ds, tag('InstanceNumber')) ?? Infinity;
  const base = candidates
    .filter((c) => area(c) === largest)
    .sort((a, b) => order(a.ds) - order(b.ds))[0]!;
  const ds = base.ds;
  const imageSizes: Record<string, [number, number]> = {};
  for (const c of candidates) {
    const s: [number, number] = [c.size.columns, c.size.rows];
    imageSizes[str(c.ds, tag('SOPInstanceUID'))!] = s;
    const source = str(c.ds, tag('SOPInstanceUIDOfConcatenationSource'));
    if (source !== null) imageSizes[source] = s;
  }
  const patientStudy: DicomJson = {};
  for (const k of PATIENT_STUDY_KEYWORDS) {
    const e = ds[tag(k)] ?? ds[tag(k).toLowerCase()];
    if (e !== undefined) patientStudy[tag(k)] = e;
  }
  const studyUID = str(ds, tag('StudyInstanceUID'));
  const seriesUID = str(ds, tag('SeriesInstanceUID'));
  if (studyUID === null || seriesUID === null) {
    throw new WorkstationError(
      'invalid_argument',
      'The slide metadata lacks its study or series UID.',
    );
  }
  return {
    studyUID,
    seriesUID,
    sopInstanceUID:
      str(ds, tag('SOPInstanceUIDOfConcatenationSource')) ?? str(ds, tag('SOPInstanceUID'))!,
    sopClassUID: str(ds, tag('SOPClassUID')) ?? WSI_SOP_CLASS_UID,
    frameOfReferenceUID: str(ds, tag('FrameOfReferenceUID')),
    pixelSpacing: pixelSpacing(ds),
    columns: base.size.columns,
    rows: base.size.rows,
    slideGeometry: slideGeometry(ds),
    imageSizes,
    patientStudy,
  };
}
