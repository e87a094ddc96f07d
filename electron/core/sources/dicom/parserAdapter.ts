/**
 * dicom-parser data sets to the DICOM JSON model, so that files on disk go through the
 * same WSI code as DICOMweb metadata. Bulk values (OB/OW/UN, pixel data) are left out.
 */
import * as dicomParserNs from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';
import type { DicomJson, DicomValue } from './dicomJson';
import { TAG } from './dicomJson';

type DicomParser = typeof dicomParserNs;
/** dicom-parser ships a UMD bundle: under Node's ESM loader it is the default export. */
export const dicomParser: DicomParser =
  (dicomParserNs as unknown as { default?: DicomParser }).default ?? dicomParserNs;

/**
 * VRs of the attributes we read, for files in Implicit VR Little Endian (the only
 * transfer syntax without VRs in the data; WSI files are rarely written so).
 */
const IMPLICIT_VR: Record<string, string> = {
  [TAG.ImageType]: 'CS',
  [TAG.SOPClassUID]: 'UI',
  [TAG.SOPInstanceUID]: 'UI',
  [TAG.StudyDate]: 'DA',
  [TAG.StudyTime]: 'TM',
  [TAG.AccessionNumber]: 'SH',
  [TAG.Modality]: 'CS',
  [TAG.StudyDescription]: 'LO',
  [TAG.SeriesDescription]: 'LO',
  [TAG.PatientName]: 'PN',
  [TAG.PatientID]: 'LO',
  [TAG.PatientBirthDate]: 'DA',
  [TAG.PatientSex]: 'CS',
  [TAG.StudyInstanceUID]: 'UI',
  [TAG.SeriesInstanceUID]: 'UI',
  [TAG.StudyID]: 'SH',
  [TAG.SeriesNumber]: 'IS',
  [TAG.InstanceNumber]: 'IS',
  [TAG.ConcatenationUID]: 'UI',
  [TAG.InConcatenationNumber]: 'US',
  [TAG.ConcatenationFrameOffsetNumber]: 'UL',
  [TAG.DimensionOrganizationType]: 'CS',
  [TAG.SamplesPerPixel]: 'US',
  [TAG.PhotometricInterpretation]: 'CS',
  [TAG.NumberOfFrames]: 'IS',
  [TAG.Rows]: 'US',
  [TAG.Columns]: 'US',
  [TAG.PixelSpacing]: 'DS',
  [TAG.PixelMeasuresSequence]: 'SQ',
  [TAG.LossyImageCompressionMethod]: 'CS',
  [TAG.ContainerIdentifier]: 'LO',
  [TAG.SpecimenIdentifier]: 'LO',
  [TAG.SpecimenShortDescription]: 'LO',
  [TAG.SpecimenDetailedDescription]: 'UT',
  [TAG.SpecimenDescriptionSequence]: 'SQ',
  [TAG.SpecimenPreparationSequence]: 'SQ',
  [TAG.SpecimenPreparationStepContentItemSequence]: 'SQ',
  [TAG.XOffsetInSlideCoordinateSystem]: 'DS',
  [TAG.YOffsetInSlideCoordinateSystem]: 'DS',
  [TAG.ZOffsetInSlideCoordinateSystem]: 'DS',
  [TAG.ValueType]: 'CS',
  [TAG.ConceptNameCodeSequence]: 'SQ',
  [TAG.TextValue]: 'UT',
  [TAG.ConceptCodeSequence]: 'SQ',
  [TAG.CodeValue]: 'SH',
  [TAG.CodingSchemeDesignator]: 'SH',
  [TAG.CodeMeaning]: 'LO',
  [TAG.ImagedVolumeWidth]: 'FL',
  [TAG.ImagedVolumeHeight]: 'FL',
  [TAG.TotalPixelMatrixOriginSequence]: 'SQ',
  [TAG.ImageOrientationSlide]: 'DS',
  [TAG.TotalPixelMatrixColumns]: 'UL',
  [TAG.TotalPixelMatrixRows]: 'UL',
  [TAG.OpticalPathSequence]: 'SQ',
  [TAG.OpticalPathIdentifier]: 'SH',
  [TAG.ObjectiveLensPower]: 'DS',
  [TAG.OpticalPathIdentificationSequence]: 'SQ',
  [TAG.PlanePositionSlideSequence]: 'SQ',
  [TAG.ColumnPositionInTotalImagePixelMatrix]: 'SL',
  [TAG.RowPositionInTotalImagePixelMatrix]: 'SL',
  [TAG.SharedFunctionalGroupsSequence]: 'SQ',
  [TAG.PerFrameFunctionalGroupsSequence]: 'SQ',
  [TAG.TransferSyntaxUID]: 'UI',
  '00209111': 'SQ', // FrameContentSequence
};

