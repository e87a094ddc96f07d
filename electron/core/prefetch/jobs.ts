/**
 * The prefetcher's book of jobs, one per case: what the main thread asks for (worklist,
 * pins, pauses, cancellations, archive settings), kept in cache.db so that the queue
 * survives a restart, and what the downloads panel shows. No source is read here: the
 * engine takes the jobs this book says are runnable.
 */
import type { Priority } from '../../common/contract';
import type { DownloadNotice } from '../../common/downloadNotice';
import type { Logger } from '../log/logger';
import type { PrefetchCache } from './prefetchCache';
import type { Job, QueueGates } from './queue';
import {
  caseProgress,
  compareJobs,
  isRunnable,
  newJob,
  pauseReasons,
  persisted,
  resetPlan,
  selectWorklist,
} from './queue';
import type { SourceGate } from './sourceGate';
import type { DownloadsStatus, NetworkHint, PrefetchCase, PrefetchSlide } from './types';

/** Pinned cases that are not on the worklist sort after it, in the order they were pinned. */
const PINNED_POSITION = 1_000_000;

export class JobBook {
  readonly jobs = new Map<string, Job>();
  private userPaused = false;
  private hint: Required<NetworkHint> = { metered: false, slow: false };
  private pinSequence = 0;

  constructor(
    private readonly cache: PrefetchCache,
    private readonly gate: SourceGate,
    private readonly lookahead: number,
    private readonly log: Logger,
    private readonly changed: () => void,
  ) {}

  /** Loads the persisted queue; cases that were complete and still are start as done. */
  load(): void {
    this.userPaused = this.cache.setting('paused') === '1';
    for (const c of this.cache.loadCases()) {
      const job = newJob(c);
      if (c.position >= PINNED_POSITION)
        this.pinSequence = Math.max(this.pinSequence, c.position - PINNED_POSITION + 1);
      this.jobs.set(c.caseId, job);
      this.checkComplete(job);
    }
  }

  /**
   * A case that was complete is still complete when each slide holds at least as many
   * tiles as its plan needed: reported done without opening anything (offline included).
   */
  private checkComplete(job: Job): void {
    const plan = job.plan;
    if (!plan || plan.whole !== job.pinned || plan.counts.length !== job.slides.length) return;
    let tiles = 0;
    let bytes = 0;
    for (const [i, s] of job.slides.entries()) {
      const need = plan.counts[i] ?? 0;
      if (need === 0) continue;
      if (!s.identity) return;
      const have = this.cache.countTiles(s.identity);
      if (have.tiles < need) return;
      tiles += need;
      bytes += have.bytes;
    }
    job.state = 'done';
    job.tilesTotal = tiles;
    job.tilesDone = tiles;
    job.bytes = bytes;
  }

  setWorklist(cases: readonly PrefetchCase[]): void {
    const { chosen, listed } = selectWorklist(
      cases,
      this.lookahead,
      (id) => this.jobs.get(id)?.cancelled ?? false,
    );
    const chosenIds = new Set(chosen.map((x) => x.c.caseId));
    for (const job of [...this.jobs.values()]) {
      if (chosenIds.has(job.caseId)) continue;
      if (job.cancelled && listed.has(job.caseId)) continue; // stays cancelled while listed
      job.inWorklist = false;
      if (!job.pinned) this.remove(job);
    }
    for (const { c, position } of chosen) {
      const job = this.jobs.get(c.caseId);
      if (!job) {
        this.jobs.set(
          c.caseId,
          newJob({
            caseId: c.caseId,
            priority: c.priority,
            position,
            inWorklist: true,
            pinned: false,
            paused: false,
            cancelled: false,
            slides: c.slides,
            plan: null,
          }),
        );
        continue;
      }
      job.inWorklist = true;
      job.priority = c.priority;
      job.position = position;
      this.updateSlides(job, c.slides);
    }
    this.persistAll();
    this.changed();
  }

  pin(caseId: string, priority: Priority, slides: readonly PrefetchSlide[]): void {
    let job = this.jobs.get(caseId);
    if (!job) {
      job = newJob({
        caseId,
        priority,
        position: PINNED_POSITION + this.pinSequence++,
        inWorklist: false,
        pinned: true,
        paused: false,
        cancelled: false,
        slides: [...slides],
        plan: null,
      });
      this.jobs.set(caseId, job);
    } else if (job.pinned && !job.cancelled) {
      this.updateSlides(job, slides);
    } else {
      job.pinned = true;
      job.cancelled = false;
      if (!job.inWorklist) job.priority = priority;
      this.updateSlides(job, slides);
      this.replan(job);
    }
    for (const s of job.slides) if (s.identity) this.cache.pin(s.identity);
    this.persist(job);
    this.changed();
  }

  unpin(caseId: string): void {
    const job = this.jobs.get(caseId);
    if (!job?.pinned) return;
    job.pinned = false;
    this.releasePins(job);
    if (!job.inWorklist) this.remove(job);
    else {
      this.replan(job);
      this.persist(job);
    }
    this.changed();
  }

  pause(caseId: string | null): void {
    if (caseId === null) {
      this.userPaused = true;
      this.cache.setSetting('paused', '1');
    } else {
      const job = this.jobs.get(caseId);
      if (!job) return;
      job.paused = true;
      this.persist(job);
    }
    this.changed();
  }

