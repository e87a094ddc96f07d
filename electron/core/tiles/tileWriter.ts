/**
 * The one writer of cache.db. It runs in its own thread (cacheWriterWorker.ts), so that
 * neither the window's thread nor the prefetch worker ever waits on SQLite to write: the
 * prefetch worker keeps fetching and parsing while the previous batch is written here.
 * Readers keep their own connections (WAL lets them read while this one writes).
 *
 * Clients connect a MessagePort each, in a lane: the window's writes ('interactive') go
 * before any queued prefetch batch ('background'). Writes are grouped into transactions
 * of a few hundred tiles, where SQLite is fastest (7-11k/s, PERFORMANCE.md) without
 * growing the WAL to the size of the data; each round is acknowledged to the clients
 * whose messages it held, with the file's size against its budget.
 *
 * Also here, once: the size budget (least recently used tiles of unpinned slides go
 * first), and the file's health. A damaged file is rebuilt from scratch (it only holds
 * copies) and every client told; a file replaced underneath is followed. The generation
 * in the shared Int32Array tells readers which file their connection should be on.
 *
 * When the worker cannot start, TileStore runs this same class on its own thread.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import type { MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { CacheDb } from '../db/open';
import { openCacheDb } from '../db/open';
import type { Logger } from '../log/logger';
import type { WriteStatements } from './cacheStatements';
import {
  cacheUsedBytes,
  evictToBudget,
  FILE_ID_KEY,
  isCorruption,
  writeStatements,
} from './cacheStatements';
import type { FromWriter, ToWriter, WriteOp, WriterLane } from './writerProtocol';
import { SHARED_GENERATION } from './writerProtocol';

/**
 * Background tiles per transaction at most, and their bytes: a transaction of a few
 * hundred 20 KB tiles takes 20-40 ms, after which the window's writes get their turn.
 */
const MAX_TXN_TILES = 512;
const MAX_TXN_BYTES = 8 << 20;
/** Is the file still ours, is the cache still full: checked this often (ms). */
const HOUSEKEEPING_MS = 2000;
/** Messages that failed this many rounds (each followed by a rebuild) are dropped. */
const MAX_ATTEMPTS = 2;

type OpsMessage = Extract<ToWriter, { type: 'ops' }> & { attempts?: number };

interface Client {
  port: MessagePort;
  lane: WriterLane;
  queue: OpsMessage[];
}

interface Round {
  seq: number;
  tilesWritten: number;
  bytesWritten: number;
}

function inodeOf(path: string): number | null {
  try {
    return fs.statSync(path).ino;
  } catch {
    return null;
  }
}

export interface TileWriterOptions {
  path: string;
  budgetBytes: number;
  shared: SharedArrayBuffer;
  log: Logger;
}

