/**
 * A Microscopy Bulk Simple Annotations object back to AnnGroups (PS3.3 A.87, C.37.1).
 *
 * Read objects: 2D or 3D, float or double coordinates, with or without measurements, from
 * a Part 10 file or DICOM JSON (inline or bulk data). 3D coordinates (mm in the slide
 * coordinate system) and 2D coordinates on another level are turned into level-0 pixels
 * with the slide's geometry.
 */
import { WorkstationError } from '../../../common/errors';
import type { DicomJson } from '../../sources/dicom/dicomJson';
import { el, firstItem, isoDateTime, num, seq, str, strings } from '../../sources/dicom/dicomJson';
import { GRAPHIC_TYPES, corrupt } from './annCommon';
import { ANN_SOP_CLASS_UID } from './codes';
import type { AnnDataset, AnnElement } from './part10';
import { readPart10 } from './part10';
import { tag } from './tags';
import type { Keyword } from './tags';
import type {
  AnnGraphicType,
  AnnGroup,
  AnnMeasurement,
  AnnObject,
  AnnShape,
  CodedConcept,
  ReferencedImage,
} from './types';

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