  resume(caseId: string | null): void {
    const retry = (job: Job) => {
      if (job.state === 'error') {
        job.state = 'queued';
        job.notice = null;
        resetPlan(job);
      }
    };
    if (caseId === null) {
      this.userPaused = false;
      this.cache.setSetting('paused', '0');
      // A person asking to resume wants a try now, not at the end of a back-off.
      this.gate.unblock(false);
      for (const job of this.jobs.values()) retry(job);
    } else {
      const job = this.jobs.get(caseId);
      if (!job) return;
      job.paused = false;
      retry(job);
      this.persist(job);
    }
    this.changed();
  }

  cancel(caseId: string): void {
    const job = this.jobs.get(caseId);
    if (!job) return;
    if (job.pinned) {
      job.pinned = false;
      this.releasePins(job);
    }
    if (!job.inWorklist) {
      this.remove(job);
    } else {
      job.cancelled = true;
      resetPlan(job);
      this.persist(job);
    }
    this.changed();
  }

  setNetworkHint(hint: NetworkHint): void {
    if (hint.metered !== undefined) this.hint.metered = hint.metered;
    if (hint.slow !== undefined) this.hint.slow = hint.slow;
    this.changed();
  }

  /** New addresses or credentials: reopen, and give refused cases another chance. */
  archivesChanged(): void {
    for (const job of this.jobs.values()) {
      if (job.state === 'error') {
        job.state = 'queued';
        job.notice = null;
      }
      resetPlan(job);
    }
    this.gate.unblock(true);
    this.changed();
  }

  /** A new cache.db: write the queue back into it and plan every case again. */
  cacheRebuilt(): void {
    this.cache.setSetting('paused', this.userPaused ? '1' : '0');
    for (const job of this.jobs.values()) {
      this.replan(job);
      if (job.pinned) for (const s of job.slides) if (s.identity) this.cache.pin(s.identity);
    }
    this.persistAll();
    this.log.info('prefetch.cache_reopened', { cases: this.jobs.size });
    this.changed();
  }

  private replan(job: Job): void {
    job.plan = null;
    if (job.state === 'done') job.state = 'queued';
    resetPlan(job);
  }

  private updateSlides(job: Job, slides: readonly PrefetchSlide[]): void {
    const known = new Map(job.slides.map((s) => [s.slideId, s.identity]));
    const next = slides.map((s) => ({
      ...s,
      identity: s.identity ?? known.get(s.slideId) ?? null,
    }));
    const same =
      next.length === job.slides.length &&
      next.every(
        (s, i) =>
          s.slideId === job.slides[i]?.slideId &&
          JSON.stringify(s.locator) === JSON.stringify(job.slides[i]?.locator),
      );
    job.slides = next;
    if (!same) this.replan(job);
  }

  /** Unpins the case's slides unless another pinned case holds them too. */
  private releasePins(job: Job): void {
    const stillPinned = new Set<string>();
    for (const other of this.jobs.values()) {
      if (other === job || !other.pinned) continue;
      for (const s of other.slides) if (s.identity) stillPinned.add(s.identity);
    }
    for (const s of job.slides) {
      if (s.identity && !stillPinned.has(s.identity)) this.cache.unpin(s.identity);
    }
  }

  private remove(job: Job): void {
    resetPlan(job);
    job.cancelled = true;
    this.jobs.delete(job.caseId);
    this.cache.deleteCase(job.caseId);
  }

  persist(job: Job): void {
    this.cache.saveCases([persisted(job)]);
  }

  private persistAll(): void {
    this.cache.saveCases([...this.jobs.values()].map(persisted));
  }

  /** The oldest start among queued cases: tiles written since then are not evicted. */
  protectSince(): number {
    let since = Date.now();
    for (const job of this.jobs.values())
      if (job.startedAt !== null && job.startedAt < since) since = job.startedAt;
    return since;
  }

  gates(): QueueGates {
    return {
      stopped: this.userPaused || this.hint.metered || this.hint.slow || this.cache.isDead,
      cacheFull: this.cache.full,
    };
  }

  private ordered(): Job[] {
    return [...this.jobs.values()].sort(compareJobs);
  }

  /** The case to work on now, if any. */
  pick(): Job | null {
    const gates = this.gates();
    return this.ordered().find((j) => isRunnable(j, gates)) ?? null;
  }

  status(current: Job | null): DownloadsStatus {
    const gates = this.gates();
    const now = Date.now();
    const blocked = this.gate.blocked(now);
    const first = blocked[0];
    const blockedNotice: DownloadNotice | null = first
      ? first.reason === 'slow'
        ? { code: 'slow' }
        : {
            code: 'unreachable',
            retryInSeconds: Math.max(0, Math.ceil((first.blockedUntil - now) / 1000)),
          }
      : null;
    return {
      paused: this.userPaused,
      reasons: pauseReasons(
        {
          user: this.userPaused,
          metered: this.hint.metered,
          slow: this.hint.slow,
          cacheFull: gates.cacheFull,
        },
        blocked.map((b) => b.reason),
      ),
      cases: this.ordered()
        .filter((j) => !j.cancelled)
        .map((j) => caseProgress(j, gates, current, blockedNotice)),
    };
  }

  /** Releases what the jobs hold open (at close). */
  async closeSources(): Promise<void> {
    for (const job of this.jobs.values()) {
      job.abort.abort();
      for (const s of job.slideStates ?? []) await s.source?.close().catch(() => undefined);
    }
  }
}
