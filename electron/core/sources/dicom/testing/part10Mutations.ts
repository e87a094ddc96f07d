/**
 * Deterministic mutations of DICOM Part 10 files for the DICOM fuzz test: byte flips,
 * truncation, overwritten element lengths and values (in place, so the rest of the file
 * still parses and the hostile value reaches the WSI code), and, for series we craft
 * ourselves, attribute-level changes re-encoded by the writer (values swapped for huge,
 * negative or zero numbers, removed attributes, wrong VRs, missing or extra fragments).
 * Test-only code.
 */
import { dicomParser } from '../parserAdapter';
import type { EncapsulatedPixelData, WriterElement, WriterValue } from './dicomWriter';
import { writeDicomFile } from './dicomWriter';

/** mulberry32: small, fast, deterministic (as the TIFF fuzz test uses). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
export const pick = <T>(random: Random, xs: readonly T[]): T =>
  xs[Math.floor(random() * xs.length)] as T;

/** Where an element's length and value are in the file (explicit VR little endian). */
export interface ElementLocation {
  tag: string;
  vr: string;
  valueAt: number;
  length: number;
  /** Offset and width (2 or 4) of the length field. */
  lengthAt: number;
  lengthSize: number;
}

/** An instance we made: its attributes and pixel data, to mutate before encoding. */
export interface CraftedModel {
  elements: WriterElement[];
  pixels: EncapsulatedPixelData;
}

export interface Part10Seed {
  name: string;
  bytes: Uint8Array;
  elements: ElementLocation[];
  model: CraftedModel | null;
}

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

/** Every element of the file, nested ones included, located with dicom-parser. */
export function locateElements(bytes: Uint8Array): ElementLocation[] {
  const out: ElementLocation[] = [];
  const walk = (
    elements: Record<
      string,
      {
        vr?: string;
        dataOffset: number;
        length: number;
        items?: Array<{ dataSet?: { elements: Record<string, never> } }>;
      }
    >,
  ) => {
    for (const [tag, e] of Object.entries(elements)) {
      const vr = e.vr ?? 'UN';
      const long = LONG_VRS.has(vr);
      out.push({
        tag: tag.slice(1).toUpperCase(),
        vr,
        valueAt: e.dataOffset,
        length: e.length,
        lengthAt: e.dataOffset - (long ? 4 : 2),
        lengthSize: long ? 4 : 2,
      });
      for (const item of e.items ?? []) if (item.dataSet) walk(item.dataSet.elements);
    }
  };
  walk(dicomParser.parseDicom(bytes).elements as never);
  return out;
}

export function part10Seed(
  name: string,
  bytes: Uint8Array,
  model: CraftedModel | null = null,
): Part10Seed {
  return { name, bytes, elements: locateElements(bytes), model };
}

/** Numbers that break naive readers: zero, negative, 2^16, 2^32 − 1, the sizes. */
const HUGE = [0, 1, 16, 65535, 65536, 0x7fffffff, 0xffffffff, 2_000_000, 5_000_000, 1 << 20];
const NUMERIC_TEXT = ['0', '-1', '4294967295', '2000000', '5e6', '1e400', 'abc', '1.5', ''];
/** Attributes the WSI code reads: mutations aim at them half of the time. */
const TARGETS = new Set([
  '00280008',
  '00280010',
  '00280011',
  '00480006',
  '00480007',
  '0048021E',
  '0048021F',
  '00209228',
  '00209162',
  '00280002',
  '00280030',
  '00080008',
  '00080018',
  '0020000E',
]);

function numberFor(vr: string, random: Random): number {
  const n = pick(random, HUGE);
  if (vr === 'US') return pick(random, [0, 1, 65535, 32768]);
  if (vr === 'SS') return pick(random, [0, -1, 32767, -32768]);
  if (vr === 'SL') return pick(random, [0, -1, 0x7fffffff, -0x80000000, 4_000_000]);
  if (vr === 'FD' || vr === 'FL') return pick(random, [NaN, Infinity, -1, 0, 1e300]);
  return n >>> 0;
}

/** Overwrites a value in place (same length): the file still parses, the value is hostile. */
function overwriteValue(out: Uint8Array, e: ElementLocation, random: Random): void {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  if (e.valueAt + e.length > out.length || e.length === 0) return;
  const size = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8 }[e.vr];
  if (size !== undefined && e.length >= size) {
    const n = numberFor(e.vr, random);
    if (e.vr === 'US') view.setUint16(e.valueAt, n, true);
    else if (e.vr === 'SS') view.setInt16(e.valueAt, n, true);
    else if (e.vr === 'UL') view.setUint32(e.valueAt, n, true);
    else if (e.vr === 'SL') view.setInt32(e.valueAt, n, true);
    else if (e.vr === 'FL') view.setFloat32(e.valueAt, n, true);
    else view.setFloat64(e.valueAt, n, true);
    return;
  }
  if (e.vr === 'SQ') return;
  const text =
    e.vr === 'IS' || e.vr === 'DS'
      ? pick(random, NUMERIC_TEXT)
      : pick(random, ['', 'VOLUME', 'LABEL', '\\\\\\', '9'.repeat(64)]);
  for (let i = 0; i < Math.min(e.length, 256); i++)
    out[e.valueAt + i] = i < text.length ? text.charCodeAt(i) : 0x20;
}

