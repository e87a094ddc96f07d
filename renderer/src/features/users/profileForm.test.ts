import { describe, expect, it } from 'vitest';
import { parseLockMinutes, pinProblem, profileProblem, suggestInitials } from './profileForm';

describe('profile form checks', () => {
  it('suggests initials from a name', () => {
    expect(suggestInitials('Claire Dupont')).toBe('CD');
    expect(suggestInitials('jean-marc  le goff')).toBe('JMLG');
    expect(suggestInitials('  ')).toBe('');
  });

  it('asks for a name and initials', () => {
    expect(profileProblem({ name: ' ', initials: 'CD' })).toBe('nameMissing');
    expect(profileProblem({ name: 'Claire', initials: '' })).toBe('initialsMissing');
    expect(profileProblem({ name: 'Claire', initials: 'ABCDEFG' })).toBe('initialsTooLong');
    expect(profileProblem({ name: 'Claire', initials: 'CD' })).toBeNull();
  });

  it('wants 4 to 12 digits, typed twice the same', () => {
    expect(pinProblem('123', '123')).toBe('pinFormat');
    expect(pinProblem('12a4', '12a4')).toBe('pinFormat');
    expect(pinProblem('1234567890123', '1234567890123')).toBe('pinFormat');
    expect(pinProblem('1234', '1243')).toBe('pinMismatch');
    expect(pinProblem('1234', '1234')).toBeNull();
  });

  it('reads a lock delay between 0 and 240 minutes', () => {
    expect(parseLockMinutes(' 15 ')).toBe(15);
    expect(parseLockMinutes('0')).toBe(0);
    expect(parseLockMinutes('240')).toBe(240);
    expect(parseLockMinutes('241')).toBeNull();
    expect(parseLockMinutes('1.5')).toBeNull();
    expect(parseLockMinutes('')).toBeNull();
  });
});
