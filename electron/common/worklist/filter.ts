/**
 * The worklist's filters, search, counts and case-to-case moves: pure functions shared by
 * the window and the engine, so what a pathologist sees in the filter bar is tested
 * without a browser.
 */
import type { CaseSummary } from '../contract';
import type { OpenStatus, WorklistPrefs } from './model';
import { OPEN_STATUSES } from './model';

/** Lower case without accents or other combining marks: "helene" finds "Hélène". */
export function foldText(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The text a search looks in: accession, patient name and id, specimen and stains. */
export function searchText(c: CaseSummary): string {
  return [c.accession, c.patient.name, c.patient.id, c.specimen, ...c.stains].join(' ');
}

/**
 * Whether every word of `query` appears in the case's searchable text (or in `extra`,
 * what the window adds, such as the translated status), ignoring case and accents.
 */
export function matchesSearch(c: CaseSummary, query: string, extra = ''): boolean {
  const words = foldText(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = foldText(`${searchText(c)} ${extra}`);
  return words.every((w) => haystack.includes(w));
}

/** Midnight (local time) of the day `now` is in. */
export function startOfDay(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

/** A week: today and the six days before it. */
const WEEK_DAYS = 7;

function since(received: WorklistPrefs['received'], now: Date): number {
  const today = startOfDay(now);
  if (received === 'today') return today.getTime();
  if (received === 'week')
    return new Date(
      today.getFullYear(),
      today.getMonth(),
      today.getDate() - (WEEK_DAYS - 1),
    ).getTime();
  return Number.NEGATIVE_INFINITY;
}

/** Signed out on the local day of `now`. */
export function isSignedToday(c: CaseSummary, now: Date): boolean {
  if (c.status !== 'signed_out' || c.signedAt === null) return false;
  const at = new Date(c.signedAt);
  if (Number.isNaN(at.getTime())) return false;
  return startOfDay(at).getTime() === startOfDay(now).getTime();
}

/** Who is looking at the list, and when. */
export interface FilterContext {
  /** The current user's profile id; null when nobody is chosen ("mine" is then empty). */
  userId: string | null;
  now: Date;
}

function assignmentMatches(c: CaseSummary, prefs: WorklistPrefs, ctx: FilterContext): boolean {
  switch (prefs.assignment) {
    case 'all':
      return true;
    case 'unassigned':
      return c.assignedTo === null;
    case 'mine':
      return ctx.userId !== null && c.assignedTo?.userId === ctx.userId;
  }
}

/** Every filter but the status ones (the counts of the status chips are taken there). */
function matchesOthers(c: CaseSummary, prefs: WorklistPrefs, ctx: FilterContext): boolean {
  if (prefs.priorities.length > 0 && !prefs.priorities.includes(c.priority)) return false;
  if (!assignmentMatches(c, prefs, ctx)) return false;
  if (prefs.view === 'open') {
    const received = Date.parse(c.receivedAt);
    if (prefs.received !== 'all' && !(received >= since(prefs.received, ctx.now))) return false;
  }
  return true;
}

function isOpenStatus(s: CaseSummary['status']): s is OpenStatus {
  return (OPEN_STATUSES as readonly string[]).includes(s);
}

function matchesStatus(c: CaseSummary, prefs: WorklistPrefs, ctx: FilterContext): boolean {
  if (prefs.view === 'signedToday') return isSignedToday(c, ctx.now);
  if (!isOpenStatus(c.status)) return false;
  return prefs.statuses.length === 0 || prefs.statuses.includes(c.status);
}

/** Whether the case is in the list the filter bar describes (search included). */
export function matchesWorklist(
  c: CaseSummary,
  prefs: WorklistPrefs,
  ctx: FilterContext,
  query = '',
  extra: (c: CaseSummary) => string = () => '',
): boolean {
  return (
    matchesStatus(c, prefs, ctx) &&
    matchesOthers(c, prefs, ctx) &&
    matchesSearch(c, query, extra(c))
  );
}

export type StatusCounts = Record<OpenStatus, number> & { signedToday: number };

/**
 * How many cases each status chip would show with the other filters and the search as
 * they are: the chips say where the work is before one is chosen.
 */
export function countByStatus(
  cases: readonly CaseSummary[],
  prefs: WorklistPrefs,
  ctx: FilterContext,
  query = '',
  extra: (c: CaseSummary) => string = () => '',
): StatusCounts {
  const counts: StatusCounts = { new: 0, in_progress: 0, pending_ihc: 0, signedToday: 0 };
  // The received filter belongs to the open view: the signed count is the day's.
  const openPrefs: WorklistPrefs = { ...prefs, view: 'open' };
  const signedPrefs: WorklistPrefs = { ...prefs, view: 'signedToday' };
  for (const c of cases) {
    if (!matchesSearch(c, query, extra(c))) continue;
    if (isOpenStatus(c.status)) {
      if (matchesOthers(c, openPrefs, ctx)) counts[c.status]++;
    } else if (isSignedToday(c, ctx.now) && matchesOthers(c, signedPrefs, ctx)) {
      counts.signedToday++;
    }
  }
  return counts;
}

/**
 * The cases before and after `currentId` in `sorted` (the whole worklist in the order on
 * screen) among those `keep` accepts. The current case need not be kept itself: opening a
 * New case makes it In progress, and signing it hides it, yet "next" still means the one
 * after it in the list the user was working through.
 */
export function neighbours(
  sorted: readonly CaseSummary[],
  currentId: string,
  keep: (c: CaseSummary) => boolean,
): { previous: string | null; next: string | null } {
  const index = sorted.findIndex((c) => c.id === currentId);
  if (index === -1) return { previous: null, next: null };
  let previous: string | null = null;
  for (let i = index - 1; i >= 0; i--) {
    const c = sorted[i]!;
    if (keep(c)) {
      previous = c.id;
      break;
    }
  }
  let next: string | null = null;
  for (let i = index + 1; i < sorted.length; i++) {
    const c = sorted[i]!;
    if (keep(c)) {
      next = c.id;
      break;
    }
  }
  return { previous, next };
}