function mutateModel(model: CraftedModel, random: Random): Uint8Array {
  const elements = structuredClone(model.elements);
  const pixels = structuredClone(model.pixels);
  const all: Array<{ list: WriterElement[]; e: WriterElement }> = [];
  const walk = (list: WriterElement[]) => {
    for (const e of list) {
      all.push({ list, e });
      if (e.vr === 'SQ') for (const item of e.value as WriterElement[][]) walk(item);
    }
  };
  walk(elements);
  const targeted = all.filter((x) => TARGETS.has(x.e.tag));
  const { list, e } = pick(random, random() < 0.6 && targeted.length > 0 ? targeted : all);
  switch (pick(random, ['set', 'set', 'remove', 'vr', 'fragments', 'items'] as const)) {
    case 'set':
      e.value =
        typeof e.value === 'string'
          ? pick(random, NUMERIC_TEXT)
          : e.vr === 'SQ'
            ? []
            : [numberFor(e.vr, random)];
      break;
    case 'remove':
      list.splice(list.indexOf(e), 1);
      break;
    case 'vr': {
      // Text under a binary VR is written as text; numbers only under numeric VRs.
      if (e.vr === 'SQ') Object.assign(e, { vr: 'UN', value: 'garbage' });
      else if (typeof e.value === 'string') e.vr = pick(random, ['US', 'UL', 'UT', 'IS', 'UN']);
      else {
        e.vr = pick(random, ['US', 'UL', 'SL', 'SS', 'FD']);
        e.value = (e.value as number[]).map(() => numberFor(e.vr, random));
      }
      break;
    }
    case 'items': {
      const seqs = all.filter((x) => x.e.vr === 'SQ');
      const s = seqs.length > 0 ? pick(random, seqs).e : e;
      if (s.vr === 'SQ') {
        const items = s.value as WriterElement[][];
        s.value = random() < 0.5 ? [] : ([...items, ...items, ...items] as WriterValue);
      }
      break;
    }
    case 'fragments': {
      const f = pixels.fragments;
      const k = pick(random, ['drop', 'dup', 'no-bot', 'bad-bot', 'empty'] as const);
      if (k === 'drop') f.splice(Math.floor(random() * f.length), 1);
      else if (k === 'dup') f.push(...f);
      else if (k === 'no-bot') delete pixels.basicOffsetTable;
      else if (k === 'bad-bot')
        pixels.basicOffsetTable = (pixels.basicOffsetTable ?? [0]).map(() =>
          numberFor('UL', random),
        );
      else f[Math.floor(random() * f.length)] = new Uint8Array(0);
      break;
    }
  }
  return writeDicomFile(elements, pixels);
}

const KINDS = [
  'bitflip',
  'truncate',
  'length',
  'value',
  'value',
  'block',
  'model',
  'model',
  'multi',
] as const;

/** One mutated copy of a seed file, and what was done to it. */
export function mutatePart10(
  seed: Part10Seed,
  random: Random,
): { bytes: Uint8Array; kind: string } {
  const kind = pick(random, seed.model === null ? KINDS.filter((k) => k !== 'model') : KINDS);
  if (kind === 'model' && seed.model !== null)
    return { bytes: mutateModel(seed.model, random), kind };
  let out = new Uint8Array(seed.bytes);
  const rounds = kind === 'multi' ? 2 + Math.floor(random() * 4) : 1;
  for (let r = 0; r < rounds; r++) {
    const k = kind === 'multi' ? pick(random, ['bitflip', 'length', 'value', 'block']) : kind;
    const targeted = seed.elements.filter((e) => TARGETS.has(e.tag));
    const e = pick(random, random() < 0.5 && targeted.length > 0 ? targeted : seed.elements);
    switch (k) {
      case 'bitflip':
        for (let i = 0; i < 1 + Math.floor(random() * 8); i++) {
          const p =
            random() < 0.5
              ? e.lengthAt - 4 + Math.floor(random() * 8)
              : Math.floor(random() * out.length);
          if (p >= 0 && p < out.length) out[p] = (out[p] ?? 0) ^ (1 << Math.floor(random() * 8));
        }
        break;
      case 'truncate':
        out = out.slice(0, 132 + Math.floor(random() * (out.length - 132)));
        break;
      case 'length': {
        const view = new DataView(out.buffer);
        const n = pick(random, [...HUGE, e.length + 1, e.length - 1, out.length]);
        if (e.lengthSize === 2) view.setUint16(e.lengthAt, n & 0xffff, true);
        else view.setUint32(e.lengthAt, n >>> 0, true);
        break;
      }
      case 'value':
        overwriteValue(out, e, random);
        break;
      case 'block': {
        const start = Math.floor(random() * out.length);
        for (let i = start; i < Math.min(out.length, start + 1 + random() * 64); i++)
          out[i] = Math.floor(random() * 256);
        break;
      }
    }
  }
  return { bytes: out, kind };
}
