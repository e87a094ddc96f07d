/**
 * AnnGroups to a Microscopy Bulk Simple Annotations object (PS3.3 A.87, C.37.1).
 *
 * Written objects: Annotation Coordinate Type 2D, Pixel Origin Interpretation VOLUME,
 * the slide's level 0 in Referenced Image Sequence and in Common Instance Reference, Point
 * Coordinates Data (OF, float32) and, for POLYLINE and POLYGON, Long Primitive Point Index
 * List (OL): for each annotation the 1-based index, in Point Coordinates Data's values, of
 * its first point's first coordinate (1, 1 + 2*n0, ...), as highdicom and the
 * dicom-microscopy-viewer (Slim) write and read it. Coordinates are level-0 pixels with
 * (0,0) at the top-left corner of the top-left pixel, DICOM's own convention: see types.ts.
 */
import { el } from '../../sources/dicom/dicomJson';
import { GRAPHIC_TYPES, MAX_GROUPS, invalid, newUid } from './annCommon';
import {
  ANN_SOP_CLASS_UID,
  CONTENT_LABEL,
  MANUFACTURER,
  PRIVATE_SCHEME,
  PRODUCT_NAME,
  SERIES_DESCRIPTION,
} from './codes';
import type { AnnDataset, AnnElement, AnnValue } from './part10';
import { writePart10 } from './part10';
import { PATIENT_STUDY_KEYWORDS } from './reference';
import { T, tag } from './tags';
import type { Keyword } from './tags';
import type {
  AnnGraphicType,
  AnnGroup,
  AnnMeasurement,
  AnnShape,
  BuildAnnOptions,
  CodedConcept,
  ReferencedImage,
} from './types';

// -------------------------------------------------------------------------------------
// Building blocks

/** Text for a VR of at most `max` characters: no backslash, no control characters. */
function text(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out += c < 0x20 || c === 0x7f || ch === '\\' ? ' ' : ch;
  }
  return out.trim().slice(0, max);
}

function element(k: Keyword, values: readonly AnnValue[]): AnnElement {
  const vr = T[k][1];
  const present = values.filter((v) => v !== null && v !== '');
  return present.length === 0 ? { vr } : { vr, Value: [...present] };
}

/** A data set from keyword/value pairs; `undefined` values are left out. */
function dataset(
  entries: Partial<Record<Keyword, AnnValue | AnnValue[] | AnnElement>>,
): AnnDataset {
  const out: AnnDataset = {};
  for (const [k, v] of Object.entries(entries) as [
    Keyword,
    AnnValue | AnnValue[] | AnnElement | undefined,
  ][]) {
    if (v === undefined) continue;
    if (
      v !== null &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      'vr' in v &&
      typeof v.vr === 'string'
    ) {
      out[tag(k)] = v as AnnElement;
    } else {
      out[tag(k)] = element(k, Array.isArray(v) ? v : [v as AnnValue]);
    }
  }
  return out;
}

const sequence = (items: AnnDataset[]): AnnElement => ({ vr: 'SQ', Value: items });
const binary = (k: Keyword, bytes: Uint8Array): AnnElement => ({ vr: T[k][1], bytes });

function codeItem(c: CodedConcept): AnnDataset {
  return dataset({
    CodeValue: text(c.CodeValue, 16),
    CodingSchemeDesignator: text(c.CodingSchemeDesignator, 16),
    CodeMeaning: text(c.CodeMeaning, 64),
  });
}

function float32Bytes(values: ArrayLike<number>): Uint8Array {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return new Uint8Array(view.buffer);
}

function uint32Bytes(values: readonly number[]): Uint8Array {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((v, i) => view.setUint32(i * 4, v, true));
  return new Uint8Array(view.buffer);
}

/** DA, TM (with milliseconds) and the UTC offset of a moment, in local time. */
export function dicomDateTime(now: Date): { date: string; time: string; offset: string } {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const minutes = -now.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return {
    date: `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`,
    time: `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}.${pad(now.getMilliseconds(), 3)}`,
    offset: `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`,
  };
}

