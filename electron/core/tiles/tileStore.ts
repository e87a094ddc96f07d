/**
 * The tile cache (cache.db) as the window's thread sees it: synchronous reads on its own
 * connection, and writes handed to the writer thread (tileWriter.ts), which the prefetch
 * worker writes through too. Opening the store starts that thread, which prepares the
 * file (migrations; a damaged file is rebuilt silently) before anyone reads it.
 *
 * The size budget is measured from page counts ((page_count - freelist_count) x
 * page_size): deleting rows frees pages for reuse without a VACUUM. Least recently used
 * tiles go first (reads here send their access times to the writer); tiles of pinned
 * slides never go.
 *
 * If the writer thread cannot start, the same writer runs on this thread: slower under
 * prefetching, but slides still view.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { Logger } from '../log/logger';
import type { TileData } from '../sources/slideSource';
import type { TileKey } from './cacheStatements';
import type { SeriesMetadataCache } from '../sources/openLocator';
import { CacheReader } from './cacheReader';
import { seriesMetadataCache } from './seriesMetadataCache';
import { TileWriter } from './tileWriter';
import { isWellFormedImage } from './tileValidation';
import type { WorkerEntry } from './workerEntry';
import { locateWorker } from './workerEntry';
import { WriterLink } from './writerLink';
import type {
  FromWriterHost,
  ToWriterHost,
  WriterInit,
  WriterLane,
  WriterState,
} from './writerProtocol';
import { newSharedState } from './writerProtocol';

export type { TileKey };

/**
 * The window's writes: a screenful of misses goes as one message, soon (the viewer is
 * served from the pending buffer meanwhile).
 */
const WINDOW_BATCH = { batchTiles: 256, batchBytes: 4 << 20, delayMs: 20 };
/** Access times are sent at most this often (ms): LRU needs no finer clock. */
const TOUCH_DELAY_MS = 250;
/** How long close() waits for the writer to finish before stopping its thread. */
const CLOSE_TIMEOUT_MS = 10_000;

export interface TileCacheStats {
  tiles: number;
  usedBytes: number;
  budgetBytes: number;
}

/** What another thread needs to read cache.db and write through the writer. */
export interface WriterConnection {
  path: string;
  /** This client's end of the writer: transfer it to the thread that will use it. */
  port: MessagePort;
  shared: SharedArrayBuffer;
  state: WriterState;
}

export interface TileStoreOptions {
  log: Logger;
  budgetBytes: number;
  /** Where the writer thread's code is (default: cacheWriter.cjs or its source). */
  writerEntry?: WorkerEntry;
}

export function cacheWriterEntry(): WorkerEntry {
  return locateWorker({
    bundled: 'cacheWriter',
    source: 'electron/core/tiles/cacheWriterWorker.ts',
    here: typeof __dirname === 'string' ? __dirname : null,
  });
}

/** Starts the writer thread; resolves once cache.db is ready, rejects if it cannot start. */
function startWriterThread(entry: WorkerEntry, init: WriterInit, log: Logger): Promise<Worker> {
  const worker = new Worker(entry.filename, { ...entry.options, workerData: init });
  return new Promise((resolve, reject) => {
    let ready = false;
    worker.on('message', (m: FromWriterHost) => {
      if (m.type === 'ready') {
        ready = true;
        resolve(worker);
      } else if (m.type === 'log') log[m.level](m.event, m.fields);
      else if (m.type === 'fatal' && !ready) reject(new Error(`cache writer: ${m.code}`));
    });
    worker.on('error', (e) => {
      if (!ready) reject(e);
      else log.error('cache.writer_crashed', { error: e });
    });
    worker.on('exit', (code) => {
      if (!ready) reject(new Error(`The cache writer exited (${code})`));
    });
  });
}

export class TileStore {
  private readonly reader: CacheReader;
  private link: WriterLink;
  private readonly touches = new Set<number>();
  private touchTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Archive series metadata, shared with the prefetch worker through cache.db. */
  readonly seriesMetadata: SeriesMetadataCache;

  private constructor(
    private readonly path: string,
    private readonly log: Logger,
    private budgetBytes: number,
    private readonly shared: SharedArrayBuffer,
    private writer: { thread: Worker } | { here: TileWriter },
  ) {
    this.link = this.newLink();
    this.reader = new CacheReader(path, shared, {
      corrupt: (generation) => this.link.reportCorrupt(generation),
      malformed: (generation, id) => {
        this.log.warn('cache.malformed_tile_dropped', {});
        this.link.op({ op: 'remove', generation, id });
      },
    });
    this.seriesMetadata = seriesMetadataCache(this.reader, () => this.link);
    if ('thread' in writer) this.watch(writer.thread);
  }

