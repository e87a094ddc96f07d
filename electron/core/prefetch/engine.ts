/**
 * The prefetch engine, running inside the worker thread: picks the best case, plans it
 * (open its slides, find tissue on each thumbnail, list tiles, skip what is cached) and
 * fetches the rest with bounded concurrency, writing in batches to its own cache.db
 * connection.
 *
 * It yields to the viewer: before every source read it checks the shared counter of
 * interactive reads in flight on the main thread and waits (Atomics.waitAsync) while it
 * is above zero, so a tile the user is waiting for gets the bandwidth and the archive's
 * connection slots.
 *
 * Errors: 'unavailable' (and 'offline') blocks the source with exponential back-off and
 * jitter, then probes with a single read; 'not_found', 'corrupt' and 'unsupported' skip
 * the tile; 'unauthorized' stops the case until archives are reconfigured; anything else
 * is retried a few times. A source slower than `slowBytesPerSec` over a window of active
 * fetching is left alone for `slowRecheckMs`, then measured again.
 */
import type { Priority } from '../../common/contract';
import { ASSOCIATED_NAMES, tileGrid } from '../../common/pyramid';
import { toWorkstationError, WorkstationError } from '../../common/errors';
import type { Logger } from '../log/logger';
import type { TileData } from '../sources/slideSource';
import { isWellFormedImage } from '../tiles/tileValidation';
import type { CaseTile, PlanMetadata, PlannedTile } from './planner';
import { associatedTile, planCase, planSlide } from './planner';
import { backoffMs, ThroughputMeter } from './pacing';
import type { Job, QueueGates, SlideState } from './queue';
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
import type { PersistedCase, PrefetchStore, TileWrite } from './store';
import { CacheCorruptError } from './store';
import type { RgbImage, TissueMask } from './tissue';
import type { WorkerWriteLock } from './writeLock';
import { detectTissue } from './tissue';
import type {
  ArchiveConnection,
  DownloadsStatus,
  FromWorker,
  NetworkHint,
  PrefetchCase,
  PrefetchSlide,
  PrefetchTuning,
  WorkerOpener,
  WorkerStats,
} from './types';
import { emptyStats } from './types';

export const DEFAULT_TUNING: PrefetchTuning = {
  // As many as the DICOMweb client keeps connections (6): fewer leaves the archive idle.
  concurrency: 6,
  // The DICOMweb client's frames per request.
  batchSize: 32,
  lookahead: 10,
  backoffBaseMs: 1000,
  backoffMaxMs: 60_000,
  // 100 KB/s is 5 tiles/s of 20 KB: a case of ~10k tiles would take over half an hour,
  // and the link is then better left to the viewer.
  slowBytesPerSec: 100_000,
  throughputWindowMs: 10_000,
  slowRecheckMs: 5 * 60_000,
  progressIntervalMs: 250,
  // A few hundred per transaction (PERFORMANCE.md); byte cap below keeps each short.
  writeBatch: 256,
  writeDelayMs: 100,
  maxTileAttempts: 4,
};

/**
 * Bytes per write transaction at most: the main thread's flushes wait for the lock (by
 * retrying, never blocking), so each transaction is kept to a few milliseconds.
 */
const WRITE_BATCH_BYTES = 2 << 20;
/** Housekeeping: file replaced (rebuilt by the main thread)? cache still full? */
const HOUSEKEEPING_MS = 2000;
/** The engine yields to the worker's event loop at least this often (ms). */
const YIELD_EVERY_MS = 10;
/** Waits on the interactive counter expire after this, so stale waiters do not pile up. */
const INTERACTIVE_WAIT_MS = 1000;
/** Largest side of the decoded thumbnail used for tissue detection. */
const MASK_MAX_SIDE = 1024;
/** Without a thumbnail, the coarsest level is stitched when it has at most this many tiles. */
const MAX_STITCH_TILES = 16;

export interface EngineDeps {
  store: PrefetchStore;
  opener: WorkerOpener;
  interactive: Int32Array;
  /** See WriteLock in writeLock.ts. */
  writeLock: WorkerWriteLock;
  tuning: Partial<PrefetchTuning>;
  budgetBytes: number;
  archives: ArchiveConnection[];
  log: Logger;
  emit(message: FromWorker): void;
  /** Decodes an image to RGB, shrunk to fit `maxSide` when given. */
  decode(bytes: Uint8Array, maxSide?: number): Promise<RgbImage>;
}

interface SourceHealth {
  failures: number;
  blockedUntil: number;
  reason: 'unavailable' | 'slow' | 'error' | null;
  /** After a failure, one read at a time until one succeeds. */
  probing: boolean;
  inFlight: number;
  meter: ThroughputMeter;
}

type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeout?: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