/**
 * Slide attributes copied as they came (DICOM JSON), keeping only what the writer can
 * write: text, numbers, person names and sequences of them. Bulk data is dropped.
 */
function copyable(e: AnnElement | undefined, vr: string): AnnElement | undefined {
  if (e === undefined || typeof e !== 'object') return undefined;
  const values = Array.isArray(e.Value) ? e.Value : [];
  if (vr === 'SQ') {
    return {
      vr,
      Value: values
        .filter((v): v is AnnDataset => v !== null && typeof v === 'object' && !('Alphabetic' in v))
        .map((item) => {
          const out: AnnDataset = {};
          for (const [t, sub] of Object.entries(item)) {
            const subVr = sub?.vr;
            if (typeof subVr !== 'string') continue;
            const copied = copyable(sub, subVr);
            if (copied !== undefined) out[t.toUpperCase()] = copied;
          }
          return out;
        }),
    };
  }
  if (['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN'].includes(vr)) return undefined;
  const ok = values.filter(
    (v) =>
      typeof v === 'string' ||
      (typeof v === 'number' && Number.isFinite(v)) ||
      (vr === 'PN' && v !== null && typeof v === 'object' && 'Alphabetic' in v),
  );
  return ok.length === 0 ? { vr } : { vr, Value: ok };
}

// -------------------------------------------------------------------------------------
// Encoding

interface EncodedShapes {
  coordinates: Float32Array;
  /** 1-based value index of each annotation's first coordinate. */
  starts: number[];
}

function shapePoints(g: AnnGroup, shape: AnnShape, index: number): Float32Array {
  const where = `Annotation ${index + 1} of "${text(g.label, 64)}"`;
  const p = shape.points;
  if (p.length % 2 !== 0) throw invalid(`${where} has an odd number of coordinates.`);
  for (let i = 0; i < p.length; i++) {
    if (!Number.isFinite(p[i])) throw invalid(`${where} has a coordinate that is not a number.`);
  }
  let n = p.length / 2;
  // The ANN polygon is implicitly closed: a repeated first point (GeoJSON style) goes.
  if (g.graphicType === 'POLYGON' && n > 1 && p[0] === p[2 * n - 2] && p[1] === p[2 * n - 1]) n--;
  const expected: Record<AnnGraphicType, (n: number) => boolean> = {
    POINT: (k) => k === 1,
    POLYLINE: (k) => k >= 2,
    POLYGON: (k) => k >= 3,
    ELLIPSE: (k) => k === 4,
    RECTANGLE: (k) => k === 4,
  };
  if (!expected[g.graphicType](n)) {
    throw invalid(`${where} has ${n} points, which a ${g.graphicType} cannot have.`);
  }
  return p.subarray(0, 2 * n);
}

function encodeShapes(g: AnnGroup): EncodedShapes {
  const shapes = g.annotations.map((s, i) => shapePoints(g, s, i));
  const total = shapes.reduce((sum, s) => sum + s.length, 0);
  const coordinates = new Float32Array(total);
  const starts: number[] = [];
  let at = 0;
  for (const s of shapes) {
    starts.push(at + 1);
    coordinates.set(s, at);
    at += s.length;
  }
  return { coordinates, starts };
}

function measurementItem(g: AnnGroup, m: AnnMeasurement): AnnDataset | null {
  const n = g.annotations.length;
  if (m.values.length !== n) {
    throw invalid(
      `A measurement of "${text(g.label, 64)}" has ${m.values.length} values for ${n} annotations.`,
    );
  }
  const present: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(m.values[i])) present.push(i);
  if (present.length === 0) return null;
  const valuesItem = dataset({
    FloatingPointValues: binary(
      'FloatingPointValues',
      float32Bytes(present.map((i) => m.values[i]!)),
    ),
    // Only a subset has values: their 1-based annotation indices.
    AnnotationIndexList:
      present.length < n
        ? binary('AnnotationIndexList', uint32Bytes(present.map((i) => i + 1)))
        : undefined,
  });
  return dataset({
    ConceptNameCodeSequence: sequence([codeItem(m.name)]),
    MeasurementUnitsCodeSequence: sequence([codeItem(m.unit)]),
    MeasurementValuesSequence: sequence([valuesItem]),
  });
}