  static async open(path: string, options: TileStoreOptions): Promise<TileStore> {
    const { log, budgetBytes } = options;
    const shared = newSharedState();
    const init: WriterInit = { path, budgetBytes, shared };
    try {
      const thread = await startWriterThread(options.writerEntry ?? cacheWriterEntry(), init, log);
      return new TileStore(path, log, budgetBytes, shared, { thread });
    } catch (e) {
      // Viewing must not depend on the writer's thread: write from this one instead.
      log.error('cache.writer_unavailable', { error: e });
      return new TileStore(path, log, budgetBytes, shared, { here: await openHere(init, log) });
    }
  }

  /** A writer thread that dies later is replaced by one on this thread. */
  private watch(thread: Worker): void {
    thread.on('exit', (code) => {
      if (this.closed) return;
      this.log.error('cache.writer_exited', { code });
      void openHere(
        { path: this.path, budgetBytes: this.budgetBytes, shared: this.shared },
        this.log,
      )
        .then((here) => {
          this.writer = { here };
          this.link = this.newLink();
        })
        .catch((e: unknown) => this.log.error('cache.writer_unavailable', { error: e }));
    });
  }

  private newLink(): WriterLink {
    const port = this.attach('interactive');
    return new WriterLink(port, WINDOW_BATCH);
  }

  /** A new port to the writer, in `lane`; the other end is handed to the writer. */
  private attach(lane: WriterLane): MessagePort {
    const { port1, port2 } = new MessageChannel();
    if ('thread' in this.writer) {
      this.writer.thread.postMessage(
        { type: 'connect', port: port2, lane } satisfies ToWriterHost,
        [port2],
      );
    } else this.writer.here.addPort(port2, lane);
    return port1;
  }

  /** A connection for a background thread (the prefetch worker): reads, and writes that wait. */
  connect(): WriterConnection {
    return {
      path: this.path,
      port: this.attach('background'),
      shared: this.shared,
      state: { ...this.link.state, budgetBytes: this.budgetBytes },
    };
  }

  /** A cached, well-formed tile, or null. A malformed stored tile is dropped. */
  get(key: TileKey): TileData | null {
    if (this.closed) return null;
    const pending = this.link.pendingTile(key);
    if (pending) return pending;
    const hit = this.reader.get(key);
    if (!hit) return null;
    this.touch(hit.id);
    return hit.data;
  }

  has(key: TileKey): boolean {
    if (this.closed) return false;
    return this.link.pendingTile(key) !== undefined || this.reader.has(key);
  }

  /** Queues a tile for writing. Malformed images are refused. */
  put(key: TileKey, data: TileData): boolean {
    if (this.closed || !isWellFormedImage(data.bytes, data.contentType)) return false;
    this.link.putTile(key, data);
    return true;
  }

  private touch(id: number): void {
    this.touches.add(id);
    this.touchTimer ??= setTimeout(() => this.sendTouches(), TOUCH_DELAY_MS);
    this.touchTimer.unref();
  }

  private sendTouches(): void {
    if (this.touchTimer) clearTimeout(this.touchTimer);
    this.touchTimer = null;
    if (this.touches.size === 0) return;
    const ids = [...this.touches];
    this.touches.clear();
    this.link.op({ op: 'touch', generation: this.reader.generation, ids, at: Date.now() });
  }

  /** Resolves once everything queued so far is written. */
  async flush(): Promise<void> {
    this.sendTouches();
    await this.link.flush();
  }

  setBudget(bytes: number): void {
    this.budgetBytes = bytes;
    this.link.op({ op: 'budget', bytes });
    this.link.send();
  }

  pin(slide: string): void {
    this.link.op({ op: 'pin', slide });
  }

  unpin(slide: string): void {
    this.link.op({ op: 'unpin', slide });
  }

  /** Drops every cached tile of a slide (pinned or not); the pages are reused later. */
  async removeSlide(slide: string): Promise<void> {
    this.link.op({ op: 'removeSlide', slide });
    await this.flush();
  }

  async countForSlide(slide: string): Promise<number> {
    await this.flush();
    return this.reader.countForSlide(slide).tiles;
  }

  async stats(): Promise<TileCacheStats> {
    await this.flush();
    return { ...this.reader.stats(), budgetBytes: this.budgetBytes };
  }

  /** Writes what is queued, stops the writer and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.sendTouches();
    await this.link.close();
    this.closed = true;
    this.reader.close();
    const writer = this.writer;
    if ('here' in writer) {
      await writer.here.close();
      return;
    }
    const closed = new Promise<void>((resolve) => {
      writer.thread.on('message', (m: FromWriterHost) => m.type === 'closed' && resolve());
      writer.thread.on('exit', () => resolve());
    });
    writer.thread.postMessage({ type: 'close' } satisfies ToWriterHost);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise((r) => (timer = setTimeout(r, CLOSE_TIMEOUT_MS)))]);
    clearTimeout(timer);
    await writer.thread.terminate();
  }
}

async function openHere(init: WriterInit, log: Logger): Promise<TileWriter> {
  const here = new TileWriter({ ...init, log });
  await here.open();
  return here;
}
