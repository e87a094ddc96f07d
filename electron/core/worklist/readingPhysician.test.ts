import { describe, expect, it } from 'vitest';
import { matchProfile, nameKey } from './readingPhysician';

const profiles = [
  { id: 'u1', name: 'Claire Dupont' },
  { id: 'u2', name: 'Hélène Leroy' },
  { id: 'u3', name: 'Jean Martin' },
  { id: 'u4', name: 'Martin Jean' },
];

describe('reading physician to profile', () => {
  it('compares names whatever their order, case, accents, titles and punctuation', () => {
    expect(nameKey('Pr. LEROY, Hélène')).toBe(nameKey('helene leroy'));
    expect(matchProfile('Dr DUPONT Claire', profiles)).toBe('u1');
    expect(matchProfile('Leroy Helene', profiles)).toBe('u2');
  });

  it('matches nobody when no profile or several profiles have the name', () => {
    expect(matchProfile('Durand Paul', profiles)).toBeNull();
    expect(matchProfile('Martin Jean', profiles)).toBeNull();
    expect(matchProfile('Dr', profiles)).toBeNull();
  });
});