export class TileWriter {
  private db: CacheDb | null = null;
  private stmts!: WriteStatements;
  private readonly generation: Int32Array;
  private readonly clients = new Set<Client>();
  private budgetBytes: number;
  private protectSince = Number.MAX_SAFE_INTEGER;
  private protectedBy: Client | null = null;
  private usedBytes = 0;
  private full = false;
  private ino: number | null = null;
  private fileId: string | null = null;
  private pumpScheduled = false;
  private rebuilding: Promise<void> | null = null;
  private housekeeping: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: TileWriterOptions) {
    this.budgetBytes = options.budgetBytes;
    this.generation = new Int32Array(options.shared);
  }

  private get log(): Logger {
    return this.options.log;
  }

  /** Opens cache.db: migrations, and a silent rebuild when it is damaged (openCacheDb). */
  async open(): Promise<void> {
    await this.attach();
    // A budget lowered while the app was closed.
    this.evict();
    this.housekeeping = setInterval(() => this.houseKeep(), HOUSEKEEPING_MS);
    this.housekeeping.unref();
  }

  private async attach(): Promise<void> {
    const db = await openCacheDb(this.options.path, this.log);
    this.db = db;
    this.stmts = writeStatements(db);
    this.ino = inodeOf(this.options.path);
    const known = db
      .prepare<[string], { value: string }>('SELECT value FROM prefetch_settings WHERE key = ?')
      .get(FILE_ID_KEY)?.value;
    this.fileId = known ?? randomUUID();
    if (!known) this.stmts.setSetting.run(FILE_ID_KEY, this.fileId);
    this.usedBytes = cacheUsedBytes(db);
    this.full = false;
  }

  /** Takes a client's port: its messages are written in order, in its lane. */
  addPort(port: MessagePort, lane: WriterLane): void {
    const client: Client = { port, lane, queue: [] };
    this.clients.add(client);
    // The file's state before any write of this client's: its budget arithmetic starts right.
    this.post(client, this.ack(0, { seq: 0, tilesWritten: 0, bytesWritten: 0 }));
    port.on('message', (m: ToWriter) => {
      if (m.type === 'corrupt') {
        if (m.generation === Atomics.load(this.generation, SHARED_GENERATION))
          void this.rebuild({ by: 'reader' });
        return;
      }
      client.queue.push(m);
      this.schedule();
    });
    port.on('close', () => {
      this.clients.delete(client);
      if (this.protectedBy === client) {
        this.protectedBy = null;
        this.protectSince = Number.MAX_SAFE_INTEGER;
      }
    });
  }

  private schedule(): void {
    if (this.pumpScheduled || this.closed) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Writes one round: every interactive message, then background ones up to the limits. */
  private pump(): void {
    if (this.rebuilding || !this.db) return;
    const taken: { client: Client; message: OpsMessage }[] = [];
    let tiles = 0;
    let bytes = 0;
    for (const lane of ['interactive', 'background'] as const) {
      for (const client of this.clients) {
        if (client.lane !== lane) continue;
        while (client.queue.length > 0) {
          const message = client.queue[0] as OpsMessage;
          if (
            lane === 'background' &&
            taken.length > 0 &&
            (tiles >= MAX_TXN_TILES || bytes >= MAX_TXN_BYTES)
          )
            break;
          client.queue.shift();
          taken.push({ client, message });
          for (const op of message.ops) {
            if (op.op === 'tile') {
              tiles++;
              bytes += op.length;
            }
          }
        }
      }
    }
    if (taken.length === 0) return;
    this.writeRound(taken);
    if ([...this.clients].some((c) => c.queue.length > 0)) this.schedule();
  }

  private writeRound(taken: { client: Client; message: OpsMessage }[]): void {
    const rounds = new Map<Client, Round>();
    let check = false;
    try {
      const db = this.db as CacheDb;
      const now = Date.now();
      db.transaction(() => {
        for (const { client, message } of taken) {
          const round = rounds.get(client) ?? { seq: 0, tilesWritten: 0, bytesWritten: 0 };
          round.seq = message.seq;
          rounds.set(client, round);
          for (const op of message.ops) {
            if (op.op === 'checkFile') check = true;
            else this.apply(client, op, message.buffer, now, round);
          }
        }
      })();
    } catch (e) {
      this.roundFailed(taken, e);
      return;
    }
    const evicted = this.evict();
    const acknowledge = () => {
      for (const [client, round] of rounds) this.post(client, this.ack(evicted, round));
    };
    // A client that asked whether the file is still ours hears about a new one first.
    if (check && this.replaced()) void this.follow().then(acknowledge);
    else acknowledge();
  }

  private ack(evicted: number, round: Round): FromWriter {
    return {
      type: 'ack',
      ...round,
      evicted,
      usedBytes: this.usedBytes,
      budgetBytes: this.budgetBytes,
      full: this.full,
    };
  }

  private apply(
    client: Client,
    op: Exclude<WriteOp, { op: 'checkFile' }>,
    buffer: ArrayBuffer | null,
    now: number,
    round: Round,
  ): void {
    const s = this.stmts;
    const generation = Atomics.load(this.generation, SHARED_GENERATION);
    switch (op.op) {
      case 'tile': {
        if (!buffer) return;
        const bytes = Buffer.from(buffer, op.offset, op.length);
        const { slide, level, col, row, contentType } = op;
        s.put.run({ slide, level, col, row, contentType, bytes, now });
        round.tilesWritten++;
        round.bytesWritten += op.length;
        return;
      }
      case 'touch':
        // Row ids of another file mean nothing here.
        if (op.generation === generation) for (const id of op.ids) s.touch.run(op.at, id);
        return;
      case 'remove':
        if (op.generation === generation) s.remove.run(op.id);
        return;
      case 'removeSlide':
        s.removeSlide.run(op.slide);
        return;
      case 'pin':
        s.pin.run(op.slide, now);
        return;
      case 'unpin':
        s.unpin.run(op.slide);
        return;
      case 'saveCase':
        s.saveCase.run({ ...op.row, now });
        return;
      case 'deleteCase':
        s.deleteCase.run(op.caseId);
        return;
      case 'setSetting':
        s.setSetting.run(op.key, op.value);
        return;
      case 'seriesMetadata': {
        if (!buffer) return;
        // Deflated here, off the threads that fetch and view: ~20x smaller.
        const json = deflateRawSync(Buffer.from(buffer, op.offset, op.length));
        s.putSeriesMetadata.run(op.series, json, now);
        return;
      }
      case 'touchSeries':
        s.touchSeriesMetadata.run(op.at, op.series);
        return;
      case 'budget':
        this.budgetBytes = op.bytes;
        return;
      case 'protect':
        this.protectSince = op.since;
        this.protectedBy = client;
        return;
    }
  }

  /** Keeps the file within its budget; answers how many tiles went. */
  private evict(): number {
    const db = this.db;
    if (!db) return 0;
    try {
      let result = { evicted: 0, usedBytes: cacheUsedBytes(db) };
      if (result.usedBytes > this.budgetBytes) {
        result = db.transaction(() =>
          evictToBudget(db, this.stmts, this.budgetBytes, this.protectSince),
        )();
      }
      if (result.evicted > 0) this.log.info('cache.evicted', { tiles: result.evicted });
      this.usedBytes = result.usedBytes;
      const full = result.usedBytes > this.budgetBytes;
      if (full !== this.full) {
        this.full = full;
        this.log.info(full ? 'cache.full' : 'cache.has_room', {
          usedBytes: result.usedBytes,
          budgetBytes: this.budgetBytes,
        });
      }
      return result.evicted;
    } catch (e) {
      if (isCorruption(e)) void this.rebuild({ by: 'writer', code: errorCode(e) });
      else this.log.error('cache.evict_failed', { error: e });
      return 0;
    }
  }

  /**
   * A round that failed: a damaged file is rebuilt and its messages written into the new
   * one (they are good tiles); anything else (a full disk) drops them, acknowledged, since
   * the cache only ever holds copies.
   */
  private roundFailed(taken: { client: Client; message: OpsMessage }[], e: unknown): void {
    const retry = isCorruption(e);
    for (const { client, message } of [...taken].reverse()) {
      message.attempts = (message.attempts ?? 0) + 1;
      if (retry && message.attempts < MAX_ATTEMPTS) client.queue.unshift(message);
      else this.post(client, this.ack(0, { seq: message.seq, tilesWritten: 0, bytesWritten: 0 }));
    }
    if (retry) void this.rebuild({ by: 'writer', code: errorCode(e) });
    else {
      this.log.error('cache.write_failed', { error: e });
      this.schedule();
    }
  }

  private post(client: Client, message: FromWriter): void {
    try {
      client.port.postMessage(message);
    } catch {
      // The client is gone.
    }
  }

  /**
   * True when the file at the path is no longer the one this connection opened. A new
   * inode says so at once; since a deleted file's inode may be reused straight away, the
   * id written in the file at open is compared too, through a short-lived connection.
   */
  private replaced(): boolean {
    const ino = inodeOf(this.options.path);
    if (ino === null) return false;
    if (ino !== this.ino) return true;
    let probe: Database.Database | null = null;
    try {
      probe = new Database(this.options.path, { fileMustExist: true, readonly: true });
      const row = probe
        .prepare('SELECT value FROM prefetch_settings WHERE key = ?')
        .get(FILE_ID_KEY) as { value: string } | undefined;
      return row?.value !== this.fileId;
    } catch {
      // Missing or unreadable right now: say nothing until it can be read.
      return false;
    } finally {
      probe?.close();
    }
  }

  private houseKeep(): void {
    if (this.closed || this.rebuilding || !this.db) return;
    if (this.replaced()) {
      void this.follow();
      return;
    }
    // Room may have appeared: a raised budget, or tiles no longer protected.
    if (this.full) this.evict();
  }

  /** Deletes the damaged file and starts a new one; readers follow the generation. */
  rebuild(seen: { by: 'reader' | 'writer'; code?: string }): Promise<void> {
    if (this.rebuilding) return this.rebuilding;
    this.log.warn('cache.corrupt_detected', seen);
    return this.reopen(() => {
      for (const s of ['', '-wal', '-shm', '-journal'])
        fs.rmSync(this.options.path + s, { force: true });
    }, 'cache.rebuilt');
  }

  /** Someone replaced cache.db underneath: move to the new file. */
  private follow(): Promise<void> {
    return this.reopen(() => undefined, 'cache.replaced');
  }

  private reopen(prepare: () => void, event: string): Promise<void> {
    this.rebuilding ??= (async () => {
      // Odd: readers treat every read as a miss until the new file is ready.
      Atomics.add(this.generation, SHARED_GENERATION, 1);
      try {
        this.db?.close();
      } catch {
        // Already unusable.
      }
      this.db = null;
      try {
        prepare();
        await this.attach();
        this.log.warn(event, { reason: 'while running' });
      } catch (e) {
        this.log.error('cache.reopen_failed', { error: e });
      } finally {
        Atomics.add(this.generation, SHARED_GENERATION, 1);
      }
      const generation = Atomics.load(this.generation, SHARED_GENERATION);
      for (const client of this.clients) this.post(client, { type: 'rebuilt', generation });
    })().finally(() => {
      this.rebuilding = null;
      this.schedule();
    });
    return this.rebuilding;
  }

  /** Writes everything queued, then closes the file and the ports. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.rebuilding;
    while (this.db && [...this.clients].some((c) => c.queue.length > 0)) {
      this.pump();
      await this.rebuilding;
    }
    this.closed = true;
    if (this.housekeeping) clearInterval(this.housekeeping);
    for (const client of this.clients) client.port.close();
    this.clients.clear();
    try {
      this.db?.close();
    } catch {
      // Closing a damaged file may fail; the handle is gone either way.
    }
    this.db = null;
  }
}

function errorCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown';
}
