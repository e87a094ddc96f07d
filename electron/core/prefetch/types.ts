/**
 * Plain data shared by the Prefetcher (main thread) and its worker: what a case to fetch
 * is, what progress looks like, and the messages between the two threads. Everything
 * here must survive structured cloning (no functions, no class instances).
 */
import type { CaseProgress, Priority } from '../../common/contract';
import type { SlideLocator } from '../cases/caseRepository';
import type { Logger } from '../log/logger';
import type { SlideMetadata, SlideSource } from '../sources/slideSource';
import type { ArchiveConnection, SeriesMetadataCache } from '../sources/openLocator';
import type { WriterConnection } from '../tiles/tileStore';

export type { CaseProgress, Priority };

/** A slide to fetch, described by data: the worker opens it itself. */
export interface PrefetchSlide {
  slideId: string;
  /** The cache key if already known; learned by opening the slide otherwise. */
  identity: string | null;
  locator: SlideLocator;
}

export interface PrefetchCase {
  caseId: string;
  priority: Priority;
  slides: PrefetchSlide[];
}

/** How the worker reaches a DICOMweb archive (credentials included: never persisted). */
export type { ArchiveConnection };

export type PauseReason = 'user' | 'metered' | 'slow' | 'unavailable' | 'cache_full';

/** The downloads panel: global state and one line per case, in the order they are fetched. */
export interface DownloadsStatus {
  /** Paused by the user (pause() without a case). */
  paused: boolean;
  /** Everything that currently holds work back, user pause included. */
  reasons: PauseReason[];
  cases: CaseProgress[];
}

export interface NetworkHint {
  metered?: boolean;
  slow?: boolean;
}

/** Counters for tests, benchmarks and diagnostics. */
export interface WorkerStats {
  fetchesStarted: number;
  fetchesDone: number;
  fetchesFailed: number;
  inFlight: number;
  tilesWritten: number;
  bytesWritten: number;
  evicted: number;
  /** Bytes per second of source reads over the last measured window, per source key. */
  throughput: Record<string, number>;
}

/** Statistics of a worker that has done nothing yet. */
export function emptyStats(): WorkerStats {
  return {
    fetchesStarted: 0,
    fetchesDone: 0,
    fetchesFailed: 0,
    inFlight: 0,
    tilesWritten: 0,
    bytesWritten: 0,
    evicted: 0,
    throughput: {},
  };
}

/** What a slide taught the worker when it opened it (the main thread may record it). */
export interface SlideOpened {
  slideId: string;
  identity: string;
  metadata: SlideMetadata;
}

// -----------------------------------------------------------------------------------------
// Pluggable opener: a module exporting `createOpener`.

export interface OpenerContext {
  archive(id: string): ArchiveConnection | undefined;
  /** Archive series metadata kept in cache.db (shared with the window). */
  seriesMetadata: SeriesMetadataCache;
  log: Logger;
  /** Structured-cloneable options given to Prefetcher.start (tests pass fakes' controls). */
  options: unknown;
}

export interface WorkerOpener {
  open(locator: SlideLocator, signal?: AbortSignal): Promise<SlideSource>;
  /**
   * Which connection a locator's reads go through ('file', 'archive:<id>'...): throughput,
   * back-off and probing are kept per source key.
   */
  sourceKey(locator: SlideLocator): string;
  close?(): Promise<void>;
}

export type CreateOpener = (context: OpenerContext) => WorkerOpener | Promise<WorkerOpener>;

// -----------------------------------------------------------------------------------------
// Tuning. Every field has a default in the worker; tests shorten the timings.

export interface PrefetchTuning {
  /** Source reads in flight at once. Browsers use 6 per host; archives are tuned for that. */
  concurrency: number;
  /**
   * Tiles of one level of one slide read together under one slot. They are asked for in
   * the same turn of the event loop, which a DICOMweb slide turns into one multi-frame
   * WADO-RS request per instance: Orthanc re-reads a whole instance per request, so one
   * frame per request runs at 60-80 tiles/s against 600-1800 for batches (PERFORMANCE.md).
   */
  batchSize: number;
  /** How many worklist cases ahead are fetched. */
  lookahead: number;
  /** Back-off after an error: base, doubled per failure, capped. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A source slower than this over a window is "slow" and paused. */
  slowBytesPerSec: number;
  /** Active fetching time a throughput measurement covers. */
  throughputWindowMs: number;
  /** How long a slow source is left alone before it is measured again. */
  slowRecheckMs: number;
  /** Progress events at most this often (4 per second). */
  progressIntervalMs: number;
  /** Tiles per message to the cache writer, at most; and after this delay anyway. */
  writeBatch: number;
  writeDelayMs: number;
  /** Attempts for a tile failing with an unexpected (internal) error before it is skipped. */
  maxTileAttempts: number;
}

export interface WorkerInit {
  /** cache.db: where to read, and the port to the writer thread (transferred). */
  cache: WriterConnection;
  openerModule: string | null;
  openerOptions: unknown;
  /** Int32 counter: interactive source reads in flight on the main thread. */
  interactive: SharedArrayBuffer;
  archives: ArchiveConnection[];
  tuning: Partial<PrefetchTuning>;
}

export type ToWorker =
  | { type: 'setWorklist'; cases: PrefetchCase[] }
  | { type: 'pin'; caseId: string; priority: Priority; slides: PrefetchSlide[] }
  | { type: 'unpin'; caseId: string }
  | { type: 'pause'; caseId: string | null }
  | { type: 'resume'; caseId: string | null }
  | { type: 'cancel'; caseId: string }
  | { type: 'networkHint'; hint: NetworkHint }
  | { type: 'setArchives'; archives: ArchiveConnection[] }
  | { type: 'sync'; id: number }
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; status: DownloadsStatus }
  | { type: 'progress'; status: DownloadsStatus }
  | {
      type: 'log';
      level: 'info' | 'warn' | 'error';
      event: string;
      fields?: Record<string, unknown>;
    }
  | { type: 'slideOpened'; slide: SlideOpened }
  | { type: 'synced'; id: number; status: DownloadsStatus; stats: WorkerStats }
  | { type: 'closed' }
  | { type: 'fatal'; message: string };
