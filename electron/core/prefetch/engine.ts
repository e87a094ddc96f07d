/**
 * The prefetch engine, running inside the worker thread: the loop that picks the best case
 * (jobs.ts), plans it (casePlanner.ts) and reads the rest of its tiles with bounded
 * concurrency through the gate (sourceGate.ts), handing each tile to the cache writer
 * (prefetchCache.ts), which writes it on its own thread while the next ones are fetched.
 *
 * Errors of a tile read: 'unavailable' (and 'offline') blocks the source and puts the tile
 * back; 'not_found', 'corrupt' and 'unsupported' skip the tile; 'unauthorized' stops the
 * case until archives are reconfigured; anything else is retried a few times.
 */
import { ASSOCIATED_NAMES } from '../../common/pyramid';
import { incompleteNotice } from '../../common/downloadNotice';
import { toWorkstationError, WorkstationError } from '../../common/errors';
import type { Logger } from '../log/logger';
import type { TileData } from '../sources/slideSource';
import { isWellFormedImage } from '../tiles/tileValidation';
import { CasePlanner } from './casePlanner';
import { JobBook } from './jobs';
import type { CaseTile, PlannedTile } from './planner';
import type { PrefetchCache } from './prefetchCache';
import type { Job, SlideState } from './queue';
import { SourceGate } from './sourceGate';
import type { RgbImage } from './tissue';
import type {
  ArchiveConnection,
  DownloadsStatus,
  FromWorker,
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
  // A few hundred per transaction (PERFORMANCE.md).
  writeBatch: 256,
  writeDelayMs: 100,
  maxTileAttempts: 4,
};

export interface EngineDeps {
  cache: PrefetchCache;
  opener: WorkerOpener;
  interactive: Int32Array;
  tuning: Partial<PrefetchTuning>;
  archives: ArchiveConnection[];
  log: Logger;
  emit(message: FromWorker): void;
  /** Decodes an image to RGB, shrunk to fit `maxSide` when given. */
  decode(bytes: Uint8Array, maxSide?: number): Promise<RgbImage>;
}

export class PrefetchEngine {
  private readonly tuning: PrefetchTuning;
  private readonly archives = new Map<string, ArchiveConnection>();
  private readonly gate: SourceGate;
  /** The queue: the main thread's commands about cases go straight to it. */
  readonly jobs: JobBook;
  private readonly planner: CasePlanner;
  private current: Job | null = null;
  private closing = false;
  private wakeUp: (() => void) | null = null;
  private wakePromise: Promise<void> | null = null;
  private emitTimer: NodeJS.Timeout | null = null;
  private lastEmit = 0;
  private loopDone: Promise<void> | null = null;
  private readonly stats = { fetchesStarted: 0, fetchesDone: 0, fetchesFailed: 0 };

  constructor(private readonly deps: EngineDeps) {
    this.tuning = { ...DEFAULT_TUNING, ...deps.tuning };
    for (const a of deps.archives) this.archives.set(a.id, a);
    const changed = () => this.changed();
    this.gate = new SourceGate({
      tuning: this.tuning,
      interactive: deps.interactive,
      log: deps.log,
      changed,
      nextChange: () => this.nextChange(),
      writerReady: () => deps.cache.mayStartRead(),
    });
    this.jobs = new JobBook(deps.cache, this.gate, this.tuning.lookahead, deps.log, changed);
    this.planner = new CasePlanner({
      gate: this.gate,
      cache: deps.cache,
      opener: deps.opener,
      tuning: this.tuning,
      log: deps.log,
      emit: (message) => deps.emit(message),
      decode: (bytes, maxSide) => deps.decode(bytes, maxSide),
      read: (job, st, tile) => this.readOnce(job, st, tile),
      wanted: (job, generation) => this.stillWanted(job, generation),
      refused: (job) => this.refused(job),
      persist: (job) => this.jobs.persist(job),
    });
    deps.cache.onWritten(changed);
    deps.cache.onRebuilt(() => this.jobs.cacheRebuilt());
  }

  /** Loads the persisted queue and starts working. */
  start(): void {
    this.jobs.load();
    this.loopDone = this.loop();
  }

  // ---------------------------------------------------------------------------------------
  // Commands from the main thread (the others go to `jobs`).

  setArchives(archives: readonly ArchiveConnection[]): void {
    this.archives.clear();
    for (const a of archives) this.archives.set(a.id, a);
    this.jobs.archivesChanged();
  }

  archive(id: string): ArchiveConnection | undefined {
    return this.archives.get(id);
  }

  status(): DownloadsStatus {
    return this.jobs.status(this.current);
  }

