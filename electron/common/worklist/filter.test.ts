import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '../contract';
import type { FilterContext } from './filter';
import {
  countByStatus,
  foldText,
  isSignedToday,
  matchesSearch,
  matchesWorklist,
  neighbours,
} from './filter';
import type { WorklistPrefs } from './model';
import { DEFAULT_WORKLIST_PREFS } from './model';

/** Noon, local time, on 3 December 2026. */
const NOW = new Date(2026, 11, 3, 12, 0, 0);
const daysAgo = (n: number, hour = 9) => new Date(2026, 11, 3 - n, hour, 0, 0).toISOString();

const base: CaseSummary = {
  id: 'c',
  accession: 'B26-000001',
  patient: { name: 'DURAND Hélène', id: 'IPP-0042', birthDate: null, sex: 'F' },
  specimen: 'Côlon droit, hémicolectomie',
  priority: 'routine',
  status: 'new',
  receivedAt: daysAgo(0),
  slideCount: 2,
  source: 'demo',
  stains: ['HES', 'CK20'],
  assignedTo: null,
  signedAt: null,
};
const make = (id: string, over: Partial<CaseSummary> = {}): CaseSummary => ({
  ...base,
  id,
  ...over,
});
const ctx: FilterContext = { userId: 'u1', now: NOW };
const prefs = (over: Partial<WorklistPrefs> = {}): WorklistPrefs => ({
  ...DEFAULT_WORKLIST_PREFS,
  ...over,
});

describe('search', () => {
  it('folds accents and case', () => {
    expect(foldText('Hélène ÇA')).toBe('helene ca');
  });

  it('finds a case by accession, patient name, patient identifier, specimen and stain, accent-insensitive', () => {
    const c = make('a');
    for (const q of [
      'b26-000001',
      'helene',
      'ipp-0042',
      'colon hemicolectomie',
      'ck20',
      'hes durand',
    ])
      expect(matchesSearch(c, q)).toBe(true);
    expect(matchesSearch(c, 'CD20')).toBe(false);
    expect(matchesSearch(c, 'helene CD20')).toBe(false);
    expect(matchesSearch(c, '  ')).toBe(true);
    expect(matchesSearch(c, 'en cours', 'En cours')).toBe(true);
  });
});

describe('filters', () => {
  const mine = make('mine', { assignedTo: { userId: 'u1', name: 'Claire Dupont' } });
  const theirs = make('theirs', { assignedTo: { userId: 'u2', name: 'Hélène Leroy' } });
  const nobody = make('nobody');
  const archiveOnly = make('named', { assignedTo: { userId: null, name: 'Martin Jacques' } });

  it('hides signed cases by default and shows only those signed today in the signed view', () => {
    const signedToday = make('s1', { status: 'signed_out', signedAt: daysAgo(0, 10) });
    const signedYesterday = make('s2', { status: 'signed_out', signedAt: daysAgo(1, 18) });
    expect(matchesWorklist(signedToday, prefs(), ctx)).toBe(false);
    expect(matchesWorklist(signedToday, prefs({ view: 'signedToday' }), ctx)).toBe(true);
    expect(matchesWorklist(signedYesterday, prefs({ view: 'signedToday' }), ctx)).toBe(false);
    expect(matchesWorklist(nobody, prefs({ view: 'signedToday' }), ctx)).toBe(false);
    expect(isSignedToday(make('x', { status: 'signed_out', signedAt: 'garbage' }), NOW)).toBe(
      false,
    );
  });

  it('keeps "mine", "unassigned" or everyone', () => {
    const all = [mine, theirs, nobody, archiveOnly];
    const ids = (p: WorklistPrefs, c = ctx) =>
      all.filter((x) => matchesWorklist(x, p, c)).map((x) => x.id);
    expect(ids(prefs({ assignment: 'mine' }))).toEqual(['mine']);
    expect(ids(prefs({ assignment: 'unassigned' }))).toEqual(['nobody']);
    expect(ids(prefs())).toEqual(['mine', 'theirs', 'nobody', 'named']);
    expect(ids(prefs({ assignment: 'mine' }), { userId: null, now: NOW })).toEqual([]);
  });

  it('filters by status, priority and received date', () => {
    const old = make('old', { receivedAt: daysAgo(10), priority: 'frozen' });
    const week = make('week', { receivedAt: daysAgo(6, 0), status: 'pending_ihc' });
    const today = make('today', {
      receivedAt: daysAgo(0, 0),
      priority: 'urgent',
      status: 'in_progress',
    });
    const all = [old, week, today];
    const ids = (p: WorklistPrefs) =>
      all.filter((x) => matchesWorklist(x, p, ctx)).map((x) => x.id);
    expect(ids(prefs({ received: 'today' }))).toEqual(['today']);
    expect(ids(prefs({ received: 'week' }))).toEqual(['week', 'today']);
    expect(ids(prefs({ priorities: ['frozen', 'urgent'] }))).toEqual(['old', 'today']);
    expect(ids(prefs({ statuses: ['pending_ihc', 'in_progress'] }))).toEqual(['week', 'today']);
    expect(ids(prefs({ statuses: ['new'], received: 'week' }))).toEqual([]);
  });

  it('counts each status with the other filters and the search applied', () => {
    const all = [
      make('n1'),
      make('n2', { priority: 'urgent' }),
      make('p1', { status: 'in_progress', patient: { ...base.patient, name: 'Martin Paul' } }),
      make('i1', { status: 'pending_ihc' }),
      make('s1', { status: 'signed_out', signedAt: daysAgo(0, 8) }),
      make('s2', { status: 'signed_out', signedAt: daysAgo(2) }),
    ];
    expect(countByStatus(all, prefs({ statuses: ['new'] }), ctx)).toEqual({
      new: 2,
      in_progress: 1,
      pending_ihc: 1,
      signedToday: 1,
    });
    expect(countByStatus(all, prefs({ priorities: ['urgent'] }), ctx)).toEqual({
      new: 1,
      in_progress: 0,
      pending_ihc: 0,
      signedToday: 0,
    });
    expect(countByStatus(all, prefs(), ctx, 'durand')).toEqual({
      new: 2,
      in_progress: 0,
      pending_ihc: 1,
      signedToday: 1,
    });
  });
});

describe('next and previous case', () => {
  const sorted = ['a', 'b', 'c', 'd', 'e'].map((id) => make(id));
  const keep = (c: CaseSummary) => c.id !== 'b' && c.id !== 'd';

  it('skips cases the filters hide, and stops at both ends', () => {
    expect(neighbours(sorted, 'c', keep)).toEqual({ previous: 'a', next: 'e' });
    expect(neighbours(sorted, 'a', keep)).toEqual({ previous: null, next: 'c' });
    expect(neighbours(sorted, 'e', keep)).toEqual({ previous: 'c', next: null });
  });

  it('moves on from a case the filters no longer keep (opened, or just signed)', () => {
    expect(neighbours(sorted, 'b', keep)).toEqual({ previous: 'a', next: 'c' });
    expect(neighbours(sorted, 'zz', keep)).toEqual({ previous: null, next: null });
  });
});
