/**
 * The DICOM JSON model (PS3.18 F.2): `{"00280010": {"vr": "US", "Value": [256]}}`, the
 * form DICOMweb servers answer with, and the form our dicom-parser adapter produces from
 * files. Small typed accessors so that the WSI and worklist code never touch raw JSON.
 */

export interface DicomPersonName {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}

export type DicomValue = string | number | DicomPersonName | DicomJson | null;

export interface DicomElement {
  vr?: string;
  Value?: DicomValue[];
  BulkDataURI?: string;
  InlineBinary?: string;
}

/** A data set: keys are 8 hex digits (servers differ on case; read through `el()`). */
export type DicomJson = Record<string, DicomElement | undefined>;

/** Tags used by this package, as the 8 upper-case hex digits of the JSON model. */
export const TAG = {
  SpecificCharacterSet: '00080005',
  ImageType: '00080008',
  SOPClassUID: '00080016',
  SOPInstanceUID: '00080018',
  StudyDate: '00080020',
  SeriesDate: '00080021',
  StudyTime: '00080030',
  SeriesTime: '00080031',
  AccessionNumber: '00080050',
  Modality: '00080060',
  ModalitiesInStudy: '00080061',
  TimezoneOffsetFromUTC: '00080201',
  CodeValue: '00080100',
  CodingSchemeDesignator: '00080102',
  CodeMeaning: '00080104',
  StudyDescription: '00081030',
  NameOfPhysiciansReadingStudy: '00081060',
  SeriesDescription: '0008103E',
  PatientName: '00100010',
  PatientID: '00100020',
  PatientBirthDate: '00100030',
  PatientSex: '00100040',
  StudyInstanceUID: '0020000D',
  SeriesInstanceUID: '0020000E',
  StudyID: '00200010',
  SeriesNumber: '00200011',
  InstanceNumber: '00200013',
  NumberOfStudyRelatedSeries: '00201206',
  NumberOfStudyRelatedInstances: '00201208',
  NumberOfSeriesRelatedInstances: '00201209',
  ConcatenationUID: '00209161',
  InConcatenationNumber: '00209162',
  ConcatenationFrameOffsetNumber: '00209228',
  DimensionOrganizationType: '00209311',
  SamplesPerPixel: '00280002',
  PhotometricInterpretation: '00280004',
  NumberOfFrames: '00280008',
  Rows: '00280010',
  Columns: '00280011',
  PixelSpacing: '00280030',
  PixelMeasuresSequence: '00289110',
  LossyImageCompressionMethod: '00282114',
  ContainerIdentifier: '00400512',
  SpecimenIdentifier: '00400551',
  SpecimenShortDescription: '00400600',
  SpecimenDetailedDescription: '00400602',
  SpecimenDescriptionSequence: '00400560',
  SpecimenPreparationSequence: '00400610',
  SpecimenPreparationStepContentItemSequence: '00400612',
  XOffsetInSlideCoordinateSystem: '0040072A',
  YOffsetInSlideCoordinateSystem: '0040073A',
  ZOffsetInSlideCoordinateSystem: '0040074A',
  ValueType: '0040A040',
  ConceptNameCodeSequence: '0040A043',
  TextValue: '0040A160',
  ConceptCodeSequence: '0040A168',
  ImagedVolumeWidth: '00480001',
  ImagedVolumeHeight: '00480002',
  TotalPixelMatrixColumns: '00480006',
  TotalPixelMatrixRows: '00480007',
  TotalPixelMatrixOriginSequence: '00480008',
  ImageOrientationSlide: '00480102',
  OpticalPathSequence: '00480105',
  OpticalPathIdentifier: '00480106',
  ObjectiveLensPower: '00480112',
  OpticalPathIdentificationSequence: '00480207',
  PlanePositionSlideSequence: '0048021A',
  ColumnPositionInTotalImagePixelMatrix: '0048021E',
  RowPositionInTotalImagePixelMatrix: '0048021F',
  TotalPixelMatrixFocalPlanes: '00480303',
  SharedFunctionalGroupsSequence: '52009229',
  PerFrameFunctionalGroupsSequence: '52009230',
  TransferSyntaxUID: '00020010',
  PixelData: '7FE00010',
} as const;

