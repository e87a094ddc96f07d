/**
 * The Prefetcher, main-thread side: a handle on the background worker that fills cache.db
 * ahead of the pathologist (worklist cases by priority, and cases marked "available
 * offline"). Every call is a message; nothing here touches the network or the database,
 * so the main thread never waits on prefetching. The worker writes through the tile
 * store's writer thread, on a connection the store hands out for it.
 *
 * The one thing shared synchronously is `interactive`: TileService brackets each source
 * read for the viewer with begin()/end() (a SharedArrayBuffer counter), and the worker
 * starts no read while it is above zero.
 */
import { Worker } from 'node:worker_threads';
import type { Priority } from '../../common/contract';
import type { Logger } from '../log/logger';
import { TileStore } from '../tiles/tileStore';
import type {
  ArchiveConnection,
  CaseProgress,
  DownloadsStatus,
  FromWorker,
  NetworkHint,
  PrefetchCase,
  PrefetchSlide,
  PrefetchTuning,
  SlideOpened,
  ToWorker,
  WorkerInit,
  WorkerStats,
} from './types';
import { emptyStats } from './types';
import type { WorkerEntry } from './workerEntry';
import { backoffMs } from './pacing';
import { prefetchWorkerEntry } from './workerEntry';

export interface PrefetcherOptions {
  /**
   * The tile store the worker reads and writes through (the workstation's). Without it the
   * Prefetcher opens its own on cachePath, with budgetBytes, and closes it with itself.
   */
  store?: TileStore;
  cachePath: string;
  budgetBytes: number;
  log: Logger;
  /** Source reads in flight at once (default 6). */
  concurrency?: number;
  /** Worklist cases fetched ahead (default 10). */
  lookahead?: number;
  /** Archive connections (credentials stay in memory, never in cache.db). */
  archives?: ArchiveConnection[];
  /** Absolute path of a module exporting `createOpener` (tests: fake sources). */
  openerModule?: string;
  /** Structured-cloneable options handed to that module. */
  openerOptions?: unknown;
  /** Timings and sizes, mostly for tests. */
  tuning?: Partial<PrefetchTuning>;
  /** Where the worker's code is (default: prefetchWorkerEntry()). */
  workerEntry?: WorkerEntry;
}

export interface InteractiveGate {
  /** An interactive source read starts: the worker starts no read until end(). */
  begin(): void;
  end(): void;
  /** begin(), then end() when `work` settles. */
  track<T>(work: Promise<T>): Promise<T>;
}

const EMPTY_STATUS: DownloadsStatus = { paused: false, reasons: [], cases: [] };
/** Restart delays of a worker that died: 1 s, doubling, up to 5 min. */
const RESTART_BASE_MS = 1000;
const RESTART_MAX_MS = 5 * 60_000;
/** How long close() waits for the worker to finish its writes before terminating it. */
const CLOSE_TIMEOUT_MS = 10_000;

export class Prefetcher {
  private latest: DownloadsStatus = EMPTY_STATUS;
  private readonly listeners = new Set<(status: DownloadsStatus) => void>();
  private readonly slideListeners = new Set<(slide: SlideOpened) => void>();
  private readonly syncs = new Map<
    number,
    (r: { status: DownloadsStatus; stats: WorkerStats }) => void
  >();
  private syncId = 0;
  private closed = false;
  private closing: Promise<void> | null = null;
  private onClosed: (() => void) | null = null;
  readonly interactive: InteractiveGate;

  private worker: Worker | null = null;
  /** Unexpected worker exits, for the restart back-off. */
  private crashes = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  /** Not persisted by the worker: sent again to a restarted one. */
  private hint: NetworkHint = {};

