/**
 * A minimal DICOM Part 10 writer (Explicit VR Little Endian data set, encapsulated pixel
 * data) for crafting test files the converters do not make: TILED_FULL without per-frame
 * positions, frames split over several fragments, files without a Basic Offset Table.
 * Test-only code; the app only reads DICOM.
 */

export type WriterValue = string | number[] | WriterItem[];
export interface WriterElement {
  /** 8 hex digits, e.g. '00280010'. */
  tag: string;
  vr: string;
  value: WriterValue;
}
export type WriterItem = WriterElement[];

export interface EncapsulatedPixelData {
  /** The fragments in order; each is padded to even length. */
  fragments: Uint8Array[];
  /** Byte offsets for the Basic Offset Table (relative to the first fragment), or none. */
  basicOffsetTable?: number[];
}

/** Uncompressed pixel data: the frames' bytes back to back (an even length). */
export interface NativePixelData {
  native: Uint8Array;
}

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'UC', 'UR']);

function tagBytes(tag: string): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt16LE(parseInt(tag.slice(0, 4), 16), 0);
  b.writeUInt16LE(parseInt(tag.slice(4, 8), 16), 2);
  return b;
}

function valueBytes(vr: string, value: WriterValue): Buffer {
  if (vr === 'SQ') {
    const items = (value as WriterItem[]).map((item) => {
      const body = encodeElements(item);
      const head = Buffer.alloc(8);
      head.writeUInt16LE(0xfffe, 0);
      head.writeUInt16LE(0xe000, 2);
      head.writeUInt32LE(body.length, 4);
      return Buffer.concat([head, body]);
    });
    return Buffer.concat(items);
  }
  if (typeof value === 'string') {
    const pad = vr === 'UI' ? '\0' : ' ';
    const s = value.length % 2 === 0 ? value : value + pad;
    return Buffer.from(s, 'latin1');
  }
  const nums = value as number[];
  const size = vr === 'US' || vr === 'SS' ? 2 : vr === 'FD' ? 8 : 4;
  const b = Buffer.alloc(nums.length * size);
  nums.forEach((n, i) => {
    if (vr === 'US') b.writeUInt16LE(n, i * 2);
    else if (vr === 'SS') b.writeInt16LE(n, i * 2);
    else if (vr === 'UL') b.writeUInt32LE(n, i * 4);
    else if (vr === 'SL') b.writeInt32LE(n, i * 4);
    else if (vr === 'FL') b.writeFloatLE(n, i * 4);
    else b.writeDoubleLE(n, i * 8);
  });
  return b;
}

function encodeElement(e: WriterElement): Buffer {
  const value = valueBytes(e.vr, e.value);
  const vr = Buffer.from(e.vr, 'latin1');
  if (LONG_VRS.has(e.vr)) {
    const len = Buffer.alloc(6);
    len.writeUInt32LE(value.length, 2);
    return Buffer.concat([tagBytes(e.tag), vr, len, value]);
  }
  const len = Buffer.alloc(2);
  len.writeUInt16LE(value.length, 0);
  return Buffer.concat([tagBytes(e.tag), vr, len, value]);
}

function encodeElements(elements: readonly WriterElement[]): Buffer {
  return Buffer.concat([...elements].sort((a, b) => (a.tag < b.tag ? -1 : 1)).map(encodeElement));
}

function item(body: Uint8Array, element = 0xe000): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16LE(0xfffe, 0);
  head.writeUInt16LE(element, 2);
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

/** A Part 10 file: preamble, meta header, data set, then native or encapsulated pixel data. */
export function writeDicomFile(
  elements: readonly WriterElement[],
  pixels: EncapsulatedPixelData | NativePixelData,
  transferSyntaxUID = 'native' in pixels ? '1.2.840.10008.1.2.1' : '1.2.840.10008.1.2.4.50',
): Buffer {
  // Empty when absent or not text: the fuzz test removes and retypes these too.
  const text = (tag: string): string => {
    const v = elements.find((e) => e.tag === tag)?.value;
    return typeof v === 'string' ? v : '';
  };
  const sopClass = text('00080016');
  const sopInstance = text('00080018');
  const meta = [
    { tag: '00020001', vr: 'OB', value: '\0\x01' },
    { tag: '00020002', vr: 'UI', value: sopClass },
    { tag: '00020003', vr: 'UI', value: sopInstance },
    { tag: '00020010', vr: 'UI', value: transferSyntaxUID },
    { tag: '00020012', vr: 'UI', value: '1.2.826.0.1.3680043.9.7156.1' },
  ].map((e) =>
    e.vr === 'OB' ? encodeOB(e.tag, Buffer.from(e.value, 'latin1')) : encodeElement(e),
  );
  const metaBody = Buffer.concat(meta);
  const groupLength = encodeElement({ tag: '00020000', vr: 'UL', value: [metaBody.length] });
  const head = [Buffer.alloc(128), Buffer.from('DICM', 'latin1'), groupLength, metaBody];
  if ('native' in pixels) {
    return Buffer.concat([
      ...head,
      encodeElements(elements),
      encodeOB('7fe00010', Buffer.from(pixels.native)),
    ]);
  }

  const bot = Buffer.alloc((pixels.basicOffsetTable ?? []).length * 4);
  (pixels.basicOffsetTable ?? []).forEach((o, i) => bot.writeUInt32LE(o, i * 4));
  const fragments = pixels.fragments.map((f) =>
    item(f.length % 2 === 0 ? f : Buffer.concat([f, Buffer.from([0])])),
  );
  const pixelHead = Buffer.concat([
    tagBytes('7fe00010'),
    Buffer.from('OB', 'latin1'),
    Buffer.from([0, 0, 0xff, 0xff, 0xff, 0xff]),
  ]);
  return Buffer.concat([
    ...head,
    encodeElements(elements),
    pixelHead,
    item(bot),
    ...fragments,
    item(new Uint8Array(0), 0xe0dd),
  ]);
}

function encodeOB(tag: string, value: Buffer): Buffer {
  const len = Buffer.alloc(6);
  len.writeUInt32LE(value.length, 2);
  return Buffer.concat([tagBytes(tag), Buffer.from('OB', 'latin1'), len, value]);
}

/** The fragment offsets of a Basic Offset Table for frames made of these fragment counts. */
export function offsetTable(
  fragments: readonly Uint8Array[],
  fragmentsPerFrame: readonly number[],
): number[] {
  const out: number[] = [];
  let at = 0;
  let f = 0;
  for (const n of fragmentsPerFrame) {
    out.push(at);
    for (let i = 0; i < n; i++) {
      const len = fragments[f++]?.length ?? 0;
      at += 8 + len + (len % 2);
    }
  }
  return out;
}
