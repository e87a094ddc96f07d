/**
 * DICOM Part 10 files to and from the DICOM JSON model (PS3.18 F.2), for the annotation
 * codec. Binary values (OF, OL, OD, OB...) travel in memory as `bytes` beside the standard
 * `InlineBinary` and `BulkDataURI` forms.
 *
 * Writing: Explicit VR Little Endian, defined lengths, UTF-8 text (Specific Character Set
 * ISO_IR 192, which the caller sets). Reading: dicom-parser (already used for slide files),
 * Explicit or Implicit VR Little Endian; text in UTF-8 when the file says ISO_IR 192, else
 * in Latin-1 (the default repertoire and ISO_IR 100).
 *
 * Why not dcmjs: version 0.52 brings 32 MB of dependencies (Babel runtime, adm-zip, lodash)
 * and logs "Invalid vr type OL - using UN" for the OL attributes this IOD relies on; the
 * writer below is small, covers exactly the VRs we use, and dciodvfy checks its output.
 */
import { WorkstationError } from '../../../common/errors';
import type { DicomPersonName } from '../../sources/dicom/dicomJson';
import { dicomParser } from '../../sources/dicom/parserAdapter';
import { knownVr, tag } from './tags';

export type AnnValue = string | number | DicomPersonName | AnnDataset | null;

export interface AnnElement {
  vr: string;
  Value?: AnnValue[];
  /** A binary value in memory (little-endian, as stored). */
  bytes?: Uint8Array;
  InlineBinary?: string;
  BulkDataURI?: string;
}

/** A data set in the DICOM JSON model; keys are 8 upper-case hex digits. */
export type AnnDataset = Record<string, AnnElement | undefined>;

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
/** Ours (a UUID-derived UID, PS3.5 B.2), fixed for this implementation. */
export const IMPLEMENTATION_CLASS_UID = '2.25.244150298212324868581242323922693387729';

/** VRs with a 4-byte length (PS3.5 7.1.2). */
const LONG_VRS = new Set([
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'SQ',
  'SV',
  'UC',
  'UN',
  'UR',
  'UT',
  'UV',
]);
const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
/** Text that may hold any character of the character set; the rest is ASCII. */
const TEXT_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'UT', 'PN', 'UC']);
/** Single-valued: a backslash is text, not a separator. */
const SINGLE_VALUE_VRS = new Set(['ST', 'LT', 'UT', 'UR']);
const NUMBER_SIZES: Record<string, number> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8 };

// -------------------------------------------------------------------------------------
// Writing

/** A DS value in at most 16 characters (PS3.5 6.2). */
export function formatDS(n: number): string {
  if (!Number.isFinite(n))
    throw new WorkstationError('invalid_argument', 'A DS value is not finite.');
  for (let digits = 16; digits > 0; digits--) {
    const s = String(Number(n.toPrecision(digits)));
    if (s.length <= 16) return s;
  }
  return n.toExponential(6);
}

function stringValue(vr: string, v: AnnValue): string {
  if (v === null) return '';
  if (typeof v === 'number') {
    if (vr === 'IS') return String(Math.trunc(v));
    return vr === 'DS' ? formatDS(v) : String(v);
  }
  if (typeof v === 'string') return v;
  if (vr === 'PN') return (v as DicomPersonName).Alphabetic ?? '';
  throw new WorkstationError('internal', `A ${vr} value is not text.`);
}

function numberBytes(vr: string, values: readonly AnnValue[]): Uint8Array {
  const size = NUMBER_SIZES[vr] ?? 0;
  const view = new DataView(new ArrayBuffer(values.length * size));
  values.forEach((raw, i) => {
    const v = Number(raw);
    if (vr === 'US') view.setUint16(i * 2, v, true);
    else if (vr === 'SS') view.setInt16(i * 2, v, true);
    else if (vr === 'UL') view.setUint32(i * 4, v, true);
    else if (vr === 'SL') view.setInt32(i * 4, v, true);
    else if (vr === 'FL') view.setFloat32(i * 4, v, true);
    else view.setFloat64(i * 8, v, true);
  });
  return new Uint8Array(view.buffer);
}

