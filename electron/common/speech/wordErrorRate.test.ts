import { describe, expect, it } from 'vitest';
import { wordErrorRate } from './wordErrorRate';

describe('wordErrorRate', () => {
  it('is 0 for the same words, whatever the case and punctuation', () => {
    expect(wordErrorRate('The tumour measures 12 mm.', 'the tumour measures 12 mm')).toBe(0);
  });
  it('counts substitutions, deletions and insertions against the reference', () => {
    expect(wordErrorRate('a b c d', 'a x c d')).toBe(0.25);
    expect(wordErrorRate('a b c d', 'a c d')).toBe(0.25);
    expect(wordErrorRate('a b c d', 'a b c d e f')).toBe(0.5);
    expect(wordErrorRate('a b', '')).toBe(1);
    expect(wordErrorRate('', '')).toBe(0);
  });
});
