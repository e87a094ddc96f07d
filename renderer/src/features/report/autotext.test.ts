import { describe, expect, it } from 'vitest';
import {
  AutotextFileError,
  applyExpansion,
  findExpansion,
  mergeAutotext,
  parseAutotextFile,
} from './autotext';

const entries = [
  { abbreviation: '.neg', text: 'No malignancy.' },
  { abbreviation: '.ln', text: 'Lymph node' },
];

describe('findExpansion', () => {
  it('expands an abbreviation followed by a space, the cursor after the space', () => {
    const value = 'Margins: .neg ';
    const e = findExpansion(value, value.length, entries);
    expect(e).toEqual({ start: 9, end: 13, text: 'No malignancy.' });
    expect(applyExpansion(value, e!)).toEqual({
      value: 'Margins: No malignancy. ',
      cursor: 'Margins: No malignancy. '.length,
    });
  });

  it('expands on a new line too, and in the middle of a text', () => {
    const value = 'A\n.ln\nrest';
    const cursor = 6; // just after the new line that follows ".ln"
    const e = findExpansion(value, cursor, entries);
    expect(e).not.toBeNull();
    const r = applyExpansion(value, e!);
    expect(r.value).toBe('A\nLymph node\nrest');
    expect(r.value.slice(0, r.cursor)).toBe('A\nLymph node\n');
  });

  it('expands at the very start of the text', () => {
    expect(findExpansion('.neg ', 5, entries)?.start).toBe(0);
  });

  it('leaves words that merely contain an abbreviation alone', () => {
    expect(findExpansion('see fig.neg ', 12, entries)).toBeNull();
    expect(findExpansion('3.neg ', 6, entries)).toBeNull();
  });

  it('does nothing without the space, or for an unknown abbreviation, or mid-word', () => {
    expect(findExpansion('.neg', 4, entries)).toBeNull();
    expect(findExpansion('.negx ', 6, entries)).toBeNull();
    expect(findExpansion('.unknown ', 9, entries)).toBeNull();
    // The cursor is not just after the space (the user moved back into the text).
    expect(findExpansion('.neg abc', 3, entries)).toBeNull();
    expect(findExpansion('', 0, entries)).toBeNull();
  });

  it('is case-sensitive, as the abbreviation was defined', () => {
    expect(findExpansion('.NEG ', 5, entries)).toBeNull();
  });

  it('accepts an abbreviation after an opening bracket or a French guillemet', () => {
    expect(findExpansion('(.neg ', 6, entries)?.start).toBe(1);
    expect(findExpansion('«.neg ', 6, entries)?.start).toBe(1);
  });
});

describe('autotext files', () => {
  it('reads a list or { entries }, and refuses anything else', () => {
    expect(parseAutotextFile(JSON.stringify(entries))).toEqual(entries);
    expect(parseAutotextFile(JSON.stringify({ entries }))).toEqual(entries);
    expect(() => parseAutotextFile('{"a":1}')).toThrow();
    expect(() => parseAutotextFile('[{"abbreviation":".a"}]')).toThrow(/entry 1/);
    expect(() => parseAutotextFile('not json')).toThrow();
  });

  it('says why a file is refused as a problem code and the faulty entry, for the UI to word', () => {
    const problem = (json: string) => {
      try {
        parseAutotextFile(json);
      } catch (e) {
        if (e instanceof AutotextFileError) return [e.problem, e.entry];
        throw e;
      }
      return null;
    };
    expect(problem('not json')).toEqual(['not_json', null]);
    expect(problem('{"a":1}')).toEqual(['not_a_list', null]);
    expect(problem('[{"abbreviation":".a","text":"A"}, 3]')).toEqual(['entry_fields', 2]);
    expect(problem('[{"abbreviation":"no dot","text":"A"}]')).toEqual(['entry_invalid', 1]);
    expect(problem('[{"abbreviation":".a","text":""}]')).toEqual(['entry_invalid', 1]);
    expect(problem(JSON.stringify({ entries }))).toBeNull();
  });

  it('merges by abbreviation, the imported text winning', () => {
    expect(
      mergeAutotext(entries, [
        { abbreviation: '.neg', text: 'Negative.' },
        { abbreviation: '.a', text: 'A' },
      ]),
    ).toEqual([
      { abbreviation: '.a', text: 'A' },
      { abbreviation: '.ln', text: 'Lymph node' },
      { abbreviation: '.neg', text: 'Negative.' },
    ]);
  });
});
