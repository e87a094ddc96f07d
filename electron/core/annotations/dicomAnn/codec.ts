/**
 * AnnGroups to a Microscopy Bulk Simple Annotations object and back (PS3.3 A.87, C.37.1).
 *
 * Written objects: Annotation Coordinate Type 2D, Pixel Origin Interpretation VOLUME,
 * the slide's level 0 in Referenced Image Sequence and in Common Instance Reference, Point
 * Coordinates Data (OF, float32) and, for POLYLINE and POLYGON, Long Primitive Point Index
 * List (OL): for each annotation the 1-based index, in Point Coordinates Data's values, of
 * its first point's first coordinate (1, 1 + 2*n0, ...), as highdicom and the
 * dicom-microscopy-viewer (Slim) write and read it. Coordinates are level-0 pixels with
 * (0,0) at the top-left corner of the top-left pixel, DICOM's own convention: see types.ts.
 *
 * Read objects: 2D or 3D, float or double coordinates, with or without measurements, from
 * a Part 10 file or DICOM JSON (inline or bulk data). 3D coordinates (mm in the slide
 * coordinate system) and 2D coordinates on another level are turned into level-0 pixels
 * with the slide's geometry.
 */
import { randomUUID } from 'node:crypto';
import { WorkstationError } from '../../../common/errors';
import type { DicomJson } from '../../sources/dicom/dicomJson';
import { el, firstItem, isoDateTime, num, seq, str, strings } from '../../sources/dicom/dicomJson';
import {
  ANN_SOP_CLASS_UID,
  CONTENT_LABEL,
  MANUFACTURER,
  PRIVATE_SCHEME,
  PRODUCT_NAME,
  SERIES_DESCRIPTION,
} from './codes';
import type { AnnDataset, AnnElement, AnnValue } from './part10';
import { readPart10, writePart10 } from './part10';
import { PATIENT_STUDY_KEYWORDS } from './reference';
import { T, tag } from './tags';
import type { Keyword } from './tags';
import type {
  AnnGraphicType,
  AnnGroup,
  AnnMeasurement,
  AnnObject,
  AnnShape,
  BuildAnnOptions,
  CodedConcept,
  ReferencedImage,
} from './types';

/** A new UID under 2.25 (PS3.5 B.2): the decimal form of a random UUID. */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
}

const GRAPHIC_TYPES: readonly AnnGraphicType[] = [
  'POINT',
  'POLYLINE',
  'POLYGON',
  'ELLIPSE',
  'RECTANGLE',
];
/** Annotation Group Number is a US. */
const MAX_GROUPS = 0xffff;

function invalid(message: string): WorkstationError {
  return new WorkstationError('invalid_argument', message);
}
function corrupt(message: string): WorkstationError {
  return new WorkstationError('corrupt', message);
}

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

// -------------------------------------------------------------------------------------
// Decoding

export interface DecodeOptions {
  /** Bulk data by BulkDataURI, for DICOM JSON from WADO-RS metadata. */
  bulk?: ReadonlyMap<string, Uint8Array> | ((uri: string) => Uint8Array | undefined);
  /**
   * The slide, as `fromSeriesMetadata` makes it: needed for 3D objects, and for 2D objects
   * that annotate another level than level 0.
   */
  slide?: ReferencedImage;
}

function binaryValue(ds: DicomJson, k: Keyword, options: DecodeOptions): Uint8Array | null {
  const e = el(ds, tag(k)) as AnnElement | undefined;
  if (e === undefined) return null;
  if (e.bytes instanceof Uint8Array) return e.bytes;
  if (typeof e.InlineBinary === 'string')
    return new Uint8Array(Buffer.from(e.InlineBinary, 'base64'));
  if (typeof e.BulkDataURI === 'string') {
    const b = options.bulk;
    const bytes = typeof b === 'function' ? b(e.BulkDataURI) : b?.get(e.BulkDataURI);
    if (bytes === undefined) {
      throw new WorkstationError(
        'unavailable',
        'The bulk data of an annotation object was not retrieved.',
      );
    }
    return bytes;
  }
  if (Array.isArray(e.Value) && e.Value.length > 0) {
    // Not DICOM JSON (PS3.18 F.2.7 wants InlineBinary or BulkDataURI). Orthanc 1.10 sends
    // OF and OL this way in WADO-RS metadata, with the first value only: never trust it.
    throw new WorkstationError(
      'unsupported',
      'The archive sent annotation coordinates as JSON numbers; the object must be retrieved whole.',
    );
  }
  return null;
}