function sleep(ms: number): { promise: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))));
  return { promise, cancel: () => clearTimeout(timer) };
}

export class PrefetchEngine {
  private readonly tuning: PrefetchTuning;
  private readonly jobs = new Map<string, Job>();
  private readonly sources = new Map<string, SourceHealth>();
  private readonly archives = new Map<string, ArchiveConnection>();
  private current: Job | null = null;
  private userPaused = false;
  private hint: Required<NetworkHint> = { metered: false, slow: false };
  private cacheFull = false;
  private cacheDown = false;
  private closing = false;
  private budgetBytes: number;
  private pinSequence = 0;
  private inFlight = 0;
  private lastYield = 0;
  /** cache.db's size after the last write (bytes), to see the budget coming. */
  private usedBytes = 0;
  private wakeUp: (() => void) | null = null;
  private wakePromise: Promise<void> | null = null;
  private pendingWrites: TileWrite[] = [];
  private pendingBytes = 0;
  private writeTimer: NodeJS.Timeout | null = null;
  private emitTimer: NodeJS.Timeout | null = null;
  private lastEmit = 0;
  private housekeeping: NodeJS.Timeout | null = null;
  private loopDone: Promise<void> | null = null;
  readonly stats: WorkerStats = emptyStats();

  constructor(private readonly deps: EngineDeps) {
    this.tuning = { ...DEFAULT_TUNING, ...deps.tuning };
    this.budgetBytes = deps.budgetBytes;
    for (const a of deps.archives) this.archives.set(a.id, a);
  }

  get log(): Logger {
    return this.deps.log;
  }

  /** Loads the persisted queue and starts working. */
  start(): void {
    this.loadState();
    this.checkCacheFull();
    this.housekeeping = setInterval(() => this.houseKeep(), HOUSEKEEPING_MS);
    this.loopDone = this.loop();
  }

  // ---------------------------------------------------------------------------------------
  // Commands from the main thread.

  setWorklist(cases: readonly PrefetchCase[]): void {
    const { chosen, listed } = selectWorklist(
      cases,
      this.tuning.lookahead,
      (id) => this.jobs.get(id)?.cancelled ?? false,
    );
    const chosenIds = new Set(chosen.map((x) => x.c.caseId));
    for (const job of [...this.jobs.values()]) {
      if (chosenIds.has(job.caseId)) continue;
      if (job.cancelled && listed.has(job.caseId)) continue; // stays cancelled while listed
      job.inWorklist = false;
      if (!job.pinned) this.removeJob(job);
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
        position: 1_000_000 + this.pinSequence++,
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
      job.plan = null;
      if (job.state === 'done') job.state = 'queued';
      resetPlan(job);
    }
    for (const s of job.slides)
      if (s.identity) this.guard(() => this.deps.store.pin(s.identity as string));
    this.persist(job);
    this.changed();
  }

  unpin(caseId: string): void {
    const job = this.jobs.get(caseId);
    if (!job?.pinned) return;
    job.pinned = false;
    this.releasePins(job);
    if (!job.inWorklist) this.removeJob(job);
    else {
      job.plan = null;
      if (job.state === 'done') job.state = 'queued';
      resetPlan(job);
      this.persist(job);
    }
    this.changed();
  }

  pause(caseId: string | null): void {
    if (caseId === null) {
      this.userPaused = true;
      this.guard(() => this.deps.store.setSetting('paused', '1'));
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
        job.message = null;
        resetPlan(job);
      }
    };
    if (caseId === null) {
      this.userPaused = false;
      this.guard(() => this.deps.store.setSetting('paused', '0'));
      // A person asking to resume wants a try now, not at the end of a back-off.
      for (const s of this.sources.values()) if (s.reason !== 'slow') s.blockedUntil = 0;
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
      this.removeJob(job);
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

  setBudget(bytes: number): void {
    this.budgetBytes = bytes;
    this.checkCacheFull();
    this.changed();
  }

  setArchives(archives: readonly ArchiveConnection[]): void {
    this.archives.clear();
    for (const a of archives) this.archives.set(a.id, a);
    // New addresses or credentials: reopen, and give refused cases another chance.
    for (const job of this.jobs.values()) {
      if (job.state === 'error') {
        job.state = 'queued';
        job.message = null;
      }
      resetPlan(job);
    }
    for (const s of this.sources.values()) s.blockedUntil = 0;
    this.changed();
  }

  archive(id: string): ArchiveConnection | undefined {
    return this.archives.get(id);
  }

  /** Writes what is pending and answers the current state (tests, diagnostics). */
  sync(): { status: DownloadsStatus; stats: WorkerStats } {
    this.flushWrites();
    if (this.deps.store.replaced()) this.reopenStore();
    return { status: this.status(), stats: this.currentStats() };
  }

  /** The main thread rebuilt cache.db after this worker reported it corrupt. */
  cacheRebuilt(): void {
    if (this.cacheDown || this.deps.store.replaced()) this.reopenStore();
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const job of this.jobs.values()) job.abort.abort();
    this.changed();
    if (this.housekeeping) clearInterval(this.housekeeping);
    await this.loopDone;
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.flushWrites();
    for (const job of this.jobs.values()) {
      for (const s of job.slideStates ?? []) await s.source?.close().catch(() => undefined);
    }
    await this.deps.opener.close?.();
    this.deps.store.close();
  }

