/**
 * Sorting, filtering and keyboard selection of the worklist: pure functions, so the rules
 * a pathologist relies on (frozen sections first) are tested without React.
 */
import type { CaseStatus, CaseSummary, Priority } from '../../../electron/common/contract';
import { CASE_STATUSES, PRIORITIES } from '../../../electron/common/contract';

export const SORT_KEYS = [
  'priority',
  'accession',
  'patient',
  'specimen',
  'slides',
  'status',
  'received',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';
export interface SortState {
  key: SortKey;
  direction: SortDirection;
}

/** Frozen sections first (the surgeon is waiting), then urgent, then routine; oldest first. */
export const DEFAULT_SORT: SortState = { key: 'priority', direction: 'asc' };

const priorityRank = (p: Priority): number => PRIORITIES.indexOf(p);
const statusRank = (s: CaseStatus): number => CASE_STATUSES.indexOf(s);
const time = (iso: string): number => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
};

/** Priority then received date: the order used by default and to break ties. */
function byUrgency(a: CaseSummary, b: CaseSummary): number {
  return (
    priorityRank(a.priority) - priorityRank(b.priority) || time(a.receivedAt) - time(b.receivedAt)
  );
}

export function compareCases(
  a: CaseSummary,
  b: CaseSummary,
  key: SortKey,
  collator: Intl.Collator,
): number {
  switch (key) {
    case 'priority':
      return byUrgency(a, b);
    case 'accession':
      return collator.compare(a.accession, b.accession);
    case 'patient':
      return collator.compare(a.patient.name, b.patient.name);
    case 'specimen':
      return collator.compare(a.specimen, b.specimen);
    case 'slides':
      return a.slideCount - b.slideCount;
    case 'status':
      return statusRank(a.status) - statusRank(b.status);
    case 'received':
      return time(a.receivedAt) - time(b.receivedAt);
  }
}

export function sortCases(
  cases: readonly CaseSummary[],
  sort: SortState,
  locale: string,
): CaseSummary[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...cases].sort(
    (a, b) =>
      sign * compareCases(a, b, sort.key, collator) ||
      byUrgency(a, b) ||
      collator.compare(a.accession, b.accession),
  );
}

/** Lower case without accents, so that "helene" finds "Hélène". */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

/**
 * Keeps the cases where every word of `query` appears in the accession, patient name or
 * id, specimen, or in `extraText(c)` (translated priority and status, supplied by the UI).
 */
export function filterCases(
  cases: readonly CaseSummary[],
  query: string,
  extraText: (c: CaseSummary) => string = () => '',
): CaseSummary[] {
  const words = foldText(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...cases];
  return cases.filter((c) => {
    const haystack = foldText(
      [c.accession, c.patient.name, c.patient.id, c.specimen, extraText(c)].join(' '),
    );
    return words.every((w) => haystack.includes(w));
  });
}

/** Clicking a column sorts by it ascending; clicking it again reverses. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: 'asc' };
}

/**
 * The id selected after moving `delta` rows from `current` in `ids` (clamped at both ends).
 * With nothing selected, any move selects the first row.
 */
export function moveSelection(
  ids: readonly string[],
  current: string | null,
  delta: number,
): string | null {
  if (ids.length === 0) return null;
  const index = current === null ? -1 : ids.indexOf(current);
  if (index === -1) return ids[0] ?? null;
  const next = Math.min(ids.length - 1, Math.max(0, index + delta));
  return ids[next] ?? null;
}

/** Age in whole years on `now`, or null when the birth date is unknown or malformed. */
export function ageInYears(birthDate: string | null, now: Date): number | null {
  if (birthDate === null) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = now.getFullYear() - y;
  if (now.getMonth() + 1 < mo || (now.getMonth() + 1 === mo && now.getDate() < d)) age -= 1;
  return age >= 0 ? age : null;
}
