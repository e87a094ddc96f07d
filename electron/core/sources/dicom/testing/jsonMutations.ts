/**
 * Deterministic mutations of DICOMweb series metadata (the DICOM JSON model, PS3.18 F.2)
 * for the DICOM fuzz test: values replaced by huge, negative or fractional numbers,
 * strings, nulls, arrays and nested garbage; `Value` that is not a list; removed keys and
 * wrong VRs; instances dropped, repeated or replaced; and damaged JSON text. The result is
 * the text an archive would send. Test-only code.
 */
import type { Random } from './part10Mutations';
import { pick } from './part10Mutations';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Stands for a number JSON can carry but JSON.stringify cannot write (parses to Infinity). */
const OVERFLOW = '\u0000overflow\u0000';

const HOSTILE: Json[] = [
  0,
  -1,
  0.5,
  1,
  16,
  65536,
  2 ** 31,
  4_294_967_295,
  2_000_000,
  5_000_000,
  5e6 * 5e6,
  2 ** 53,
  1e308,
  -1e308,
  OVERFLOW,
  '',
  'abc',
  '2000000',
  '-5',
  '1e400',
  null,
  true,
  [],
  {},
  [[[[]]]],
  { Alphabetic: 5 },
  { vr: 'SQ', Value: [{}] },
  ['x', null, {}],
];

/** Attributes the WSI code reads; mutations aim at them half of the time. */
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
  '00209161',
  '00280030',
  '00080008',
  '00080018',
  '0020000E',
  '52009229',
  '52009230',
  '0048021A',
  '00480105',
]);

interface Slot {
  /** The data set holding the element, and its key. */
  ds: { [key: string]: Json };
  key: string;
}

function slots(instances: Json[]): Slot[] {
  const out: Slot[] = [];
  const walk = (ds: Json) => {
    if (ds === null || typeof ds !== 'object' || Array.isArray(ds)) return;
    for (const key of Object.keys(ds)) {
      out.push({ ds, key });
      const value = (ds[key] as { Value?: Json } | null)?.Value;
      if (Array.isArray(value)) for (const item of value) walk(item);
    }
  };
  instances.forEach(walk);
  return out;
}

/** Deep nesting an archive would never send, within what JSON.parse takes. */
function garbage(random: Random, depth = 0): Json {
  if (depth > 6 || random() < 0.3) return pick(random, HOSTILE);
  if (random() < 0.5) return [garbage(random, depth + 1), garbage(random, depth + 1)];
  return { [pick(random, ['Value', 'vr', '00480006', 'x'])]: garbage(random, depth + 1) };
}

const KINDS = [
  'value',
  'value',
  'value',
  'Value',
  'element',
  'remove',
  'vr',
  'instances',
  'text',
  'multi',
] as const;

/** A mutated copy of `seed` (an array of instances) as JSON text, and what was done. */
export function mutateJson(seed: Json[], random: Random): { text: string; kind: string } {
  const instances = structuredClone(seed);
  const kind = pick(random, KINDS);
  const rounds = kind === 'multi' ? 2 + Math.floor(random() * 4) : 1;
  let damageText = kind === 'text';
  for (let r = 0; r < rounds && !damageText; r++) {
    const k = kind === 'multi' ? pick(random, KINDS.slice(0, 7)) : kind;
    const all = slots(instances);
    const targeted = all.filter((s) => TARGETS.has(s.key.toUpperCase()));
    const slot = pick(random, random() < 0.5 && targeted.length > 0 ? targeted : all);
    const element = slot.ds[slot.key];
    const el =
      element !== null && typeof element === 'object' && !Array.isArray(element) ? element : null;
    switch (k) {
      case 'value': {
        const values = el?.['Value'];
        if (Array.isArray(values) && values.length > 0) {
          values[Math.floor(random() * values.length)] = garbage(random);
        } else if (el !== null) {
          el['Value'] = [garbage(random)];
        }
        break;
      }
      case 'Value':
        if (el !== null) el['Value'] = garbage(random);
        break;
      case 'element':
        slot.ds[slot.key] = garbage(random);
        break;
      case 'remove':
        if (el !== null && random() < 0.5) delete el[pick(random, ['Value', 'vr'])];
        else delete slot.ds[slot.key];
        break;
      case 'vr':
        if (el !== null) el['vr'] = pick(random, ['SQ', 'US', 'UL', 'PN', 'OB', '', 7, null]);
        break;
      case 'instances': {
        const i = Math.floor(random() * instances.length);
        const what = pick(random, ['drop', 'repeat', 'replace', 'empty'] as const);
        if (what === 'drop') instances.splice(i, 1);
        else if (what === 'repeat') instances.push(...instances);
        else if (what === 'replace') instances[i] = garbage(random);
        else instances.length = 0;
        break;
      }
      case 'text':
        damageText = true;
        break;
    }
  }
  let text = JSON.stringify(instances).replaceAll(JSON.stringify(OVERFLOW), '1e400');
  if (damageText) {
    const at = Math.floor(random() * text.length);
    text =
      random() < 0.5
        ? text.slice(0, at)
        : `${text.slice(0, at)}${pick(random, ['{', ']', '"', ',', '\u00ff'])}${text.slice(at + 1)}`;
  }
  return { text, kind };
}
