/**
 * cache.db as the prefetch worker uses it: its own read connection (tiles already there,
 * the persisted queue) and writes through the writer thread (tiles/tileWriter.ts), which
 * writes them while this thread goes on fetching and parsing the next ones.
 *
 * It also keeps the worker from running ahead of the writer: reads wait while too many
 * bytes are on their way to the file, and, when the file nears its budget, until the
 * writer says whether it is full (so that a full cache stops the queue in time).
 */
import type { Priority } from '../../common/contract';
import type { TileData } from '../sources/slideSource';
import type { SeriesMetadataCache } from '../sources/openLocator';
import { CacheReader } from '../tiles/cacheReader';
import { seriesMetadataCache } from '../tiles/seriesMetadataCache';
import type { CaseRow, TileKey } from '../tiles/cacheStatements';
import type { WriterConnection } from '../tiles/tileStore';
import { WriterLink } from '../tiles/writerLink';
import type { WriterTotals } from '../tiles/writerLink';
import type { PrefetchSlide } from './types';

export interface PersistedCase {
  caseId: string;
  priority: Priority;
  position: number;
  inWorklist: boolean;
  pinned: boolean;
  paused: boolean;
  cancelled: boolean;
  slides: PrefetchSlide[];
  /** Tiles each slide needed when the case was last complete (null: not known complete). */
  plan: { whole: boolean; counts: number[] } | null;
}

/**
 * Bytes fetched but not yet written, at most: beyond this the fetching waits for the
 * writer (a fast archive and a slow disk). About 1,600 tiles of 20 KB.
 */
const MAX_WRITE_BACKLOG_BYTES = 32 << 20;

function toRow(c: PersistedCase): CaseRow {
  return {
    case_id: c.caseId,
    priority: c.priority,
    position: c.position,
    in_worklist: c.inWorklist ? 1 : 0,
    pinned: c.pinned ? 1 : 0,
    paused: c.paused ? 1 : 0,
    cancelled: c.cancelled ? 1 : 0,
    slides: JSON.stringify(c.slides),
    plan: c.plan ? JSON.stringify(c.plan) : null,
  };
}

function fromRow(r: CaseRow): PersistedCase {
  return {
    caseId: r.case_id,
    priority: r.priority,
    position: r.position,
    inWorklist: r.in_worklist === 1,
    pinned: r.pinned === 1,
    paused: r.paused === 1,
    cancelled: r.cancelled === 1,
    slides: JSON.parse(r.slides) as PrefetchSlide[],
    plan: r.plan ? (JSON.parse(r.plan) as PersistedCase['plan']) : null,
  };
}

export interface PrefetchCacheOptions {
  /** Tiles per message to the writer at most; and after this delay anyway. */
  writeBatch: number;
  writeDelayMs: number;
}

export class PrefetchCache {
  private readonly reader: CacheReader;
  private readonly link: WriterLink;
  private protectedSince = -1;
  /** Archive series metadata, shared with the window through cache.db. */
  readonly seriesMetadata: SeriesMetadataCache;
  private dead = false;

  constructor(connection: WriterConnection, options: PrefetchCacheOptions) {
    this.link = new WriterLink(
      connection.port,
      { batchTiles: options.writeBatch, batchBytes: 4 << 20, delayMs: options.writeDelayMs },
      connection.state,
    );
    this.reader = new CacheReader(connection.path, connection.shared, {
      corrupt: (generation) => this.link.reportCorrupt(generation),
      malformed: (generation, id) => this.link.op({ op: 'remove', generation, id }),
    });
    connection.port.on('close', () => (this.dead = true));
    this.seriesMetadata = seriesMetadataCache(this.reader, () => this.link);
  }

  /** The writer's thread is gone: nothing fetched now could be kept. */
  get isDead(): boolean {
    return this.dead;
  }

  /** After the cache.db budget and eviction: over budget with nothing left to evict. */
  get full(): boolean {
    return this.link.state.full;
  }

  get usedBytes(): number {
    return this.link.state.usedBytes;
  }

  get totals(): WriterTotals {
    return this.link.totals;
  }

  /** Each acknowledgement of the writer (room, fullness, back-pressure may have changed). */
  onWritten(listener: () => void): () => void {
    return this.link.onAck(listener);
  }

  /** cache.db was rebuilt: the queue must be written again and every case planned again. */
  onRebuilt(listener: () => void): () => void {
    return this.link.onRebuilt(listener);
  }

  // -------------------------------------------------------------------------------------
  // The persisted queue.

  loadCases(): PersistedCase[] {
    return this.reader.read((s) => s.loadCases.all().map(fromRow), []);
  }

  setting(key: string): string | null {
    return this.reader.read((s) => s.getSetting.get(key)?.value ?? null, null);
  }

  saveCases(cases: readonly PersistedCase[]): void {
    for (const c of cases) this.link.op({ op: 'saveCase', row: toRow(c) });
  }

  deleteCase(caseId: string): void {
    this.link.op({ op: 'deleteCase', caseId });
  }

  setSetting(key: string, value: string): void {
    this.link.op({ op: 'setSetting', key, value });
  }

  pin(identity: string): void {
    this.link.op({ op: 'pin', slide: identity });
  }

  unpin(identity: string): void {
    this.link.op({ op: 'unpin', slide: identity });
  }

  // -------------------------------------------------------------------------------------
  // Tiles.

  /** Every cached tile of a slide, as "level/col/row" -> bytes (after flush()). */
  cachedTiles(identity: string): Map<string, number> {
    return this.reader.cachedTiles(identity);
  }

  countTiles(identity: string): { tiles: number; bytes: number } {
    return this.reader.countForSlide(identity);
  }

  /** A tile fetched earlier (written or on its way), or null. */
  getTile(key: TileKey): TileData | null {
    return this.link.pendingTile(key) ?? this.reader.get(key)?.data ?? null;
  }

  /** Queues a checked tile for the writer; the caller may keep using its bytes. */
  write(key: TileKey, data: TileData): void {
    this.link.putTile(key, data);
  }

  /**
   * Tiles written or read since `since` (ms) are not evicted: the start of the oldest
   * queued case, so that nothing fetched for it goes before it is complete.
   */
  protect(since: number): void {
    if (since === this.protectedSince) return;
    this.protectedSince = since;
    this.link.op({ op: 'protect', since });
  }

  /**
   * May another read start? Not while the writer is far behind, nor, near the budget,
   * until the writer has said whether the file is full (then the queue's gates decide).
   */
  mayStartRead(): boolean {
    const backlog = this.link.unackedBytes + this.link.pendingBytes;
    if (backlog > MAX_WRITE_BACKLOG_BYTES) return false;
    const { usedBytes, budgetBytes, full } = this.link.state;
    if (!full && usedBytes + backlog > budgetBytes) {
      this.link.send();
      return backlog === 0;
    }
    return true;
  }

  /** Resolves once everything queued is written; with `checkFile`, after a rebuild is followed. */
  flush(checkFile = false): Promise<void> {
    if (checkFile) this.link.op({ op: 'checkFile' });
    return this.link.flush();
  }

  async close(): Promise<void> {
    await this.link.close();
    this.reader.close();
  }
}
