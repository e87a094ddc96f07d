/**
 * The prefetch queue as data: one job per case, their order, and what the downloads panel
 * shows. Pure functions over the jobs; the engine does the I/O.
 */
import { setMaxListeners } from 'node:events';
import type { CaseProgress, Priority } from '../../common/contract';
import type { DownloadNotice } from '../../common/downloadNotice';
import type { SlideSource } from '../sources/slideSource';
import type { CaseTile } from './planner';
import type { PersistedCase } from './prefetchCache';
import type { PauseReason, PrefetchCase } from './types';

export const PRIORITY_RANK: Record<Priority, number> = { frozen: 0, urgent: 1, routine: 2 };

export interface SlideState {
  source: SlideSource | null;
  sourceKey: string;
  /** Could not be opened for good (missing, corrupt, unsupported): skipped. */
  failed: boolean;
}

export interface Job extends PersistedCase {
  state: 'queued' | 'running' | 'done' | 'error';
  /** Why the case failed or ended short, for the UI to word; null when all went well. */
  notice: DownloadNotice | null;
  /** Bumped whenever the plan must be redone (pinned, unpinned, slides changed, cache rebuilt). */
  generation: number;
  slideStates: SlideState[] | null;
  /** The case's plan in fetch order, and how far the engine got in it. */
  tiles: CaseTile[] | null;
  /** Tiles per slide in the plan (cached ones included), recorded when the case completes. */
  planCounts: number[] | null;
  cursor: number;
  /** Tiles to try again (the source was unreachable), taken before the rest. */
  retry: CaseTile[];
  attempts: Map<string, number>;
  tilesTotal: number;
  tilesDone: number;
  tilesFailed: number;
  bytes: number;
  /** When this session first planned the job (ms); its tiles are protected from the worker's eviction. */
  startedAt: number | null;
  abort: AbortController;
}

export function newJob(c: PersistedCase): Job {
  return {
    ...c,
    state: 'queued',
    notice: null,
    generation: 0,
    slideStates: null,
    tiles: null,
    planCounts: null,
    cursor: 0,
    retry: [],
    attempts: new Map(),
    tilesTotal: 0,
    tilesDone: 0,
    tilesFailed: 0,
    bytes: 0,
    startedAt: null,
    abort: jobAbortController(),
  };
}

export function persisted(job: Job): PersistedCase {
  const { caseId, priority, position, inWorklist, pinned, paused, cancelled, slides, plan } = job;
  return { caseId, priority, position, inWorklist, pinned, paused, cancelled, slides, plan };
}

/** Forgets the plan so that it is made again (with the same tiles skipped cheaply). */
export function resetPlan(job: Job): void {
  job.generation++;
  job.abort.abort();
  job.abort = jobAbortController();
  for (const s of job.slideStates ?? []) s.source?.close().catch(() => undefined);
  job.slideStates = null;
  job.tiles = null;
  job.planCounts = null;
  job.cursor = 0;
  job.retry = [];
  job.attempts.clear();
  if (job.state !== 'error') job.state = 'queued';
}

/**
 * Fetch order: frozen, urgent, then routine; within a priority, cases marked "available
 * offline" first (the user asked for them explicitly), then worklist order.
 */
export function compareJobs(a: Job, b: Job): number {
  return (
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    Number(b.pinned) - Number(a.pinned) ||
    a.position - b.position ||
    a.caseId.localeCompare(b.caseId)
  );
}

export interface QueueGates {
  /** User pause, metered or slow link: nothing runs. */
  stopped: boolean;
  /** The cache is at its budget: only pinned cases run. */
  cacheFull: boolean;
}

export function isRunnable(job: Job, gates: QueueGates): boolean {
  if (job.cancelled || job.paused || gates.stopped) return false;
  if (job.state === 'done' || job.state === 'error') return false;
  return job.pinned || !gates.cacheFull;
}

/** The worklist cases the prefetcher should hold: the first `lookahead` in fetch order. */
export function selectWorklist(
  cases: readonly PrefetchCase[],
  lookahead: number,
  isCancelled: (caseId: string) => boolean,
): { chosen: { c: PrefetchCase; position: number }[]; listed: Set<string> } {
  const sorted = cases
    .map((c, i) => ({ c, i }))
    .sort((a, b) => PRIORITY_RANK[a.c.priority] - PRIORITY_RANK[b.c.priority] || a.i - b.i);
  const chosen: { c: PrefetchCase; position: number }[] = [];
  for (const { c, i } of sorted) {
    if (chosen.length >= lookahead) break;
    if (!isCancelled(c.caseId)) chosen.push({ c, position: i });
  }
  return { chosen, listed: new Set(cases.map((c) => c.caseId)) };
}

export function caseProgress(
  job: Job,
  gates: QueueGates,
  current: Job | null,
  /** Why the sources hold the current case back (slow, unreachable), or null. */
  blocked: DownloadNotice | null,
): CaseProgress {
  let state: CaseProgress['state'] =
    job.state === 'running' && current !== job ? 'queued' : job.state;
  let notice = job.notice;
  if (state === 'queued' || state === 'running') {
    if (job.paused || gates.stopped) state = 'paused';
    else if (gates.cacheFull && !job.pinned) {
      state = 'paused';
      notice = { code: 'cache_full' };
    } else if (current === job && blocked) notice = blocked;
  }
  return {
    caseId: job.caseId,
    state,
    tilesDone: job.tilesDone,
    tilesTotal: job.tilesTotal,
    bytes: job.bytes,
    pinned: job.pinned,
    notice,
  };
}

export function pauseReasons(
  flags: { user: boolean; metered: boolean; slow: boolean; cacheFull: boolean },
  sourceReasons: Iterable<'unavailable' | 'slow'>,
): PauseReason[] {
  const reasons = new Set<PauseReason>();
  if (flags.user) reasons.add('user');
  if (flags.metered) reasons.add('metered');
  if (flags.slow) reasons.add('slow');
  if (flags.cacheFull) reasons.add('cache_full');
  for (const r of sourceReasons) reasons.add(r);
  return [...reasons];
}

/**
 * One controller per case: every read of the case listens to its signal (batches of 32
 * and more at once), which is expected, so Node's leak warning is switched off for it.
 */
function jobAbortController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