function groupItem(g: AnnGroup, number: number): AnnDataset {
  const generation = g.generationType ?? 'MANUAL';
  if (generation !== 'MANUAL' && g.algorithm === undefined) {
    throw invalid(`"${text(g.label, 64)}" was made by an algorithm that is not named.`);
  }
  if (!GRAPHIC_TYPES.includes(g.graphicType))
    throw invalid(`Unknown graphic type ${String(g.graphicType)}.`);
  const { coordinates, starts } = encodeShapes(g);
  const measurements = (g.measurements ?? [])
    .map((m) => measurementItem(g, m))
    .filter((m): m is AnnDataset => m !== null);
  const label = text(g.label, 64) || text(g.propertyType.CodeMeaning, 64) || 'Annotations';
  const algorithm = g.algorithm;
  return dataset({
    AnnotationGroupNumber: number,
    AnnotationGroupUID: g.uid ?? newUid(),
    AnnotationGroupLabel: label,
    AnnotationGroupDescription: g.description ? g.description.slice(0, 10_000) : undefined,
    AnnotationGroupGenerationType: generation,
    AnnotationGroupAlgorithmIdentificationSequence:
      generation === 'MANUAL' || algorithm === undefined
        ? undefined
        : sequence([
            dataset({
              AlgorithmFamilyCodeSequence: sequence([codeItem(algorithm.family)]),
              AlgorithmName: text(algorithm.name, 64),
              AlgorithmVersion: text(algorithm.version, 64),
              AlgorithmSource: algorithm.source ? text(algorithm.source, 64) : undefined,
            }),
          ]),
    AnnotationPropertyCategoryCodeSequence: sequence([codeItem(g.propertyCategory)]),
    AnnotationPropertyTypeCodeSequence: sequence([codeItem(g.propertyType)]),
    NumberOfAnnotations: g.annotations.length,
    AnnotationAppliesToAllOpticalPaths: 'YES',
    GraphicType: g.graphicType,
    PointCoordinatesData: binary('PointCoordinatesData', float32Bytes(coordinates)),
    LongPrimitivePointIndexList:
      g.graphicType === 'POLYLINE' || g.graphicType === 'POLYGON'
        ? binary('LongPrimitivePointIndexList', uint32Bytes(starts))
        : undefined,
    MeasurementsSequence: measurements.length > 0 ? sequence(measurements) : undefined,
  });
}

const codesOf = (g: AnnGroup): CodedConcept[] => [
  g.propertyCategory,
  g.propertyType,
  ...(g.algorithm ? [g.algorithm.family] : []),
  ...(g.measurements ?? []).flatMap((m) => [m.name, m.unit]),
];

