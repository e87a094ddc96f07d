/**
 * The signed report's PDF as a DICOM Encapsulated PDF (SOP Class 1.2.840.10008.5.1.4.1.1.104.1,
 * PS3.3 A.45.1) in the case's study: same Study Instance UID, the Patient and General Study
 * modules copied from the study as the archive describes it, a series of its own (modality
 * DOC). Written with the project's Part 10 writer (annotations/dicomAnn/part10.ts): one
 * writer for the workstation, checked by dciodvfy.
 *
 * UIDs are name-based (2.25 and 128 bits of SHA-256, PS3.5 B.2): the report series from the
 * study, the instance from the study and the signatures. So every signature of a case's
 * report (the original, then with each addendum: instance 1, 2, ...) lands in the same
 * series, and storing the same PDF again (after a crash, from the outbox) stores the same
 * instance rather than a copy.
 */
import { createHash } from 'node:crypto';
import type { DicomJson } from '../../sources/dicom/dicomJson';
import type { AnnDataset, AnnElement } from '../../annotations/dicomAnn/part10';
import { writePart10 } from '../../annotations/dicomAnn/part10';
import { PRODUCT_NAME } from '../../annotations/dicomAnn/codes';
import type { ReportDocument } from './document';
import { splitName } from './document';

export const ENCAPSULATED_PDF_SOP_CLASS_UID = '1.2.840.10008.5.1.4.1.1.104.1';
/** Series Number of the report series: after the slides' (scanners number them from 1). */
export const REPORT_SERIES_NUMBER = 900;

/** The attributes written here, tag and VR (PS3.6). */
const A = {
  SpecificCharacterSet: ['00080005', 'CS'],
  InstanceCreationDate: ['00080012', 'DA'],
  InstanceCreationTime: ['00080013', 'TM'],
  SOPClassUID: ['00080016', 'UI'],
  SOPInstanceUID: ['00080018', 'UI'],
  StudyDate: ['00080020', 'DA'],
  ContentDate: ['00080023', 'DA'],
  AcquisitionDateTime: ['0008002A', 'DT'],
  StudyTime: ['00080030', 'TM'],
  ContentTime: ['00080033', 'TM'],
  AccessionNumber: ['00080050', 'SH'],
  Modality: ['00080060', 'CS'],
  ConversionType: ['00080064', 'CS'],
  Manufacturer: ['00080070', 'LO'],
  ReferringPhysicianName: ['00080090', 'PN'],
  CodeValue: ['00080100', 'SH'],
  CodingSchemeDesignator: ['00080102', 'SH'],
  CodeMeaning: ['00080104', 'LO'],
  TimezoneOffsetFromUTC: ['00080201', 'SH'],
  StudyDescription: ['00081030', 'LO'],
  SeriesDescription: ['0008103E', 'LO'],
  ManufacturerModelName: ['00081090', 'LO'],
  PatientName: ['00100010', 'PN'],
  PatientID: ['00100020', 'LO'],
  IssuerOfPatientID: ['00100021', 'LO'],
  PatientBirthDate: ['00100030', 'DA'],
  PatientSex: ['00100040', 'CS'],
  SoftwareVersions: ['00181020', 'LO'],
  StudyInstanceUID: ['0020000D', 'UI'],
  SeriesInstanceUID: ['0020000E', 'UI'],
  StudyID: ['00200010', 'SH'],
  SeriesNumber: ['00200011', 'IS'],
  InstanceNumber: ['00200013', 'IS'],
  BurnedInAnnotation: ['00280301', 'CS'],
  ConceptNameCodeSequence: ['0040A043', 'SQ'],
  DocumentTitle: ['00420010', 'ST'],
  EncapsulatedDocument: ['00420011', 'OB'],
  MIMETypeOfEncapsulatedDocument: ['00420012', 'LO'],
  EncapsulatedDocumentLength: ['00420015', 'UL'],
} as const;
type Name = keyof typeof A;

/** Copied from the study when the archive gives them (Patient and General Study modules). */
const FROM_STUDY: readonly Name[] = [
  'PatientName',
  'PatientID',
  'IssuerOfPatientID',
  'PatientBirthDate',
  'PatientSex',
  'StudyDate',
  'StudyTime',
  'ReferringPhysicianName',
  'StudyID',
  'AccessionNumber',
  'StudyDescription',
];
/** Type 2 among them: present, empty when unknown. */
const TYPE_2: ReadonlySet<Name> = new Set([
  'PatientName',
  'PatientID',
  'PatientBirthDate',
  'PatientSex',
  'StudyDate',
  'StudyTime',
  'ReferringPhysicianName',
  'StudyID',
  'AccessionNumber',
]);

/** A UID made of 128 bits of the SHA-256 of `parts` (PS3.5 B.2, as a UUID would be). */
export function nameUid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
  return `2.25.${BigInt(`0x${hex}`).toString()}`;
}