function elementValue(tag8: string, e: AnnElement): Uint8Array {
  const vr = e.vr;
  if (vr === 'SQ') {
    const items = (e.Value ?? []).map((item) => {
      const body = encodeDataset((item ?? {}) as AnnDataset);
      const head = Buffer.alloc(8);
      head.writeUInt16LE(0xfffe, 0);
      head.writeUInt16LE(0xe000, 2);
      head.writeUInt32LE(body.length, 4);
      return Buffer.concat([head, body]);
    });
    return Buffer.concat(items);
  }
  if (BINARY_VRS.has(vr)) {
    const bytes =
      e.bytes ?? (e.InlineBinary !== undefined ? Buffer.from(e.InlineBinary, 'base64') : null);
    if (bytes === null) {
      throw new WorkstationError('internal', `No value to write for the binary element ${tag8}.`);
    }
    return bytes.length % 2 === 0 ? bytes : Buffer.concat([bytes, Buffer.from([0])]);
  }
  const values = e.Value ?? [];
  if (vr in NUMBER_SIZES) return numberBytes(vr, values);
  const text = values.map((v) => stringValue(vr, v)).join('\\');
  const bytes = Buffer.from(text, TEXT_VRS.has(vr) ? 'utf8' : 'latin1');
  if (bytes.length % 2 === 0) return bytes;
  return Buffer.concat([bytes, Buffer.from([vr === 'UI' ? 0 : 0x20])]);
}

function encodeElement(tag8: string, e: AnnElement): Buffer {
  const value = elementValue(tag8, e);
  const head = Buffer.alloc(LONG_VRS.has(e.vr) ? 12 : 8);
  head.writeUInt16LE(parseInt(tag8.slice(0, 4), 16), 0);
  head.writeUInt16LE(parseInt(tag8.slice(4, 8), 16), 2);
  head.write(e.vr, 4, 'latin1');
  if (LONG_VRS.has(e.vr)) head.writeUInt32LE(value.length, 8);
  else {
    if (value.length > 0xffff) {
      throw new WorkstationError(
        'invalid_argument',
        `The value of ${tag8} is too long for its VR.`,
      );
    }
    head.writeUInt16LE(value.length, 6);
  }
  return Buffer.concat([head, value]);
}

/** The elements of a data set in tag order, Explicit VR Little Endian. */
export function encodeDataset(ds: AnnDataset): Buffer {
  const tags = Object.keys(ds)
    .filter((t) => ds[t] !== undefined)
    .map((t) => t.toUpperCase())
    .sort();
  return Buffer.concat(tags.map((t) => encodeElement(t, (ds[t] ?? ds[t.toLowerCase()])!)));
}

/**
 * A Part 10 file (preamble, File Meta Information, data set) for a data set that has its
 * SOP Class and Instance UIDs. `implementationVersion` goes in (0002,0013), 16 characters.
 */
export function writePart10(ds: AnnDataset, implementationVersion: string): Uint8Array {
  const uid = (k: 'SOPClassUID' | 'SOPInstanceUID'): string => {
    const v = ds[tag(k)]?.Value?.[0];
    if (typeof v !== 'string' || v === '')
      throw new WorkstationError('internal', `No ${k} to write.`);
    return v;
  };
  const meta: AnnDataset = {
    [tag('FileMetaInformationVersion')]: { vr: 'OB', bytes: new Uint8Array([0, 1]) },
    [tag('MediaStorageSOPClassUID')]: { vr: 'UI', Value: [uid('SOPClassUID')] },
    [tag('MediaStorageSOPInstanceUID')]: { vr: 'UI', Value: [uid('SOPInstanceUID')] },
    [tag('TransferSyntaxUID')]: { vr: 'UI', Value: [EXPLICIT_VR_LITTLE_ENDIAN] },
    [tag('ImplementationClassUID')]: { vr: 'UI', Value: [IMPLEMENTATION_CLASS_UID] },
    [tag('ImplementationVersionName')]: {
      vr: 'SH',
      Value: [implementationVersion.replace(/[^\x20-\x7e]/g, '').slice(0, 16)],
    },
  };
  const metaBody = encodeDataset(meta);
  const groupLength = encodeElement(tag('FileMetaInformationGroupLength'), {
    vr: 'UL',
    Value: [metaBody.length],
  });
  const body = encodeDataset(
    Object.fromEntries(Object.entries(ds).filter(([t]) => !t.startsWith('0002'))),
  );
  return new Uint8Array(
    Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1'), groupLength, metaBody, body]),
  );
}