  /**
   * The exact state (tests, diagnostics), with every tile it counts written: first any
   * rebuilt file is followed, then the state is taken, then what it counts is flushed.
   */
  async sync(): Promise<{ status: DownloadsStatus; stats: WorkerStats }> {
    await this.deps.cache.flush(true);
    const status = this.status();
    await this.deps.cache.flush();
    return { status, stats: this.currentStats() };
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const job of this.jobs.jobs.values()) job.abort.abort();
    this.changed();
    await this.loopDone;
    if (this.emitTimer) clearTimeout(this.emitTimer);
    await this.jobs.closeSources();
    await this.deps.opener.close?.();
    await this.deps.cache.close();
  }

  private currentStats(): WorkerStats {
    const { tilesWritten, bytesWritten, evicted } = this.deps.cache.totals;
    return {
      ...emptyStats(),
      ...this.stats,
      inFlight: this.gate.inFlight,
      tilesWritten,
      bytesWritten,
      evicted,
      throughput: this.gate.throughput(),
    };
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
      const job = this.jobs.pick();
      if (!job) {
        await this.nextChange();
        continue;
      }
      try {
        await this.work(job);
      } catch (e) {
        this.deps.log.error('prefetch.case_failed', { error: e });
        job.state = 'error';
        job.notice = { code: 'failed' };
      } finally {
        if (this.current === job) this.current = null;
        if (job.state === 'running') job.state = 'queued';
        this.changed();
      }
    }
  }

  private stillWanted(job: Job, generation: number): boolean {
    return !this.closing && job.generation === generation && this.jobs.pick() === job;
  }

  private async work(job: Job): Promise<void> {
    this.current = job;
    job.state = 'running';
    job.startedAt ??= Date.now();
    this.deps.cache.protect(this.jobs.protectSince());
    this.scheduleEmit();
    const generation = job.generation;
    if (!job.tiles && !(await this.planner.plan(job, generation))) return;
    this.scheduleEmit();
    await this.drain(job, generation);
    if (job.generation !== generation || !job.tiles) return;
    if (job.retry.length === 0 && job.cursor >= job.tiles.length && job.state === 'running')
      await this.complete(job);
  }

  private async complete(job: Job): Promise<void> {
    await this.deps.cache.flush();
    job.state = 'done';
    job.plan = { whole: job.pinned, counts: job.planCounts ?? job.slides.map(() => 0) };
    const slidesFailed = (job.slideStates ?? []).filter((st) => st.failed).length;
    job.notice = incompleteNotice(slidesFailed, job.slides.length, job.tilesFailed);
    if (slidesFailed > 0 && slidesFailed === job.slides.length) job.state = 'error';
    this.jobs.persist(job);
    for (const s of job.slideStates ?? []) s.source?.close().catch(() => undefined);
    job.slideStates = null;
    this.deps.log.info('prefetch.case_done', {
      tiles: job.tilesTotal,
      failed: job.tilesFailed,
      pinned: job.pinned,
    });
  }

  /** Runs the case's remaining tiles with bounded concurrency until done or interrupted. */
  private async drain(job: Job, generation: number): Promise<void> {
    const running = new Set<Promise<unknown>>();
    const states = job.slideStates ?? [];
    const wanted = () => this.stillWanted(job, generation) && !job.abort.signal.aborted;
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
      if (!(await this.gate.acquire(st.sourceKey, wanted))) break;
      const tile = this.takeNext(job);
      const tileState = tile ? states[tile.slide] : undefined;
      if (!tile || tileState !== st) {
        this.gate.release(st.sourceKey);
        if (tile) job.retry.unshift(tile);
        continue;
      }
      const batch = this.takeBatch(job, tile);
      const p = Promise.allSettled(batch.map((t) => this.fetch(job, generation, st, t)))
        .finally(() => this.gate.release(st.sourceKey))
        .finally(() => running.delete(p));
      running.add(p);
    }
    await Promise.allSettled(running);
  }

  /**
   * `first`, then the next planned tiles of the same slide and level, up to batchSize:
   * asked for in the same turn, they go to the archive as one request under one slot.
   */
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

  private takeNext(job: Job): CaseTile | undefined {
    const retry = job.retry.shift();
    if (retry) return retry;
    const t = job.tiles?.[job.cursor];
    if (t) job.cursor++;
    return t;
  }

  /**
   * Reads one image from the source under a slot the caller holds, checks it and hands it
   * to the cache writer. Throws the source's error.
   */
  private async readOnce(job: Job, st: SlideState, tile: PlannedTile): Promise<TileData> {
    const source = st.source;
    this.stats.fetchesStarted++;
    this.gate.readStarted(st.sourceKey);
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
      this.gate.succeeded(st.sourceKey);
      const { level, col, row } = tile;
      this.deps.cache.write({ slide: source.identity, level, col, row }, data);
      return data;
    } catch (e) {
      this.stats.fetchesFailed++;
      throw e;
    } finally {
      this.gate.readEnded(st.sourceKey, bytes);
    }
  }

  /** A tile of the plan: read, counted in the case's progress, or handed to tileFailed. */
  private async fetch(job: Job, generation: number, st: SlideState, tile: CaseTile): Promise<void> {
    try {
      const data = await this.readOnce(job, st, tile);
      if (job.generation !== generation) return;
      job.tilesDone++;
      job.bytes += data.bytes.byteLength;
    } catch (e) {
      if (job.generation !== generation) return;
      if (job.abort.signal.aborted) job.retry.push(tile);
      else this.tileFailed(job, st, tile, e);
    }
  }

  private refused(job: Job): void {
    job.state = 'error';
    job.notice = { code: 'refused' };
    this.changed();
  }

  private tileFailed(job: Job, st: SlideState, tile: CaseTile, e: unknown): void {
    const error = toWorkstationError(e);
    switch (error.code) {
      case 'unavailable':
      case 'offline':
        job.retry.push(tile);
        this.gate.failed(st.sourceKey, 'unavailable');
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
        this.deps.log.warn('prefetch.tile_skipped', { code: error.code, level: tile.level });
        return;
      default: {
        const key = `${tile.slide}/${tile.level}/${tile.col}/${tile.row}`;
        const attempts = (job.attempts.get(key) ?? 0) + 1;
        job.attempts.set(key, attempts);
        if (attempts < this.tuning.maxTileAttempts) {
          job.retry.push(tile);
          this.gate.failed(st.sourceKey, 'error');
        } else {
          if (tile.slide >= 0) job.tilesFailed++;
          this.deps.log.warn('prefetch.tile_given_up', { code: error.code, attempts });
        }
      }
    }
  }
}