export const reportSeriesUid = (studyUID: string): string =>
  nameUid('lille-pathology report series', studyUID);

/** "YYYYMMDD", "HHMMSS.ffffff" in UTC. */
function dicomDateTime(iso: string): { date: string; time: string } {
  const d = new Date(iso);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return {
    date: `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}`,
    time: `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}`,
  };
}

/** "DUPONT Hélène" (the worklist's form) back to DICOM "DUPONT^Hélène". */
export function personNameOf(display: string): string {
  const split = splitName(display);
  return split ? `${split.family}^${split.given}` : display.trim();
}

function el(name: Name, value?: string | number | null): [string, AnnElement] {
  const [tag, vr] = A[name];
  if (value === undefined || value === null || value === '') return [tag, { vr }];
  if (vr === 'PN') return [tag, { vr, Value: [{ Alphabetic: String(value) }] }];
  return [tag, { vr, Value: [value] }];
}

/** The Patient and General Study attributes: the study's own, else the case's. */
function studyAttributes(d: ReportDocument, study: DicomJson | null): AnnDataset {
  const fromCase: Partial<Record<Name, string>> = {
    PatientName: personNameOf(d.patient.name),
    PatientID: d.patient.id,
    PatientBirthDate: d.patient.birthDate?.replace(/-/g, '') ?? '',
    PatientSex: d.patient.sex ?? '',
    AccessionNumber: d.case.accession,
  };
  const out: AnnDataset = {};
  for (const name of FROM_STUDY) {
    const [tag, vr] = A[name];
    const given = study?.[tag];
    if (given?.Value !== undefined && given.Value.length > 0) {
      out[tag] = { vr, Value: given.Value };
    } else if (fromCase[name] || TYPE_2.has(name)) {
      const [, e] = el(name, fromCase[name] ?? null);
      out[tag] = e;
    }
  }
  return out;
}

export interface EncapsulatedPdfInput {
  document: ReportDocument;
  pdf: Uint8Array;
  studyUID: string;
  /** The study's attributes as the archive gives them (QIDO-RS), or null when out of reach. */
  study: DicomJson | null;
  softwareVersion: string;
}

export interface EncapsulatedPdf {
  bytes: Uint8Array;
  studyUID: string;
  seriesUID: string;
  sopInstanceUID: string;
  instanceNumber: number;
}

export function buildEncapsulatedPdf(input: EncapsulatedPdfInput): EncapsulatedPdf {
  const d = input.document;
  const signatures = [d.signature.sha256, ...d.addenda.map((a) => a.signature.sha256)];
  const seriesUID = reportSeriesUid(input.studyUID);
  const sopInstanceUID = nameUid('lille-pathology report', input.studyUID, ...signatures);
  const instanceNumber = signatures.length;
  const when = dicomDateTime(d.addenda.at(-1)?.signature.signedAt ?? d.signature.signedAt);
  const concept: AnnDataset = Object.fromEntries([
    el('CodeValue', '60567-5'),
    el('CodingSchemeDesignator', 'LN'),
    el('CodeMeaning', 'Comprehensive pathology report panel'),
  ]);
  const ds: AnnDataset = {
    ...Object.fromEntries([
      el('SpecificCharacterSet', 'ISO_IR 192'),
      el('SOPClassUID', ENCAPSULATED_PDF_SOP_CLASS_UID),
      el('SOPInstanceUID', sopInstanceUID),
      el('InstanceCreationDate', when.date),
      el('InstanceCreationTime', when.time),
      el('TimezoneOffsetFromUTC', '+0000'),
      el('StudyInstanceUID', input.studyUID),
      el('SeriesInstanceUID', seriesUID),
      el('Modality', 'DOC'),
      el('SeriesNumber', REPORT_SERIES_NUMBER),
      el('SeriesDescription', d.title.slice(0, 64)),
      el('Manufacturer', PRODUCT_NAME),
      el('ManufacturerModelName', PRODUCT_NAME),
      el('SoftwareVersions', input.softwareVersion.slice(0, 64)),
      el('ConversionType', 'WSD'),
      el('InstanceNumber', instanceNumber),
      el('ContentDate', when.date),
      el('ContentTime', when.time),
      el('AcquisitionDateTime', `${when.date}${when.time}+0000`),
      el('BurnedInAnnotation', 'YES'),
      el('DocumentTitle', `${d.title} — ${d.case.accession}`),
      el('MIMETypeOfEncapsulatedDocument', 'application/pdf'),
      el('EncapsulatedDocumentLength', input.pdf.length),
    ]),
    [A.ConceptNameCodeSequence[0]]: { vr: 'SQ', Value: [concept] },
    [A.EncapsulatedDocument[0]]: { vr: 'OB', bytes: input.pdf },
    ...studyAttributes(d, input.study),
  };
  return {
    bytes: writePart10(ds, `LPW ${input.softwareVersion}`),
    studyUID: input.studyUID,
    seriesUID,
    sopInstanceUID,
    instanceNumber,
  };
}
