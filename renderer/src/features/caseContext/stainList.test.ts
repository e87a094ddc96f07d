import { describe, expect, it } from 'vitest';
import { parseStainList } from './stainList';

describe('parseStainList', () => {
  it('keeps one stain per line, trimmed, each once, in order', () => {
    expect(parseStainList(' HER2 \n\nRE\r\nher2\nKi-67\n')).toEqual({
      ok: true,
      stains: ['HER2', 'RE', 'Ki-67'],
    });
  });

  it('refuses an empty list, a name too long and too many stains', () => {
    expect(parseStainList('  \n ')).toEqual({ ok: false, problem: 'empty' });
    const long = 'x'.repeat(41);
    expect(parseStainList(`HER2\n${long}`)).toEqual({ ok: false, problem: 'tooLong', line: long });
    const many = Array.from({ length: 101 }, (_, i) => `S${i}`).join('\n');
    expect(parseStainList(many)).toEqual({ ok: false, problem: 'tooMany' });
  });
});
