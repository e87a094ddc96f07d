/**
 * Guards the French interface for strings added later: every English key is translated,
 * nothing is left in English, French typography holds (a no-break space before ":" and
 * inside « », a narrow one before "?", "!" and ";"), and the words French laboratories use.
 */
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';

function flatten(obj: object, prefix = ''): [string, string][] {
  return Object.entries(obj).flatMap(([k, v]): [string, string][] =>
    typeof v === 'object' && v !== null
      ? flatten(v as object, `${prefix}${k}.`)
      : [[`${prefix}${k}`, String(v)]],
  );
}

const flatEn = flatten(en);
const flatFr = new Map(flatten(fr));

/**
 * Texts that are the same in both languages on purpose: words French shares with English,
 * proper names, units and pure formats. A new one belongs here only after a French reading.
 */
const SAME_IN_FRENCH = new Set([
  'Action',
  'Addenda',
  'Addendum',
  'Alt',
  'Annotations',
  'Archive',
  'Classes',
  'Conclusion',
  'Ctrl',
  'Date',
  'Ellipse',
  'English',
  'F',
  'Français',
  'Gamma',
  'IHC',
  'Local',
  'Note',
  'Patient',
  'Point',
  'Position',
  'Rectangle',
  'Rotation',
  'SHA-256 {{hash}}…',
  'Urgent',
  'Version {{version}}',
  'Versions',
  'X',
  '{{count}} annotation',
  '{{count}} annotations',
  '{{degrees}}°',
  '{{kind}} {{number}}',
  '{{tool}} ({{key}})',
  '{{value}}',
  '{{value}} %',
  '{{value}}×',
  '{{width}} × {{height}}',
]);

/** Keys where a sign stands for a key of the keyboard, not punctuation. */
const KEY_NAMES = new Set(['worklist.hint']);

/** What is not prose: placeholders, addresses, drive letters and times. */
function prose(text: string): string {
  return text
    .replace(/\{\{[^}]*\}\}/g, 'X')
    .replace(/\b[a-z]+:\/\/\S*/gi, 'X')
    .replace(/\b[A-Z]:\\/g, 'X')
    .replace(/\d:\d/g, 'X');
}

describe('French strings', () => {
  it('translate every English key', () => {
    const missing = flatEn.filter(([key]) => !flatFr.has(key)).map(([key]) => key);
    expect(missing).toEqual([]);
  });

  it('leave nothing in English (beyond the words both languages share)', () => {
    const untranslated = flatEn
      .filter(([key, text]) => flatFr.get(key) === text && !SAME_IN_FRENCH.has(text))
      .map(([key, text]) => `${key}: ${text}`);
    expect(untranslated).toEqual([]);
  });

  it('put a no-break space before ":" and inside « », a narrow one before ? ! ;', () => {
    const wrong: string[] = [];
    for (const [key, text] of flatFr) {
      const p = prose(text);
      if (/(^|[^\u00a0\u202f]):/.test(p) && !/^:/.test(p)) wrong.push(`${key} ":" ${text}`);
      if (/«(?!\u00a0)|(?<!\u00a0)»/.test(p)) wrong.push(`${key} «» ${text}`);
      if (!KEY_NAMES.has(key) && /[^\u202f\u00a0…([«\s][?!;]|[ ][?!;]/.test(p))
        wrong.push(`${key} ?!; ${text}`);
    }
    expect(wrong).toEqual([]);
  });

  it("never wrap the engine's words in a French sentence (they go behind “Détails”)", () => {
    // An engine message is English: "Détail : The file is truncated…" put it inside French
    // text. The UI words the error code and shows the message only through ErrorDetails.
    const wrapping = [...flatFr]
      .filter(([, text]) => /\{\{\s*(message|error|detail|details|reason)\s*\}\}/.test(text))
      .map(([key, text]) => `${key}: ${text}`);
    expect(wrapping).toEqual([]);
  });

  it('use the words of a French laboratory', () => {
    const all = [...flatFr.values()].join('\n');
    expect(all).not.toMatch(/\bNUMÉRO\b|\bLocal seulement\b|\bH&E\b|\brépertoire/i);
    expect(flatFr.get('worklist.columns.accession')).toBe('N° d’examen');
    expect(flatFr.get('stainKind.HE')).toBe('HES');
    expect(flatFr.get('connection.none')).toBe('Local uniquement');
  });
});