/** An element; undefined when absent or not an object (archives' JSON is not trusted). */
export function el(ds: DicomJson, tag: string): DicomElement | undefined {
  const e: unknown = ds[tag] ?? ds[tag.toLowerCase()];
  return typeof e === 'object' && e !== null ? e : undefined;
}

/** The values of an element; empty when absent or malformed (a Value that is not a list). */
export function values(ds: DicomJson, tag: string): DicomValue[] {
  const v = el(ds, tag)?.Value;
  return Array.isArray(v) ? v : [];
}

/** A string value, trimmed; null when absent or empty. */
export function str(ds: DicomJson, tag: string, index = 0): string | null {
  const v = values(ds, tag)[index];
  if (typeof v === 'string') {
    const s = v.trim();
    return s === '' ? null : s;
  }
  if (typeof v === 'number') return String(v);
  if (v !== null && v !== undefined && typeof v === 'object' && 'Alphabetic' in v) {
    return typeof v.Alphabetic === 'string' ? v.Alphabetic : null;
  }
  return null;
}

export function strings(ds: DicomJson, tag: string): string[] {
  return values(ds, tag).map((_, i) => str(ds, tag, i) ?? '');
}

/** A number value; DS/IS strings are parsed. Null when absent or not a number. */
export function num(ds: DicomJson, tag: string, index = 0): number | null {
  const v = values(ds, tag)[index];
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Items of a sequence (SQ); an empty array when absent. */
export function seq(ds: DicomJson, tag: string): DicomJson[] {
  return values(ds, tag).filter(
    (v): v is DicomJson =>
      v !== null &&
      typeof v === 'object' &&
      !('Alphabetic' in v || 'Ideographic' in v || 'Phonetic' in v),
  );
}

export function firstItem(ds: DicomJson, tag: string): DicomJson | null {
  return seq(ds, tag)[0] ?? null;
}

/** Reads a path of sequences and returns the first item at its end, e.g. Shared > PixelMeasures. */
export function path(ds: DicomJson, ...tags: string[]): DicomJson | null {
  let cur: DicomJson | null = ds;
  for (const t of tags) {
    if (cur === null) return null;
    cur = firstItem(cur, t);
  }
  return cur;
}

/**
 * A person name made readable: `DOE^JANE^^DR` becomes `DR DOE JANE`. DICOM orders the
 * components family^given^middle^prefix^suffix; we show family first as hospital
 * worklists do, and drop the empty components.
 */
export function personName(raw: string | null): string {
  if (raw === null) return '';
  // Only the alphabetic group: `=` separates ideographic and phonetic forms.
  const alphabetic = raw.split('=')[0] ?? '';
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = alphabetic
    .split('^')
    .map((s) => s.trim());
  return [prefix, family, given, middle, suffix].filter((s) => s !== '').join(' ');
}

/** `YYYYMMDD` (or `YYYY.MM.DD`, an old form) to `YYYY-MM-DD`; null when not a valid date. */
export function isoDate(da: string | null): string | null {
  if (da === null) return null;
  const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(da.trim());
  if (m === null) return null;
  const [, y, mo, d] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${y}-${mo}-${d}`;
}

/**
 * DA + TM (+ optional `±HHMM` offset) to an ISO 8601 date-time. DICOM times are local to
 * the sender unless TimezoneOffsetFromUTC says otherwise, so without it the result has no
 * zone designator. Null when the date is missing or invalid.
 */
export function isoDateTime(
  da: string | null,
  tm: string | null,
  tzOffset: string | null = null,
): string | null {
  const date = isoDate(da);
  if (date === null) return null;
  let time = '00:00:00';
  const t = tm === null ? null : /^(\d{2}):?(\d{2})?:?(\d{2})?/.exec(tm.trim());
  if (t !== null) {
    const [, hh, mm = '00', ss = '00'] = t;
    if (Number(hh) < 24 && Number(mm) < 60 && Number(ss) < 61) time = `${hh}:${mm}:${ss}`;
  }
  const z = tzOffset === null ? null : /^([+-])(\d{2})(\d{2})$/.exec(tzOffset.trim());
  return z === null ? `${date}T${time}` : `${date}T${time}${z[1]}${z[2]}:${z[3]}`;
}
