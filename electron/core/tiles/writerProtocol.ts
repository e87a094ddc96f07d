/**
 * Messages between the cache.db writer thread (tileWriter.ts) and the threads that read
 * cache.db and want tiles written: the window side (TileStore) and the prefetch worker.
 * Each client talks to the writer over its own MessagePort; tile bytes travel packed in
 * one ArrayBuffer per message, in the transfer list (moved, not copied).
 *
 * Plain data only: everything here survives structured cloning.
 */
import type { MessagePort } from 'node:worker_threads';
import type { CaseRow } from './cacheStatements';
import type { LogMessage } from './workerEntry';

/**
 * Whose writes go first. The window's (a tile the viewer is waiting for, access times)
 * are written before any queued prefetch batch.
 */
export type WriterLane = 'interactive' | 'background';

/** One write, in the order the client asked for it. */
export type WriteOp =
  | {
      op: 'tile';
      slide: string;
      level: number;
      col: number;
      row: number;
      contentType: string;
      /** Where the bytes are in the message's buffer. */
      offset: number;
      length: number;
    }
  /** Access times (LRU) of rows read on a connection to file `generation`. */
  | { op: 'touch'; generation: number; ids: number[]; at: number }
  /** A stored tile found malformed by a reader. */
  | { op: 'remove'; generation: number; id: number }
  | { op: 'removeSlide'; slide: string }
  | { op: 'pin'; slide: string }
  | { op: 'unpin'; slide: string }
  | { op: 'saveCase'; row: CaseRow }
  | { op: 'deleteCase'; caseId: string }
  | { op: 'setSetting'; key: string; value: string }
  | { op: 'budget'; bytes: number }
  /** Tiles written or read since this time (ms) are not evicted (prefetch's running cases). */
  | { op: 'protect'; since: number }
  /** An archive series' metadata: its DICOM JSON (UTF-8) in the message's buffer. */
  | { op: 'seriesMetadata'; series: string; offset: number; length: number }
  | { op: 'touchSeries'; series: string; at: number }
  /** Is cache.db still the file the writer opened? (tests, and the prefetcher's sync) */
  | { op: 'checkFile' };

export type ToWriter =
  | { type: 'ops'; seq: number; ops: WriteOp[]; buffer: ArrayBuffer | null }
  /** A reader met a damaged file on its connection to `generation`: rebuild it. */
  | { type: 'corrupt'; generation: number };

/** What the writer knows of the file after a round of writes. */
export interface WriterState {
  usedBytes: number;
  budgetBytes: number;
  /** Over budget with nothing left to evict (pinned or protected tiles only). */
  full: boolean;
}

export type FromWriter =
  | ({
      type: 'ack';
      /** Every message up to this sequence number is written (or dropped with its file). */
      seq: number;
      /** Of this client's, in this round. */
      tilesWritten: number;
      bytesWritten: number;
      /** Evicted in this round, whoever's writes made room necessary. */
      evicted: number;
    } & WriterState)
  /** cache.db was rebuilt (damaged, or replaced underneath): plan again, persist again. */
  | { type: 'rebuilt'; generation: number };

/** Between TileStore and the writer worker, over the worker's own port. */
export interface WriterInit {
  path: string;
  budgetBytes: number;
  /** Int32 [generation]: see SHARED_GENERATION. */
  shared: SharedArrayBuffer;
}

export type ToWriterHost =
  { type: 'connect'; port: MessagePort; lane: WriterLane } | { type: 'close' };

export type FromWriterHost =
  { type: 'ready' } | LogMessage | { type: 'closed' } | { type: 'fatal'; code: string };

/**
 * Index in the shared Int32Array of the file's generation: even while a file is open,
 * odd while the writer rebuilds it. Readers reopen their connection when it changes, and
 * treat every read as a miss while it is odd.
 */
export const SHARED_GENERATION = 0;
export const SHARED_LENGTH = 1;

export function newSharedState(): SharedArrayBuffer {
  return new SharedArrayBuffer(SHARED_LENGTH * Int32Array.BYTES_PER_ELEMENT);
}