  // ---------------------------------------------------------------------------------------
  // State.

  private loadState(): void {
    this.guard(() => {
      const store = this.deps.store;
      this.userPaused = store.setting('paused') === '1';
      for (const c of store.loadCases()) {
        const job = newJob(c);
        if (c.position >= 1_000_000)
          this.pinSequence = Math.max(this.pinSequence, c.position - 1_000_000 + 1);
        this.jobs.set(c.caseId, job);
        this.checkComplete(job);
      }
    });
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
      const have = this.deps.store.countTiles(s.identity);
      if (have.tiles < need) return;
      tiles += need;
      bytes += have.bytes;
    }
    job.state = 'done';
    job.tilesTotal = tiles;
    job.tilesDone = tiles;
    job.bytes = bytes;
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
    if (!same) {
      job.plan = null;
      if (job.state === 'done') job.state = 'queued';
      resetPlan(job);
    }
  }

  /** Unpins the case's slides unless another pinned case holds them too. */
  private releasePins(job: Job): void {
    const stillPinned = new Set<string>();
    for (const other of this.jobs.values()) {
      if (other === job || !other.pinned) continue;
      for (const s of other.slides) if (s.identity) stillPinned.add(s.identity);
    }
    for (const s of job.slides) {
      if (s.identity && !stillPinned.has(s.identity))
        this.guard(() => this.deps.store.unpin(s.identity as string));
    }
  }

  private removeJob(job: Job): void {
    resetPlan(job);
    job.cancelled = true;
    this.jobs.delete(job.caseId);
    this.guard(() => this.deps.store.deleteCase(job.caseId));
  }

  private persist(job: Job): void {
    this.guard(() => this.deps.store.saveCases([persisted(job)]));
  }

  private persistAll(): void {
    const all: PersistedCase[] = [...this.jobs.values()].map(persisted);
    this.guard(() => this.deps.store.saveCases(all));
  }

  private gates(): QueueGates {
    return {
      stopped: this.userPaused || this.hint.metered || this.hint.slow || this.cacheDown,
      cacheFull: this.cacheFull,
    };
  }

  private ordered(): Job[] {
    return [...this.jobs.values()].sort(compareJobs);
  }

  private pick(): Job | null {
    if (this.closing) return null;
    const gates = this.gates();
    return this.ordered().find((j) => isRunnable(j, gates)) ?? null;
  }

  status(): DownloadsStatus {
    const gates = this.gates();
    const now = Date.now();
    const blocked = [...this.sources.entries()].filter(
      ([, s]) => s.blockedUntil > now && s.reason !== 'error',
    );
    const reasonText = blocked.length
      ? blocked[0]?.[1].reason === 'slow'
        ? 'The connection to the slides is slow; fetching resumes later.'
        : `The slides cannot be reached; next try in ${Math.ceil(((blocked[0]?.[1].blockedUntil ?? now) - now) / 1000)} s.`
      : null;
    return {
      paused: this.userPaused,
      reasons: pauseReasons(
        {
          user: this.userPaused,
          metered: this.hint.metered,
          slow: this.hint.slow,
          cacheFull: this.cacheFull,
        },
        blocked.map(([, s]) => s.reason as 'unavailable' | 'slow'),
      ),
      cases: this.ordered()
        .filter((j) => !j.cancelled)
        .map((j) => caseProgress(j, gates, this.current, reasonText)),
    };
  }

  private currentStats(): WorkerStats {
    const throughput: Record<string, number> = {};
    for (const [key, s] of this.sources)
      if (s.meter.last !== null) throughput[key] = Math.round(s.meter.last);
    return { ...this.stats, inFlight: this.inFlight, throughput };
  }

  /** Progress events at most every progressIntervalMs, the last state always sent. */
  private scheduleEmit(): void {
    if (this.emitTimer || this.closing) return;
    const wait = Math.max(0, this.lastEmit + this.tuning.progressIntervalMs - Date.now());
    this.emitTimer = setTimeout(() => {
      this.emitTimer = null;
      this.lastEmit = Date.now();
      this.deps.emit({ type: 'progress', status: this.status() });
    }, wait);
  }

  /** Something changed: wake whatever waits, and tell the main thread. */
  private changed(): void {
    const wake = this.wakeUp;
    this.wakeUp = null;
    this.wakePromise = null;
    wake?.();
    this.scheduleEmit();
  }

  private nextChange(): Promise<void> {
    this.wakePromise ??= new Promise<void>((resolve) => (this.wakeUp = resolve));
    return this.wakePromise;
  }

  // ---------------------------------------------------------------------------------------
  // The loop.

  private async loop(): Promise<void> {
    while (!this.closing) {
      const job = this.pick();
      if (!job) {
        await this.nextChange();
        continue;
      }
      try {
        await this.work(job);
      } catch (e) {
        if (e instanceof CacheCorruptError) this.onCorrupt();
        else {
          const error = toWorkstationError(e);
          this.log.error('prefetch.case_failed', { code: error.code });
          job.state = 'error';
          job.message = 'Fetching this case failed unexpectedly.';
        }
      } finally {
        if (this.current === job) this.current = null;
        if (job.state === 'running') job.state = 'queued';
        this.changed();
      }
    }
  }

  private stillWanted(job: Job, generation: number): boolean {
    return !this.closing && job.generation === generation && this.pick() === job;
  }

  private async work(job: Job): Promise<void> {
    this.current = job;
    job.state = 'running';
    job.startedAt ??= Date.now();
    this.scheduleEmit();
    const generation = job.generation;
    if (!job.tiles) {
      const planned = await this.plan(job, generation);
      if (!planned) return;
    }
    await this.drain(job, generation);
    if (job.generation !== generation || !job.tiles) return;
    if (job.retry.length === 0 && job.cursor >= job.tiles.length && job.state === 'running')
      this.complete(job);
  }

  private complete(job: Job): void {
    this.flushWrites();
    job.state = 'done';
    job.plan = { whole: job.pinned, counts: job.planCounts ?? job.slides.map(() => 0) };
    const slidesFailed = (job.slideStates ?? []).filter((st) => st.failed).length;
    const parts: string[] = [];
    if (slidesFailed > 0)
      parts.push(`${slidesFailed} of ${job.slides.length} slides could not be opened`);
    if (job.tilesFailed > 0)
      parts.push(`${job.tilesFailed} tiles could not be read and were skipped`);
    job.message = parts.length > 0 ? `${parts.join('; ')}.` : null;
    if (slidesFailed > 0 && slidesFailed === job.slides.length) job.state = 'error';
    this.persist(job);
    for (const s of job.slideStates ?? []) s.source?.close().catch(() => undefined);
    job.slideStates = null;
    this.log.info('prefetch.case_done', {
      tiles: job.tilesTotal,
      failed: job.tilesFailed,
      pinned: job.pinned,
    });
  }

  /** Opens the slides, finds tissue, lists and filters the tiles. False when interrupted. */
  private async plan(job: Job, generation: number): Promise<boolean> {
    const states: SlideState[] =
      job.slideStates ??
      job.slides.map((s) => ({
        source: null,
        sourceKey: this.deps.opener.sourceKey(s.locator),
        failed: false,
      }));
    job.slideStates = states;
    for (const [i, slide] of job.slides.entries()) {
      const st = states[i];
      if (!st || st.source || st.failed) continue;
      if (!(await this.acquire(job, generation, st.sourceKey))) return false;
      try {
        st.source = await this.deps.opener.open(slide.locator);
        this.succeeded(st.sourceKey);
      } catch (e) {
        if (!this.openFailed(job, st, e)) return false;
        continue;
      } finally {
        this.release(st.sourceKey);
      }
      if (job.generation !== generation) return false;
      const identity = st.source.identity;
      if (slide.identity !== identity) {
        slide.identity = identity;
        this.persist(job);
      }
      if (job.pinned) this.guard(() => this.deps.store.pin(identity));
      this.deps.emit({
        type: 'slideOpened',
        slide: { slideId: slide.slideId, identity, metadata: st.source.metadata },
      });
    }
    const plans: { metadata: PlanMetadata; plan: PlannedTile[] }[] = [];
    for (const st of states) {
      if (!st.source) {
        plans.push({ metadata: { width: 1, height: 1, levels: [], associated: [] }, plan: [] });
        continue;
      }
      const mask = job.pinned ? null : await this.tissueMask(job, generation, st);
      if (job.generation !== generation) return false;
      plans.push({
        metadata: st.source.metadata,
        plan: planSlide(st.source.metadata, mask, { whole: job.pinned }),
      });
    }
    this.flushWrites();
    const all = planCase(plans);
    const cached = job.slides.map((s, i) =>
      states[i]?.source && s.identity
        ? this.deps.store.cachedTiles(s.identity)
        : new Map<string, number>(),
    );
    job.tiles = [];
    job.tilesTotal = all.length;
    job.tilesDone = 0;
    job.bytes = 0;
    job.tilesFailed = 0;
    for (const t of all) {
      const n = cached[t.slide]?.get(`${t.level}/${t.col}/${t.row}`);
      if (n === undefined) job.tiles.push(t);
      else {
        job.tilesDone++;
        job.bytes += n;
      }
    }
    job.cursor = 0;
    job.planCounts = plans.map((p) => p.plan.length);
    this.log.info('prefetch.case_planned', {
      tiles: job.tilesTotal,
      cached: job.tilesDone,
      slides: job.slides.length,
      whole: job.pinned,
    });
    this.scheduleEmit();
    return true;
  }

  /** The tissue mask of an opened slide, from its thumbnail or its coarsest level. */
  private async tissueMask(
    job: Job,
    generation: number,
    st: SlideState,
  ): Promise<TissueMask | null> {
    const source = st.source;
    if (!source) return null;
    const identity = source.identity;
    try {
      if (source.metadata.associated.includes('thumbnail')) {
        const data = await this.readForPlan(job, generation, st, associatedTile('thumbnail'));
        return data ? detectTissue(await this.deps.decode(data.bytes, MASK_MAX_SIDE)) : null;
      }
      const levels = source.metadata.levels;
      const coarsest = levels.reduce(
        (best, l, i) => (l.downsample > (levels[best]?.downsample ?? 0) ? i : best),
        0,
      );
      const level = levels[coarsest];
      if (!level) return null;
      const { cols, rows } = tileGrid(level);
      if (cols * rows > MAX_STITCH_TILES) return null;
      const canvas = new Uint8Array(level.width * level.height * 3).fill(255);
      for (let row = 0; row < rows; row++) {
        for (let col = 0; col < cols; col++) {
          const data = await this.readForPlan(job, generation, st, { level: coarsest, col, row });
          if (!data) return null;
          const img = await this.deps.decode(data.bytes);
          const x0 = col * level.tileWidth;
          const y0 = row * level.tileHeight;
          const w = Math.min(img.width, level.width - x0);
          const h = Math.min(img.height, level.height - y0);
          for (let y = 0; y < h; y++) {
            for (let x = 0; x < w; x++) {
              const src = (y * img.width + x) * img.channels;
              const dst = ((y0 + y) * level.width + x0 + x) * 3;
              canvas[dst] = img.data[src] ?? 255;
              canvas[dst + 1] = img.data[src + 1] ?? 255;
              canvas[dst + 2] = img.data[src + 2] ?? 255;
            }
          }
        }
      }
      return detectTissue({ width: level.width, height: level.height, channels: 3, data: canvas });
    } catch (e) {
      if (e instanceof CacheCorruptError) throw e;
      this.log.warn('prefetch.tissue_failed', {
        identity,
        code: (e as { code?: unknown } | null)?.code ?? (e as Error | null)?.name,
      });
      return null;
    }
  }

  /**
   * One image needed to plan (a thumbnail, a coarse tile): from the cache if there, else
   * read and stored. Null when it cannot be had (unreadable, or the job was interrupted).
   */
  private async readForPlan(
    job: Job,
    generation: number,
    st: SlideState,
    t: PlannedTile,
  ): Promise<TileData | null> {
    const identity = st.source?.identity;
    if (!identity) return null;
    const pending = this.pendingWrites.find(
      (w) => w.slide === identity && w.level === t.level && w.col === t.col && w.row === t.row,
    );
    if (pending) return pending;
    const cached = this.deps.store.getTile(identity, t.level, t.col, t.row);
    if (cached && isWellFormedImage(cached.bytes, cached.contentType)) return cached as TileData;
    for (let attempt = 1; ; attempt++) {
      if (!(await this.acquire(job, generation, st.sourceKey))) return null;
      try {
        return await this.readOnce(job, st, t);
      } catch (e) {
        if (e instanceof CacheCorruptError) throw e;
        if (job.abort.signal.aborted) return null;
        const error = toWorkstationError(e);
        if (error.code === 'unavailable' || error.code === 'offline')
          this.failed(st.sourceKey, 'unavailable');
        else if (error.code === 'unauthorized') {
          this.refused(job);
          return null;
        } else if (error.code !== 'internal' || attempt >= this.tuning.maxTileAttempts) return null;
        else this.failed(st.sourceKey, 'error');
      }
    }
  }

  /** Runs the case's remaining tiles with bounded concurrency until done or interrupted. */
  private async drain(job: Job, generation: number): Promise<void> {
    const running = new Set<Promise<unknown>>();
    const states = job.slideStates ?? [];
    for (;;) {
      const peek = job.retry[0] ?? job.tiles?.[job.cursor];
      if (!peek) {
        if (running.size === 0) break;
        // Failed reads may put tiles back for retry: wait for one to end.
        await Promise.race(running);
        continue;
      }
      const st = states[peek.slide];
      if (!st?.source) {
        this.takeNext(job);
        continue;
      }
      if (!(await this.acquire(job, generation, st.sourceKey))) break;
      const tile = this.takeNext(job);
      const tileState = tile ? states[tile.slide] : undefined;
      if (!tile || tileState !== st) {
        this.release(st.sourceKey);
        if (tile) job.retry.unshift(tile);
        continue;
      }
      const batch = this.takeBatch(job, tile);
      const p = (
        batch.length > 1
          ? this.fetchBatch(job, generation, st, batch)
          : this.fetch(job, generation, st, tile)
      ).finally(() => running.delete(p));
      running.add(p);
    }
    await Promise.allSettled(running);
  }

  /** `first`, then the next planned tiles of the same slide and level, up to batchSize. */
  private takeBatch(job: Job, first: CaseTile): CaseTile[] {
    const batch = [first];
    if (first.level < 0 || job.retry.length > 0) return batch;
    while (batch.length < this.tuning.batchSize) {
      const next = job.tiles?.[job.cursor];
      if (!next || next.slide !== first.slide || next.level !== first.level) break;
      job.cursor++;
      batch.push(next);
    }
    return batch;
  }

  /** Reads a batch under the one slot the caller holds, asking for every tile at once. */
  private async fetchBatch(
    job: Job,
    generation: number,
    st: SlideState,
    batch: CaseTile[],
  ): Promise<void> {
    try {
      await Promise.allSettled(batch.map((tile) => this.fetch(job, generation, st, tile, false)));
    } finally {
      this.release(st.sourceKey);
    }
  }

  private takeNext(job: Job): CaseTile | undefined {
    const retry = job.retry.shift();
    if (retry) return retry;
    const t = job.tiles?.[job.cursor];
    if (t) job.cursor++;
    return t;
  }

  // ---------------------------------------------------------------------------------------
  // Gate: when may a read start?

  private health(key: string): SourceHealth {
    let h = this.sources.get(key);
    if (!h) {
      h = {
        failures: 0,
        blockedUntil: 0,
        reason: null,
        probing: false,
        inFlight: 0,
        meter: new ThroughputMeter(this.tuning.throughputWindowMs),
      };
      this.sources.set(key, h);
    }
    return h;
  }

  /**
   * Waits until a read of `key` may start, and takes a slot. False when the job is no
   * longer the one to work on (paused, preempted, replanned, closing).
   */
  private async acquire(job: Job, generation: number, key: string): Promise<boolean> {
    const h = this.health(key);
    if (performance.now() - this.lastYield > YIELD_EVERY_MS) {
      // Reads that resolve at once (a warm disk) would otherwise chain microtasks forever
      // and starve the message port: pause, sync and close would wait for the case.
      await new Promise((resolve) => setImmediate(resolve));
      this.lastYield = performance.now();
    }
    for (;;) {
      if (!this.stillWanted(job, generation) || job.abort.signal.aborted) return false;
      const interactive = Atomics.load(this.deps.interactive, 0);
      if (interactive > 0) {
        const w = waitAsync(this.deps.interactive, 0, interactive, INTERACTIVE_WAIT_MS);
        if (w.async) await Promise.race([w.value, this.nextChange()]);
        continue;
      }
      const now = Date.now();
      if (h.blockedUntil > now) {
        const t = sleep(h.blockedUntil - now);
        await Promise.race([t.promise, this.nextChange()]);
        t.cancel();
        continue;
      }
      if (this.inFlight >= this.tuning.concurrency || (h.probing && h.inFlight > 0)) {
        await this.nextChange();
        continue;
      }
      this.inFlight++;
      h.inFlight++;
      return true;
    }
  }

  private release(key: string): void {
    const h = this.health(key);
    this.inFlight--;
    h.inFlight--;
    this.changed();
  }

  private succeeded(key: string): void {
    const h = this.health(key);
    if (h.failures > 0 || h.probing) {
      if (h.reason === 'unavailable')
        this.log.info('prefetch.source_back', { source: key, failures: h.failures });
      h.failures = 0;
      h.probing = false;
      h.reason = null;
      h.blockedUntil = 0;
      this.changed();
    }
  }

  /** Blocks a source after a failure, unless a concurrent failure already did. */
  private failed(key: string, reason: 'unavailable' | 'error'): void {
    const h = this.health(key);
    const now = Date.now();
    if (h.blockedUntil > now) return;
    const delay = backoffMs(h.failures, this.tuning.backoffBaseMs, this.tuning.backoffMaxMs);
    h.failures++;
    h.blockedUntil = now + delay;
    h.reason = reason;
    h.probing = true;
    h.meter.reset();
    if (h.failures === 1 || h.failures % 10 === 0) {
      this.log.warn('prefetch.source_failing', {
        source: key,
        reason,
        failures: h.failures,
        retryInMs: delay,
      });
    }
    this.changed();
  }

  /** Handles a slide that would not open. True to go on with the case's other slides. */
  private openFailed(job: Job, st: SlideState, e: unknown): boolean {
    const error = toWorkstationError(e);
    if (error.code === 'unavailable' || error.code === 'offline' || error.code === 'internal') {
      this.failed(st.sourceKey, error.code === 'internal' ? 'error' : 'unavailable');
      return false;
    }
    if (error.code === 'unauthorized') {
      this.refused(job);
      return false;
    }
    st.failed = true;
    this.log.warn('prefetch.slide_unreadable', { code: error.code });
    return true;
  }

  // ---------------------------------------------------------------------------------------
  // Reading and writing tiles. The caller holds a slot (acquire); fetch releases it.

  /**
   * Reads one image from the source (the caller holds a slot, released here), checks it
   * and queues it for writing. Throws the source's error.
   */
  private async readOnce(
    job: Job,
    st: SlideState,
    tile: PlannedTile,
    releaseSlot = true,
  ): Promise<TileData> {
    const source = st.source;
    const h = this.health(st.sourceKey);
    this.stats.fetchesStarted++;
    h.meter.start();
    let bytes = 0;
    try {
      if (!source) throw new WorkstationError('internal', 'Slide not open');
      const signal = job.abort.signal;
      const data =
        tile.level < 0
          ? await source.readAssociated(ASSOCIATED_NAMES[tile.col] ?? 'thumbnail', signal)
          : await source.readTile(tile.level, tile.col, tile.row, signal);
      if (!isWellFormedImage(data.bytes, data.contentType))
        throw new WorkstationError('corrupt', 'Malformed tile');
      bytes = data.bytes.byteLength;
      this.stats.fetchesDone++;
      this.succeeded(st.sourceKey);
      this.queueWrite({
        slide: source.identity,
        level: tile.level,
        col: tile.col,
        row: tile.row,
        ...data,
      });
      return data;
    } catch (e) {
      this.stats.fetchesFailed++;
      throw e;
    } finally {
      const window = h.meter.end(bytes);
      if (window && window.bytesPerSec < this.tuning.slowBytesPerSec)
        this.slowSource(st.sourceKey, window.bytesPerSec);
      if (releaseSlot) this.release(st.sourceKey);
    }
  }

  /** A tile of the plan: read, counted in the case's progress, or handed to tileFailed. */
  private async fetch(
    job: Job,
    generation: number,
    st: SlideState,
    tile: CaseTile,
    releaseSlot = true,
  ): Promise<void> {
    try {
      const data = await this.readOnce(job, st, tile, releaseSlot);
      if (job.generation !== generation) return;
      job.tilesDone++;
      job.bytes += data.bytes.byteLength;
    } catch (e) {
      if (e instanceof CacheCorruptError) {
        this.onCorrupt();
        return;
      }
      if (job.generation !== generation) return;
      if (job.abort.signal.aborted) job.retry.push(tile);
      else this.tileFailed(job, st, tile, e);
    }
  }

  private refused(job: Job): void {
    job.state = 'error';
    job.message = 'The archive refused the credentials; check them in the settings.';
    this.changed();
  }

  private tileFailed(job: Job, st: SlideState, tile: CaseTile, e: unknown): void {
    const error = toWorkstationError(e);
    switch (error.code) {
      case 'unavailable':
      case 'offline':
        job.retry.push(tile);
        this.failed(st.sourceKey, 'unavailable');
        return;
      case 'unauthorized':
        job.retry.push(tile);
        this.refused(job);
        return;
      case 'not_found':
      case 'corrupt':
      case 'unsupported':
      case 'invalid_argument':
        if (tile.slide >= 0) job.tilesFailed++;
        this.log.warn('prefetch.tile_skipped', { code: error.code, level: tile.level });
        return;
      default: {
        const key = `${tile.slide}/${tile.level}/${tile.col}/${tile.row}`;
        const attempts = (job.attempts.get(key) ?? 0) + 1;
        job.attempts.set(key, attempts);
        if (attempts < this.tuning.maxTileAttempts) {
          job.retry.push(tile);
          this.failed(st.sourceKey, 'error');
        } else {
          if (tile.slide >= 0) job.tilesFailed++;
          this.log.warn('prefetch.tile_given_up', { code: error.code, attempts });
        }
      }
    }
  }

  private slowSource(key: string, bytesPerSec: number): void {
    const h = this.health(key);
    h.blockedUntil = Date.now() + this.tuning.slowRecheckMs;
    h.reason = 'slow';
    this.log.warn('prefetch.source_slow', { source: key, bytesPerSec: Math.round(bytesPerSec) });
    this.changed();
  }

  private queueWrite(w: TileWrite): void {
    this.pendingWrites.push(w);
    this.pendingBytes += w.bytes.byteLength;
    const overBudget = this.usedBytes + this.pendingBytes > this.budgetBytes;
    if (
      overBudget ||
      this.pendingWrites.length >= this.tuning.writeBatch ||
      this.pendingBytes >= WRITE_BATCH_BYTES
    ) {
      // Over budget: write and evict now, so that cacheFull stops the queue in time.
      this.flushWrites();
    } else this.writeTimer ??= setTimeout(() => this.flushWrites(), this.tuning.writeDelayMs);
  }

  /** Writes queued tiles in one transaction, then keeps the file within its budget. */
  private flushWrites(): void {
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = null;
    if (this.pendingWrites.length === 0 || this.cacheDown) return;
    const batch = this.pendingWrites;
    this.pendingWrites = [];
    this.pendingBytes = 0;
    this.guard(() => {
      if (this.deps.store.replaced()) {
        // The main thread rebuilt the file: these tiles belong to the new one.
        this.reopenStore();
      }
      this.deps.writeLock.acquire();
      try {
        this.deps.store.writeTiles(batch);
        this.stats.tilesWritten += batch.length;
        for (const w of batch) this.stats.bytesWritten += w.bytes.byteLength;
        this.evict();
      } finally {
        this.deps.writeLock.release();
      }
    });
  }

  /** The oldest start among queued cases: tiles written since then are not evicted here. */
  private protectSince(): number {
    let since = Date.now();
    for (const job of this.jobs.values())
      if (job.startedAt !== null && job.startedAt < since) since = job.startedAt;
    return since;
  }

  private evict(): void {
    const { evicted, usedBytes } = this.deps.store.evict(this.budgetBytes, this.protectSince());
    this.usedBytes = usedBytes;
    this.stats.evicted += evicted;
    if (evicted > 0) this.log.info('prefetch.evicted', { tiles: evicted });
    const full = usedBytes > this.budgetBytes;
    if (full !== this.cacheFull) {
      this.cacheFull = full;
      this.log.info(full ? 'prefetch.cache_full' : 'prefetch.cache_has_room', {
        usedBytes,
        budgetBytes: this.budgetBytes,
      });
      this.changed();
    }
  }

  private checkCacheFull(): void {
    if (this.cacheDown) return;
    this.deps.writeLock.acquire();
    try {
      this.guard(() => this.evict());
    } finally {
      this.deps.writeLock.release();
    }
  }

  // ---------------------------------------------------------------------------------------
  // cache.db trouble.

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      if (e instanceof CacheCorruptError) this.onCorrupt();
      else throw e;
    }
  }

  private onCorrupt(): void {
    if (this.cacheDown) return;
    this.cacheDown = true;
    this.pendingWrites = [];
    this.pendingBytes = 0;
    this.deps.store.close();
    this.log.warn('prefetch.cache_corrupt', {});
    this.deps.emit({ type: 'cacheCorrupt' });
    for (const job of this.jobs.values()) job.abort.abort();
    this.changed();
  }

  private houseKeep(): void {
    if (this.closing) return;
    if (this.deps.store.replaced()) {
      this.reopenStore();
      return;
    }
    if (this.cacheFull) this.checkCacheFull();
    // The main thread leaves checkpoints to this thread (TileCache.setWriteCoordinator).
    this.guard(() => this.deps.store.checkpointIfLarge());
  }

  /** A new cache.db: reopen, write the queue back into it, and plan every case again. */
  private reopenStore(): void {
    this.deps.store.close();
    try {
      this.deps.store.open();
    } catch (e) {
      this.log.warn('prefetch.cache_reopen_failed', {
        code: (e as { code?: unknown } | null)?.code ?? (e as Error | null)?.name,
      });
      this.cacheDown = true;
      return;
    }
    this.cacheDown = false;
    this.cacheFull = false;
    this.guard(() => this.deps.store.setSetting('paused', this.userPaused ? '1' : '0'));
    for (const job of this.jobs.values()) {
      job.plan = null;
      if (job.state === 'done') job.state = 'queued';
      resetPlan(job);
      if (job.pinned)
        for (const s of job.slides)
          if (s.identity) this.guard(() => this.deps.store.pin(s.identity as string));
    }
    this.persistAll();
    this.log.info('prefetch.cache_reopened', { cases: this.jobs.size });
    this.changed();
  }
}