/** The annotation object as DICOM JSON (binary values as `bytes`). */
export function buildAnnDataset(o: BuildAnnOptions): AnnDataset {
  const r = o.referenced;
  const groups = o.groups.filter((g) => g.annotations.length > 0);
  if (groups.length === 0) throw invalid('There are no annotations to save.');
  if (groups.length > MAX_GROUPS) throw invalid('Too many annotation groups for one object.');
  const { date, time, offset } = dicomDateTime(o.now);
  const level0 = {
    ReferencedSOPClassUID: r.sopClassUID,
    ReferencedSOPInstanceUID: r.sopInstanceUID,
  };

  const copied: AnnDataset = {};
  for (const k of PATIENT_STUDY_KEYWORDS) {
    const e = copyable(el(r.patientStudy, tag(k)) as AnnElement | undefined, T[k][1]);
    if (e !== undefined) copied[tag(k)] = e;
  }
  const privateCodes = groups.some((g) =>
    codesOf(g).some((c) => c.CodingSchemeDesignator === PRIVATE_SCHEME.designator),
  );

  return {
    // Patient and General Study: type 2 attributes are present, empty when unknown.
    ...dataset({
      PatientName: [],
      PatientID: [],
      PatientBirthDate: [],
      PatientSex: [],
      StudyDate: [],
      StudyTime: [],
      ReferringPhysicianName: [],
      StudyID: [],
      AccessionNumber: [],
      // Type 2C, required for a paired organ (breast, kidney): we cannot tell from the
      // slide, so unless the slide series states it, it is there and empty ("unknown").
      Laterality: [],
    }),
    ...copied,
    ...dataset({
      StudyInstanceUID: r.studyUID,
      // SOP Common: UTF-8, since names, labels and descriptions may hold any letter.
      SpecificCharacterSet: 'ISO_IR 192',
      SOPClassUID: ANN_SOP_CLASS_UID,
      SOPInstanceUID: o.instanceUid ?? newUid(),
      InstanceCreationDate: date,
      InstanceCreationTime: time,
      TimezoneOffsetFromUTC: offset,
      CodingSchemeIdentificationSequence: privateCodes
        ? sequence([
            dataset({
              CodingSchemeDesignator: PRIVATE_SCHEME.designator,
              CodingSchemeName: PRIVATE_SCHEME.name,
              CodingSchemeResponsibleOrganization: PRIVATE_SCHEME.organization,
            }),
          ])
        : undefined,
      // General Series and Microscopy Bulk Simple Annotations Series
      Modality: 'ANN',
      SeriesInstanceUID: o.seriesUid ?? newUid(),
      SeriesNumber: o.seriesNumber ?? 1000,
      SeriesDate: date,
      SeriesTime: time,
      SeriesDescription: SERIES_DESCRIPTION,
      // General Equipment and Enhanced General Equipment
      Manufacturer: MANUFACTURER,
      ManufacturerModelName: PRODUCT_NAME,
      DeviceSerialNumber: text(o.equipment.deviceSerialNumber ?? 'UNKNOWN', 64) || 'UNKNOWN',
      SoftwareVersions: text(o.equipment.softwareVersion, 64) || 'unknown',
      // Microscopy Bulk Simple Annotations (with the Content Identification Macro)
      InstanceNumber: o.instanceNumber ?? 1,
      ContentLabel: CONTENT_LABEL,
      ContentDescription: o.description ? text(o.description, 64) : [],
      ContentCreatorName: o.creatorName ? { Alphabetic: text(o.creatorName, 64) } : [],
      ContentDate: date,
      ContentTime: time,
      AnnotationCoordinateType: '2D',
      PixelOriginInterpretation: 'VOLUME',
      ReferencedImageSequence: sequence([dataset(level0)]),
      AnnotationGroupSequence: sequence(groups.map((g, i) => groupItem(g, i + 1))),
      // Common Instance Reference: the slide series is in this study.
      ReferencedSeriesSequence: sequence([
        dataset({
          SeriesInstanceUID: r.seriesUID,
          ReferencedInstanceSequence: sequence([dataset(level0)]),
        }),
      ]),
    }),
  };
}

export interface BuiltAnnObject {
  /** The Part 10 file, ready for STOW-RS. */
  bytes: Uint8Array;
  studyUID: string;
  seriesUID: string;
  sopInstanceUID: string;
}

/** Builds the annotation object of a slide: `buildAnnObject({ groups, referenced, equipment, now })`. */
export function buildAnnObject(o: BuildAnnOptions): BuiltAnnObject {
  const ds = buildAnnDataset(o);
  const uid = (k: Keyword) => ds[tag(k)]?.Value?.[0] as string;
  return {
    bytes: writePart10(ds, `LPW_${o.equipment.softwareVersion}`),
    studyUID: uid('StudyInstanceUID'),
    seriesUID: uid('SeriesInstanceUID'),
    sopInstanceUID: uid('SOPInstanceUID'),
  };
}

/** The Part 10 bytes of the annotation object for `groups` on `referenced`. */
export function encode(
  groups: readonly AnnGroup[],
  referenced: ReferencedImage,
  options: Omit<BuildAnnOptions, 'groups' | 'referenced'>,
): Uint8Array {
  return buildAnnObject({ ...options, groups, referenced }).bytes;
}