function readFloats(bytes: Uint8Array, size: 4 | 8): Float64Array {
  if (bytes.length % size !== 0) throw corrupt('An annotation object has truncated coordinates.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(bytes.length / size);
  for (let i = 0; i < out.length; i++) {
    out[i] = size === 4 ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true);
  }
  return out;
}

function readUint32s(bytes: Uint8Array): Uint32Array {
  if (bytes.length % 4 !== 0) throw corrupt('An annotation object has a truncated index list.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getUint32(i * 4, true);
  return out;
}

function readCode(item: DicomJson | null): CodedConcept {
  return {
    CodeValue: (item && str(item, tag('CodeValue'))) ?? '',
    CodingSchemeDesignator: (item && str(item, tag('CodingSchemeDesignator'))) ?? '',
    CodeMeaning: (item && str(item, tag('CodeMeaning'))) ?? '',
  };
}

/** Slide coordinates (mm) to level-0 sub-pixel coordinates, or null without geometry. */
export function slideToPixel(
  slide: ReferencedImage | undefined,
): ((x: number, y: number) => [number, number]) | null {
  const g = slide?.slideGeometry;
  const spacing = slide?.pixelSpacing;
  if (!g || !spacing) return null;
  const [rx, ry, , cx, cy] = g.orientation;
  const [rowSpacing, columnSpacing] = spacing;
  // Slide position of the centre of pixel (column i, row j), 0-based (PS3.3 C.8.12.4.1):
  // origin + i * columnSpacing * rowDirection + j * rowSpacing * columnDirection.
  const a = rx * columnSpacing;
  const b = cx * rowSpacing;
  const c = ry * columnSpacing;
  const d = cy * rowSpacing;
  const det = a * d - b * c;
  if (Math.abs(det) < 1e-18) return null;
  return (x, y) => {
    const dx = x - g.originX;
    const dy = y - g.originY;
    // The Total Pixel Matrix Origin is the centre of its first pixel: +0.5 to its corner.
    return [(d * dx - b * dy) / det + 0.5, (-c * dx + a * dy) / det + 0.5];
  };
}

/** Value positions where each annotation starts, from the graphic type or the index list. */
function annotationStarts(
  item: DicomJson,
  graphicType: AnnGraphicType,
  dims: number,
  totalValues: number,
  count: number | null,
  options: DecodeOptions,
): number[] {
  if (graphicType === 'POLYLINE' || graphicType === 'POLYGON') {
    const list = binaryValue(item, 'LongPrimitivePointIndexList', options);
    if (list === null) throw corrupt(`A ${graphicType} annotation group has no point index list.`);
    const starts = [...readUint32s(list)].map((i) => i - 1);
    starts.forEach((s, i) => {
      const previous = i === 0 ? -1 : starts[i - 1]!;
      if (s < 0 || s >= totalValues || s % dims !== 0 || s <= previous) {
        throw corrupt('An annotation object has an invalid point index list.');
      }
    });
    return starts;
  }
  const per = (graphicType === 'POINT' ? 1 : 4) * dims;
  if (totalValues % per !== 0) throw corrupt('An annotation object has a partial annotation.');
  const n = count ?? totalValues / per;
  return Array.from({ length: Math.min(n, totalValues / per) }, (_, i) => i * per);
}

function decodeGroup(
  item: DicomJson,
  coordinateType: '2D' | '3D',
  transform: (x: number, y: number) => [number, number],
  options: DecodeOptions,
): AnnGroup {
  const graphicType = str(item, tag('GraphicType')) as AnnGraphicType | null;
  if (graphicType === null || !GRAPHIC_TYPES.includes(graphicType)) {
    throw new WorkstationError(
      'unsupported',
      `Annotations of graphic type ${graphicType ?? '(none)'} cannot be shown.`,
    );
  }
  const count = num(item, tag('NumberOfAnnotations'));
  const commonZ = num(item, tag('CommonZCoordinateValue'));
  const dims = coordinateType === '2D' || commonZ !== null ? 2 : 3;
  const single = binaryValue(item, 'PointCoordinatesData', options);
  const double = single === null ? binaryValue(item, 'DoublePointCoordinatesData', options) : null;
  if (single === null && double === null) throw corrupt('An annotation group has no coordinates.');
  const values = single !== null ? readFloats(single, 4) : readFloats(double!, 8);
  const starts = annotationStarts(item, graphicType, dims, values.length, count, options);
  if (count !== null && starts.length !== count) {
    throw corrupt(`An annotation group announces ${count} annotations but holds ${starts.length}.`);
  }
  const annotations: AnnShape[] = starts.map((start, i) => {
    const end =
      starts[i + 1] ??
      (graphicType === 'POLYLINE' || graphicType === 'POLYGON'
        ? values.length
        : start + (graphicType === 'POINT' ? 1 : 4) * dims);
    const n = (end - start) / dims;
    const points = new Float32Array(2 * n);
    for (let p = 0; p < n; p++) {
      const [x, y] = transform(values[start + p * dims]!, values[start + p * dims + 1]!);
      points[2 * p] = x;
      points[2 * p + 1] = y;
    }
    return { points };
  });

  const measurements: AnnMeasurement[] = seq(item, tag('MeasurementsSequence')).map((m) => {
    const valuesItem = firstItem(m, tag('MeasurementValuesSequence')) ?? {};
    const stored = binaryValue(valuesItem, 'FloatingPointValues', options);
    const indices = binaryValue(valuesItem, 'AnnotationIndexList', options);
    const floats = stored === null ? new Float64Array(0) : readFloats(stored, 4);
    const out = new Float32Array(annotations.length).fill(NaN);
    if (indices !== null) {
      const idx = readUint32s(indices);
      if (idx.length !== floats.length)
        throw corrupt('A measurement has as many indices as values.');
      idx.forEach((annotation, j) => {
        if (annotation < 1 || annotation > annotations.length)
          throw corrupt('A measurement names an annotation that does not exist.');
        out[annotation - 1] = floats[j]!;
      });
    } else {
      if (floats.length !== annotations.length)
        throw corrupt('A measurement has fewer values than annotations.');
      out.set(floats);
    }
    return {
      name: readCode(firstItem(m, tag('ConceptNameCodeSequence'))),
      unit: readCode(firstItem(m, tag('MeasurementUnitsCodeSequence'))),
      values: out,
    };
  });

  const generation = (str(item, tag('AnnotationGroupGenerationType')) ??
    'MANUAL') as AnnGroup['generationType'];
  const algorithmItem = firstItem(item, tag('AnnotationGroupAlgorithmIdentificationSequence'));
  const group: AnnGroup = {
    uid: str(item, tag('AnnotationGroupUID')) ?? undefined,
    label: str(item, tag('AnnotationGroupLabel')) ?? '',
    generationType: generation,
    propertyCategory: readCode(firstItem(item, tag('AnnotationPropertyCategoryCodeSequence'))),
    propertyType: readCode(firstItem(item, tag('AnnotationPropertyTypeCodeSequence'))),
    graphicType,
    annotations,
  };
  const description = str(item, tag('AnnotationGroupDescription'));
  if (description !== null) group.description = description;
  if (algorithmItem !== null) {
    group.algorithm = {
      name: str(algorithmItem, tag('AlgorithmName')) ?? '',
      version: str(algorithmItem, tag('AlgorithmVersion')) ?? '',
      family: readCode(firstItem(algorithmItem, tag('AlgorithmFamilyCodeSequence'))),
    };
    const source = str(algorithmItem, tag('AlgorithmSource'));
    if (source !== null) group.algorithm.source = source;
  }
  if (measurements.length > 0) group.measurements = measurements;
  return group;
}

/**
 * Reads an annotation object given as DICOM JSON (binary values as `bytes`, InlineBinary,
 * or BulkDataURI resolved through `options.bulk`). Throws 'unsupported' for other objects
 * and for 3D coordinates without the slide's geometry, 'corrupt' for broken ones.
 */
export function decodeDataset(ds: DicomJson | AnnDataset, options: DecodeOptions = {}): AnnObject {
  const json: DicomJson = ds;
  const sopClass = str(json, tag('SOPClassUID'));
  if (sopClass !== null && sopClass !== ANN_SOP_CLASS_UID) {
    throw new WorkstationError(
      'unsupported',
      'This is not a Microscopy Bulk Simple Annotations object.',
    );
  }
  const coordinateType = str(json, tag('AnnotationCoordinateType'));
  if (coordinateType !== '2D' && coordinateType !== '3D') {
    throw corrupt('The annotation object does not say whether its coordinates are 2D or 3D.');
  }
  const refItem = firstItem(json, tag('ReferencedImageSequence'));
  const referencedImage =
    refItem === null
      ? null
      : {
          sopClassUID: str(refItem, tag('ReferencedSOPClassUID')) ?? '',
          sopInstanceUID: str(refItem, tag('ReferencedSOPInstanceUID')) ?? '',
        };

  let transform: (x: number, y: number) => [number, number] = (x, y) => [x, y];
  if (coordinateType === '3D') {
    const toPixel = slideToPixel(options.slide);
    if (toPixel === null) {
      throw new WorkstationError(
        'unsupported',
        'These annotations are placed on the glass, and the slide does not say where its image lies.',
      );
    }
    transform = toPixel;
  } else if (str(json, tag('PixelOriginInterpretation')) === 'FRAME') {
    throw new WorkstationError('unsupported', 'Annotations relative to one tile cannot be shown.');
  } else if (options.slide && referencedImage) {
    // Another level of the same slide: scale its pixels to level 0.
    const size = options.slide.imageSizes[referencedImage.sopInstanceUID];
    if (
      size !== undefined &&
      (size[0] !== options.slide.columns || size[1] !== options.slide.rows)
    ) {
      const sx = options.slide.columns / size[0];
      const sy = options.slide.rows / size[1];
      transform = (x, y) => [x * sx, y * sy];
    }
  }

  const groups = seq(json, tag('AnnotationGroupSequence')).map((item) =>
    decodeGroup(item, coordinateType, transform, options),
  );
  return {
    studyUID: str(json, tag('StudyInstanceUID')) ?? '',
    seriesUID: str(json, tag('SeriesInstanceUID')) ?? '',
    sopInstanceUID: str(json, tag('SOPInstanceUID')) ?? '',
    instanceNumber: num(json, tag('InstanceNumber')),
    contentDateTime: isoDateTime(
      str(json, tag('ContentDate')),
      str(json, tag('ContentTime')),
      str(json, tag('TimezoneOffsetFromUTC')),
    ),
    contentLabel: str(json, tag('ContentLabel')),
    contentDescription: str(json, tag('ContentDescription')),
    creatorName: str(json, tag('ContentCreatorName')),
    manufacturer: str(json, tag('Manufacturer')),
    modelName: str(json, tag('ManufacturerModelName')),
    softwareVersions: strings(json, tag('SoftwareVersions')).join('\\') || null,
    referencedImage,
    referencedSeriesUIDs: seq(json, tag('ReferencedSeriesSequence'))
      .map((s) => str(s, tag('SeriesInstanceUID')))
      .filter((s): s is string => s !== null),
    coordinateType,
    groups,
  };
}

/** Reads an annotation object from its Part 10 bytes. */
export function decode(part10: Uint8Array, options: Omit<DecodeOptions, 'bulk'> = {}): AnnObject {
  return decodeDataset(readPart10(part10), options);
}

/** Reads an annotation object from WADO-RS metadata and the bulk data its URIs name. */
export function decodeFromDicomweb(
  metadata: DicomJson,
  bulk: DecodeOptions['bulk'],
  options: Omit<DecodeOptions, 'bulk'> = {},
): AnnObject {
  return decodeDataset(metadata, { ...options, bulk });
}

/** Every BulkDataURI in a DICOM JSON data set, nested sequences included. */
export function bulkDataUris(ds: DicomJson): string[] {
  const out: string[] = [];
  const walk = (d: DicomJson) => {
    for (const e of Object.values(d)) {
      if (e === undefined || typeof e !== 'object') continue;
      if (typeof e.BulkDataURI === 'string') out.push(e.BulkDataURI);
      for (const v of Array.isArray(e.Value) ? e.Value : []) {
        if (v !== null && typeof v === 'object' && !('Alphabetic' in v)) walk(v as DicomJson);
      }
    }
  };
  walk(ds);
  return out;
}

/** DICOM JSON with binary values inline (PS3.18 F.2.7), e.g. to compare or to log. */
export function toDicomJson(ds: AnnDataset): DicomJson {
  const out: DicomJson = {};
  for (const [t, e] of Object.entries(ds)) {
    if (e === undefined) continue;
    if (e.bytes !== undefined) {
      out[t] = { vr: e.vr, InlineBinary: Buffer.from(e.bytes).toString('base64') };
    } else if (e.vr === 'SQ') {
      out[t] = { vr: 'SQ', Value: (e.Value ?? []).map((item) => toDicomJson(item as AnnDataset)) };
    } else {
      out[t] = { ...(e as DicomJson[string]) };
    }
  }
  return out;
}
