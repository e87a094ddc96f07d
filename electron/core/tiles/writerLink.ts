/**
 * A client's end of the writer thread (tileWriter.ts): the write-behind buffer that the
 * window side (TileStore) and the prefetch worker share. Writes are gathered into one
 * message per batch, their bytes packed into one ArrayBuffer that is transferred, not
 * copied; the caller's own bytes stay valid, so a tile waiting to be written is served
 * from here (read-your-writes) until the writer acknowledges it, after which every
 * reader's connection sees it.
 *
 * The writer's acknowledgements also say how full the file is against its budget, and
 * how many bytes this client still has in flight (the prefetcher's back-pressure).
 */
import type { MessagePort } from 'node:worker_threads';
import type { TileData } from '../sources/slideSource';
import type { TileKey } from './cacheStatements';
import { tileKeyString } from './cacheStatements';
import type { FromWriter, ToWriter, WriteOp, WriterState } from './writerProtocol';

export interface WriterLinkOptions {
  /** A message goes when it holds this many tiles, or this many bytes, or after delayMs. */
  batchTiles: number;
  batchBytes: number;
  delayMs: number;
}

/** What the writer reported for this client's writes since the link was made. */
export interface WriterTotals {
  tilesWritten: number;
  bytesWritten: number;
  evicted: number;
}

type Ack = Extract<FromWriter, { type: 'ack' }>;

export class WriterLink {
  private ops: WriteOp[] = [];
  private chunks: Uint8Array[] = [];
  private keys: string[] = [];
  private bytes = 0;
  private tileCount = 0;
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;
  private acked = 0;
  private readonly pending = new Map<string, { data: TileData; seq: number }>();
  /** Per message in flight: its tile keys and bytes, dropped when acknowledged. */
  private readonly sent = new Map<number, { keys: string[]; bytes: number }>();
  private readonly waiters: { seq: number; resolve: () => void }[] = [];
  private readonly ackListeners = new Set<(ack: Ack) => void>();
  private readonly rebuiltListeners = new Set<(generation: number) => void>();
  private dead = false;
  /** Bytes sent and not yet acknowledged. */
  unackedBytes = 0;
  readonly totals: WriterTotals = { tilesWritten: 0, bytesWritten: 0, evicted: 0 };
  state: WriterState;

  constructor(
    private readonly port: MessagePort,
    private readonly options: WriterLinkOptions,
    initial: WriterState = { usedBytes: 0, budgetBytes: Number.MAX_SAFE_INTEGER, full: false },
  ) {
    this.state = initial;
    port.on('message', (m: FromWriter) => {
      if (m.type === 'ack') this.acknowledged(m);
      else for (const l of this.rebuiltListeners) l(m.generation);
    });
    // The writer's thread is gone: nobody will acknowledge anything any more.
    port.on('close', () => this.die());
  }

  /** Queues a tile. Its bytes are copied when the batch is sent; the caller keeps them. */
  putTile(key: TileKey, data: TileData): void {
    if (this.dead) return;
    const k = tileKeyString(key);
    this.pending.set(k, { data, seq: this.seq + 1 });
    this.keys.push(k);
    this.ops.push({ op: 'tile', ...key, contentType: data.contentType, ...this.pack(data.bytes) });
    this.tileCount++;
    if (this.tileCount >= this.options.batchTiles || this.bytes >= this.options.batchBytes)
      this.send();
    else this.later();
  }

  /** Queues an archive series' metadata (its DICOM JSON as UTF-8). */
  putSeriesMetadata(series: string, json: Uint8Array): void {
    if (this.dead) return;
    this.ops.push({ op: 'seriesMetadata', series, ...this.pack(json) });
    this.later();
  }

  /** Where `bytes` will be in the next message's buffer. */
  private pack(bytes: Uint8Array): { offset: number; length: number } {
    const at = { offset: this.bytes, length: bytes.byteLength };
    this.chunks.push(bytes);
    this.bytes += bytes.byteLength;
    return at;
  }

  /** Queues any other write, in order with the tiles. */
  op(op: WriteOp): void {
    if (this.dead) return;
    this.ops.push(op);
    this.later();
  }

  /** A tile queued or in flight, not yet acknowledged. */
  pendingTile(key: TileKey): TileData | undefined {
    return this.pending.get(tileKeyString(key))?.data;
  }

  get pendingBytes(): number {
    return this.bytes;
  }

  /** A reader met a damaged file on its connection to `generation`. */
  reportCorrupt(generation: number): void {
    if (!this.dead) this.port.postMessage({ type: 'corrupt', generation } satisfies ToWriter);
  }

  onAck(listener: (ack: Ack) => void): () => void {
    this.ackListeners.add(listener);
    return () => this.ackListeners.delete(listener);
  }

  onRebuilt(listener: (generation: number) => void): () => void {
    this.rebuiltListeners.add(listener);
    return () => this.rebuiltListeners.delete(listener);
  }

  private later(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.send(), this.options.delayMs);
    this.timer.unref();
  }

  /** Sends what is queued now, as one message. */
  send(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.ops.length === 0 || this.dead) return;
    let buffer: ArrayBuffer | null = null;
    if (this.bytes > 0) {
      const packed = new Uint8Array(this.bytes);
      let at = 0;
      for (const c of this.chunks) {
        packed.set(c, at);
        at += c.byteLength;
      }
      buffer = packed.buffer;
    }
    const seq = ++this.seq;
    const message: ToWriter = { type: 'ops', seq, ops: this.ops, buffer };
    this.sent.set(seq, { keys: this.keys, bytes: this.bytes });
    this.unackedBytes += this.bytes;
    this.ops = [];
    this.chunks = [];
    this.keys = [];
    this.bytes = 0;
    this.tileCount = 0;
    this.port.postMessage(message, buffer ? [buffer] : []);
  }

  /** Sends what is queued and resolves once the writer has written all of it. */
  flush(): Promise<void> {
    this.send();
    if (this.acked >= this.seq || this.dead) return Promise.resolve();
    const seq = this.seq;
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  private acknowledged(ack: Ack): void {
    for (const [seq, batch] of this.sent) {
      if (seq > ack.seq) break;
      for (const k of batch.keys) if (this.pending.get(k)?.seq === seq) this.pending.delete(k);
      this.unackedBytes -= batch.bytes;
      this.sent.delete(seq);
    }
    this.acked = Math.max(this.acked, ack.seq);
    this.state = { usedBytes: ack.usedBytes, budgetBytes: ack.budgetBytes, full: ack.full };
    this.totals.tilesWritten += ack.tilesWritten;
    this.totals.bytesWritten += ack.bytesWritten;
    this.totals.evicted += ack.evicted;
    for (const l of this.ackListeners) l(ack);
    this.release((w) => w.seq <= this.acked);
  }

  private release(done: (w: { seq: number }) => boolean): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i];
      if (w && done(w)) {
        this.waiters.splice(i, 1);
        w.resolve();
      }
    }
  }

  private die(): void {
    if (this.dead) return;
    this.dead = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
    this.sent.clear();
    this.unackedBytes = 0;
    this.release(() => true);
  }

  /** Writes what is queued, then lets go of the port. */
  async close(): Promise<void> {
    await this.flush();
    this.die();
    this.port.close();
  }
}