  private constructor(
    private readonly init: Omit<WorkerInit, 'cache'>,
    private readonly store: TileStore,
    /** The store was opened here: closed with the Prefetcher. */
    private readonly ownStore: boolean,
    private readonly options: PrefetcherOptions,
  ) {
    const log = options.log;
    const counter = new Int32Array(init.interactive);
    this.interactive = {
      begin: () => {
        Atomics.add(counter, 0, 1);
      },
      end: () => {
        const before = Atomics.sub(counter, 0, 1);
        if (before <= 0) {
          Atomics.store(counter, 0, 0);
          log.error('prefetch.interactive_unbalanced', {});
        }
        if (before <= 1) Atomics.notify(counter, 0);
      },
      track: <T>(work: Promise<T>): Promise<T> => {
        this.interactive.begin();
        return work.finally(() => this.interactive.end());
      },
    };
  }

  /**
   * Starts the worker, which resumes the queue persisted in cache.db. Without a store,
   * opens one (migrations; rebuilt if corrupt).
   */
  static async start(options: PrefetcherOptions): Promise<Prefetcher> {
    const store =
      options.store ??
      (await TileStore.open(options.cachePath, {
        log: options.log,
        budgetBytes: options.budgetBytes,
      }));
    const init: Omit<WorkerInit, 'cache'> = {
      openerModule: options.openerModule ?? null,
      openerOptions: options.openerOptions ?? null,
      interactive: new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT),
      archives: options.archives ?? [],
      tuning: {
        ...options.tuning,
        ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
        ...(options.lookahead !== undefined ? { lookahead: options.lookahead } : {}),
      },
    };
    const prefetcher = new Prefetcher(init, store, !options.store, options);
    try {
      await prefetcher.spawn();
    } catch (e) {
      if (!options.store) await store.close();
      throw e;
    }
    return prefetcher;
  }

  /** Starts a worker; resolves when it is ready, rejects if it fails to start. */
  private spawn(): Promise<void> {
    const log = this.options.log;
    const entry = this.options.workerEntry ?? prefetchWorkerEntry();
    const cache = this.store.connect();
    const workerData: WorkerInit = { ...this.init, cache };
    let worker: Worker;
    try {
      worker = new Worker(entry.filename, {
        ...entry.options,
        workerData,
        transferList: [cache.port],
      });
    } catch (e) {
      cache.port.close();
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    this.worker = worker;
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      worker.on('message', (m: FromWorker) => {
        switch (m.type) {
          case 'ready':
            ready = true;
            this.update(m.status);
            resolve();
            return;
          case 'progress':
            this.update(m.status);
            return;
          case 'synced': {
            this.update(m.status);
            const done = this.syncs.get(m.id);
            this.syncs.delete(m.id);
            done?.({ status: m.status, stats: m.stats });
            return;
          }
          case 'log':
            log[m.level](m.event, m.fields);
            return;
          case 'slideOpened':
            for (const l of this.slideListeners) l(m.slide);
            return;
          case 'closed':
            this.onClosed?.();
            return;
          case 'fatal':
            log.error('prefetch.worker_failed', {});
            if (!ready) reject(new Error(`The prefetch worker failed to start: ${m.message}`));
            return;
        }
      });
      worker.on('error', (e) => {
        log.error('prefetch.worker_crashed', { error: e });
        if (!ready) reject(e);
      });
      worker.on('exit', (code) => {
        if (this.worker === worker) this.worker = null;
        this.onClosed?.();
        for (const done of this.syncs.values()) done({ status: this.latest, stats: emptyStats() });
        this.syncs.clear();
        if (!ready) {
          reject(new Error(`The prefetch worker exited (${code})`));
          return;
        }
        if (!this.closed) {
          log.error('prefetch.worker_exited', { code });
          this.scheduleRestart();
        }
      });
    });
  }

  /** The queue is persisted in cache.db: a new worker resumes where the old one died. */
  private scheduleRestart(): void {
    const delay = backoffMs(this.crashes++, RESTART_BASE_MS, RESTART_MAX_MS);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.closed) return;
      this.spawn().then(
        () => {
          this.options.log.info('prefetch.worker_restarted', { crashes: this.crashes });
          if (this.hint.metered !== undefined || this.hint.slow !== undefined) {
            this.post({ type: 'networkHint', hint: this.hint });
          }
        },
        (e: unknown) => {
          this.options.log.error('prefetch.worker_restart_failed', { error: e });
          if (!this.closed) this.scheduleRestart();
        },
      );
    }, delay);
    this.restartTimer.unref();
  }

  private update(status: DownloadsStatus): void {
    this.latest = status;
    for (const l of this.listeners) l(status);
  }

  private post(message: ToWorker): void {
    if (!this.closed) this.worker?.postMessage(message);
  }

  /**
   * The worklist, in its display order. The first `lookahead` cases in fetch order
   * (frozen, urgent, routine; then this order) are prefetched; others are dropped from
   * the queue unless pinned. Their cached tiles stay until evicted.
   */
  setWorklist(cases: readonly PrefetchCase[]): void {
    this.post({ type: 'setWorklist', cases: [...cases] });
  }

  /** "Available offline": fetch every tile of every slide of the case and never evict them. */
  pin(caseId: string, slides: readonly PrefetchSlide[], priority: Priority = 'routine'): void {
    this.post({ type: 'pin', caseId, priority, slides: [...slides] });
  }

  /** Releases a pinned case: its tiles become evictable (not deleted now). */
  unpin(caseId: string): void {
    this.post({ type: 'unpin', caseId });
  }

  /** Pauses one case, or everything (persisted). */
  pause(caseId?: string): void {
    this.post({ type: 'pause', caseId: caseId ?? null });
  }

  /** Resumes one case, or everything; a case in error is tried again. */
  resume(caseId?: string): void {
    this.post({ type: 'resume', caseId: caseId ?? null });
  }

  /** Stops fetching a case (and unpins it). It stays out of the queue while on the worklist. */
  cancel(caseId: string): void {
    this.post({ type: 'cancel', caseId });
  }

  /** Metered or slow link (from the OS or the user): pauses all fetching while true. */
  setNetworkHint(hint: NetworkHint): void {
    this.hint = { ...this.hint, ...hint };
    this.post({ type: 'networkHint', hint: { ...hint } });
  }

  setArchives(archives: readonly ArchiveConnection[]): void {
    this.init.archives = [...archives];
    this.post({ type: 'setArchives', archives: [...archives] });
  }

  /** The latest state the worker reported (at most ~4 updates per second). */
  status(): DownloadsStatus {
    return this.latest;
  }

  progress(): CaseProgress[] {
    return this.latest.cases;
  }

  onProgress(listener: (status: DownloadsStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Each slide the worker opened: its identity and metadata (for offline viewing). */
  onSlideOpened(listener: (slide: SlideOpened) => void): () => void {
    this.slideListeners.add(listener);
    return () => this.slideListeners.delete(listener);
  }

  /** Flushes the worker's pending writes and answers its exact current state. */
  sync(): Promise<{ status: DownloadsStatus; stats: WorkerStats }> {
    if (this.closed || !this.worker)
      return Promise.resolve({ status: this.latest, stats: emptyStats() });
    const id = ++this.syncId;
    return new Promise((resolve) => {
      this.syncs.set(id, resolve);
      this.post({ type: 'sync', id });
    });
  }

  /** Finishes pending writes, persists the queue and stops the worker. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.restartTimer) clearTimeout(this.restartTimer);
      const worker = this.worker;
      if (worker) {
        const closed = new Promise<void>((resolve) => (this.onClosed = resolve));
        this.post({ type: 'close' });
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([closed, new Promise((r) => (timer = setTimeout(r, CLOSE_TIMEOUT_MS)))]);
        clearTimeout(timer);
      }
      this.closed = true;
      await worker?.terminate();
      if (this.ownStore) await this.store.close();
    })();
    return this.closing;
  }

  /** For tests: stops the worker as a crash would (the Prefetcher restarts it). */
  async crashWorkerForTest(): Promise<void> {
    await this.worker?.terminate();
  }
}