// -------------------------------------------------------------------------------------
// Reading

type ParsedDataSet = ReturnType<typeof dicomParser.parseDicom>;
type ParsedElement = ParsedDataSet['elements'][string];

function decodeText(bytes: Uint8Array, utf8: boolean): string {
  return utf8 ? new TextDecoder('utf-8').decode(bytes) : Buffer.from(bytes).toString('latin1');
}

function readValues(
  byteArray: Uint8Array,
  e: ParsedElement,
  vr: string,
  utf8: boolean,
): AnnElement {
  const raw = byteArray.subarray(e.dataOffset, e.dataOffset + e.length);
  if (BINARY_VRS.has(vr)) return { vr, bytes: raw.slice() };
  const size = NUMBER_SIZES[vr];
  if (size !== undefined) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const out: number[] = [];
    for (let i = 0; i + size <= raw.length; i += size) {
      if (vr === 'US') out.push(view.getUint16(i, true));
      else if (vr === 'SS') out.push(view.getInt16(i, true));
      else if (vr === 'UL') out.push(view.getUint32(i, true));
      else if (vr === 'SL') out.push(view.getInt32(i, true));
      else if (vr === 'FL') out.push(view.getFloat32(i, true));
      else out.push(view.getFloat64(i, true));
    }
    return out.length === 0 ? { vr } : { vr, Value: out };
  }
  const text = decodeText(raw, utf8 && TEXT_VRS.has(vr)).replace(/[\0 ]+$/, '');
  if (text === '') return { vr };
  const parts = SINGLE_VALUE_VRS.has(vr) ? [text] : text.split('\\');
  const values = parts.map((s): AnnValue => {
    const v = vr === 'UI' ? s.replace(/\0/g, '').trim() : s.trim();
    if (vr === 'PN') return { Alphabetic: v };
    if (vr === 'DS' || vr === 'IS') {
      const n = Number(v);
      return v !== '' && Number.isFinite(n) ? n : null;
    }
    return v;
  });
  return { vr, Value: values };
}

function toDataset(parsed: ParsedDataSet, utf8Inherited: boolean): AnnDataset {
  const out: AnnDataset = {};
  const charset = parsed.elements['x00080005'];
  const utf8 =
    charset === undefined
      ? utf8Inherited
      : /ISO_IR 192/.test(
          Buffer.from(
            parsed.byteArray.subarray(charset.dataOffset, charset.dataOffset + charset.length),
          ).toString('latin1'),
        );
  for (const [key, e] of Object.entries(parsed.elements)) {
    const tag8 = key.slice(1).toUpperCase();
    if (tag8.startsWith('0002') || tag8 === '7FE00010') continue;
    const vr = e.vr ?? knownVr(tag8) ?? (e.items !== undefined ? 'SQ' : 'UN');
    if (e.items !== undefined || vr === 'SQ') {
      out[tag8] = {
        vr: 'SQ',
        Value: (e.items ?? []).map((item) => (item.dataSet ? toDataset(item.dataSet, utf8) : {})),
      };
      continue;
    }
    out[tag8] = readValues(parsed.byteArray, e, vr, utf8);
  }
  return out;
}

/**
 * The data set of a Part 10 file, File Meta Information and pixel data left out. Throws
 * WorkstationError('corrupt') for what is not a readable DICOM file, 'unsupported' for
 * transfer syntaxes other than Explicit or Implicit VR Little Endian.
 */
export function readPart10(bytes: Uint8Array): AnnDataset {
  let parsed: ParsedDataSet;
  try {
    parsed = dicomParser.parseDicom(bytes, { vrCallback: (t: string) => knownVr(t.slice(1)) });
  } catch (e) {
    const why = typeof e === 'string' ? e : e instanceof Error ? e.message : 'unreadable';
    throw new WorkstationError('corrupt', `Not a readable DICOM file (${why.slice(0, 120)}).`);
  }
  const ts = parsed.string('x00020010') ?? '';
  if (ts !== EXPLICIT_VR_LITTLE_ENDIAN && ts !== IMPLICIT_VR_LITTLE_ENDIAN) {
    throw new WorkstationError(
      'unsupported',
      `DICOM annotations in transfer syntax ${ts} cannot be read.`,
    );
  }
  return toDataset(parsed, false);
}
