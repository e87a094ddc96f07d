import { describe, it, expect } from 'vitest';
import { FAKE_CASES } from '../testing/fakeApi';
import {
  DEFAULT_SORT,
  ageInYears,
  filterCases,
  foldText,
  moveSelection,
  nextSort,
  sortCases,
} from './worklistLogic';

const ids = (cases: { id: string }[]) => cases.map((c) => c.id);

describe('sortCases', () => {
  it('puts frozen before urgent before routine, oldest first, by default', () => {
    expect(ids(sortCases(FAKE_CASES, DEFAULT_SORT, 'en'))).toEqual([
      'C-frozen',
      'C-urgent',
      'C-routine-old',
      'C-routine-new',
    ]);
  });

  it('reverses on descending and sorts names with the locale collator', () => {
    expect(ids(sortCases(FAKE_CASES, { key: 'patient', direction: 'asc' }, 'fr'))).toEqual([
      'C-routine-old', // DURAND
      'C-frozen', // LEFEBVRE
      'C-urgent', // MARTIN
      'C-routine-new', // Petit (case-insensitive)
    ]);
    expect(ids(sortCases(FAKE_CASES, { key: 'received', direction: 'desc' }, 'en'))[0]).toBe(
      'C-frozen',
    );
  });

  it('breaks ties by urgency', () => {
    const sorted = sortCases(FAKE_CASES, { key: 'slides', direction: 'asc' }, 'en');
    // two cases have one slide: the frozen one comes first
    expect(ids(sorted).slice(0, 2)).toEqual(['C-frozen', 'C-routine-new']);
  });

  it('orders statuses by workflow, not alphabetically', () => {
    const sorted = sortCases(FAKE_CASES, { key: 'status', direction: 'asc' }, 'en');
    expect(sorted.map((c) => c.status)).toEqual(['new', 'new', 'in_progress', 'signed_out']);
  });
});

describe('filterCases', () => {
  it('matches every word, ignoring case and accents', () => {
    expect(ids(filterCases(FAKE_CASES, 'helene'))).toEqual(['C-routine-old']);
    expect(ids(filterCases(FAKE_CASES, '  H24 prostate '))).toEqual(['C-urgent']);
    expect(filterCases(FAKE_CASES, 'nothing-like-this')).toEqual([]);
    expect(filterCases(FAKE_CASES, '   ')).toHaveLength(FAKE_CASES.length);
  });

  it('searches the extra text given by the UI (translated priority)', () => {
    const extra = (c: { priority: string }) => (c.priority === 'frozen' ? 'Extemporané' : '');
    expect(ids(filterCases(FAKE_CASES, 'extempo', extra))).toEqual(['C-frozen']);
  });

  it('folds text', () => {
    expect(foldText('ÉCHO Çà')).toBe('echo ca');
  });
});

describe('nextSort', () => {
  it('toggles direction on the same column and starts ascending on another', () => {
    expect(nextSort(DEFAULT_SORT, 'priority')).toEqual({ key: 'priority', direction: 'desc' });
    expect(nextSort({ key: 'priority', direction: 'desc' }, 'received')).toEqual({
      key: 'received',
      direction: 'asc',
    });
  });
});

describe('moveSelection', () => {
  const list = ['a', 'b', 'c'];
  it('moves and clamps', () => {
    expect(moveSelection(list, 'a', 1)).toBe('b');
    expect(moveSelection(list, 'c', 1)).toBe('c');
    expect(moveSelection(list, 'b', -10)).toBe('a');
    expect(moveSelection(list, 'a', Infinity)).toBe('c');
  });
  it('selects the first row when nothing (or a hidden row) is selected', () => {
    expect(moveSelection(list, null, 1)).toBe('a');
    expect(moveSelection(list, 'zzz', -1)).toBe('a');
    expect(moveSelection([], 'a', 1)).toBeNull();
  });
});

describe('ageInYears', () => {
  const now = new Date(2024, 4, 4); // 4 May 2024
  it('counts whole years, birthday included', () => {
    expect(ageInYears('1956-05-04', now)).toBe(68);
    expect(ageInYears('1956-05-05', now)).toBe(67);
  });
  it('returns null when unknown or malformed', () => {
    expect(ageInYears(null, now)).toBeNull();
    expect(ageInYears('14/03/1956', now)).toBeNull();
    expect(ageInYears('2030-01-01', now)).toBeNull();
  });
});