/** VR for dicom-parser's implicit-VR reader, which needs to know where sequences are. */
export function implicitVr(tag: string): string {
  // dicom-parser names tags xggggeeee, lower case.
  return IMPLICIT_VR[tag.slice(1).toUpperCase()] ?? 'UN';
}

const TEXT_VRS = new Set(['LT', 'ST', 'UT']);
const STRING_VRS = new Set([
  'AE',
  'AS',
  'CS',
  'DA',
  'DS',
  'DT',
  'IS',
  'LO',
  'PN',
  'SH',
  'TM',
  'UC',
  'UI',
  'UR',
]);
const NUMBER_READERS: Record<
  string,
  [number, keyof Pick<DataSet, 'uint16' | 'int16' | 'uint32' | 'int32' | 'float' | 'double'>]
> = {
  US: [2, 'uint16'],
  SS: [2, 'int16'],
  UL: [4, 'uint32'],
  SL: [4, 'int32'],
  FL: [4, 'float'],
  FD: [8, 'double'],
};

function rawString(ds: DataSet, e: Element): string {
  // NUL pads UIDs to even length; spaces pad the rest.
  return dicomParser.readFixedString(ds.byteArray, e.dataOffset, e.length).replace(/\0+$/, '');
}

function elementValues(ds: DataSet, tag: string, e: Element, vr: string): DicomValue[] | null {
  if (e.items !== undefined || vr === 'SQ') {
    return (e.items ?? []).map((item) => (item.dataSet ? dataSetToJson(item.dataSet) : {}));
  }
  if (TEXT_VRS.has(vr)) {
    const s = rawString(ds, e).replace(/\s+$/, '');
    return s === '' ? [] : [s];
  }
  if (STRING_VRS.has(vr)) {
    const raw = rawString(ds, e);
    if (raw.trim() === '') return [];
    return raw.split('\\').map((s): DicomValue => {
      const v = s.trim();
      if (vr === 'PN') return { Alphabetic: v };
      if (vr === 'DS' || vr === 'IS') {
        const n = Number(v);
        return v !== '' && Number.isFinite(n) ? n : null;
      }
      return v;
    });
  }
  const reader = NUMBER_READERS[vr];
  if (reader !== undefined) {
    const [size, method] = reader;
    const out: DicomValue[] = [];
    for (let i = 0; i < Math.floor(e.length / size); i++) out.push(ds[method](tag, i) ?? null);
    return out;
  }
  return null; // OB, OW, UN, AT...: not needed
}

/** Converts a parsed data set (all nested sequences included) to the DICOM JSON model. */
export function dataSetToJson(ds: DataSet): DicomJson {
  const out: DicomJson = {};
  for (const [tag, e] of Object.entries(ds.elements)) {
    const key = tag.slice(1).toUpperCase();
    if (key === TAG.PixelData) continue;
    const vr = e.vr ?? IMPLICIT_VR[key] ?? 'UN';
    const vals = elementValues(ds, tag, e, vr);
    if (vals === null) continue;
    out[key] = vals.length === 0 ? { vr } : { vr, Value: vals };
  }
  return out;
}
