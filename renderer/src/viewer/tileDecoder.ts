/**
 * The page's side of the tile worker (tileWorker.ts): one worker for all viewers of the
 * window, each request numbered, answered once, and cancellable (OSD cancels the tiles it
 * no longer needs during a pan or a jump).
 *
 * Why: OSD's <img> tiles are decoded on the main thread when the canvas drawer copies them,
 * 4 ms a tile in the profile of `npm run bench -- reference` (556 decodes, 2.2 s of 6.4 s
 * traced over 8 jumps), while the same thread draws the view.
 *
 * Where no worker can start (an old engine, a policy that forbids it), the worker dies, or
 * its first FAILURES_BEFORE_GIVING_UP tiles all fail (a worker that cannot reach the tiles
 * at all), `available` turns false and the caller loads tiles as <img> again: slower,
 * never broken. Each failed tile is asked for again by the page anyway (tileLoader.ts).
 */
import type { DecodeAs, DecodedImage, RequestTiming, TileReply, TileRequest } from './tileMessages';
import { drawable } from './videoFrameTiles';

/** Tiles that may fail before the first one arrives, before the worker is given up. */
export const FAILURES_BEFORE_GIVING_UP = 16;

export type ImageDone = (image: DecodedImage | null) => void;

/** The part of a Worker used here (tests give a fake). */
export interface WorkerPort {
  postMessage(message: TileRequest): void;
  onmessage: ((e: MessageEvent<TileReply>) => void) | null;
  onerror: ((e: Event) => void) | null;
  terminate(): void;
}

export class TileDecoder {
  private next = 1;
  private readonly pending = new Map<number, ImageDone>();
  private broken = false;
  private delivered = false;
  private failures = 0;
  private readonly timingAsks: ((t: RequestTiming[]) => void)[] = [];

  constructor(private readonly worker: WorkerPort) {
    worker.onmessage = (e) => this.reply(e.data);
    worker.onerror = () => this.fail();
  }

  /** False once the worker failed: load tiles another way. */
  get available(): boolean {
    return !this.broken;
  }

  /** Loads and decodes the tile at `url` (absolute); `done` is called once, unless cancelled. */
  load(url: string, done: ImageDone): { cancel(): void } {
    if (this.broken) {
      done(null);
      return { cancel: () => undefined };
    }
    const id = this.next++;
    this.pending.set(id, done);
    this.worker.postMessage({ op: 'load', id, url });
    return {
      cancel: () => {
        if (!this.pending.delete(id)) return;
        this.worker.postMessage({ op: 'cancel', id });
      },
    };
  }

  /**
   * The worker's tile requests since the last call, on the page's clock (benchmarks:
   * bench/profile.ts's jump anatomy). Empty once the worker is gone.
   */
  requestTimings(): Promise<RequestTiming[]> {
    if (this.broken) return Promise.resolve([]);
    return new Promise((resolve) => {
      this.timingAsks.push(resolve);
      this.worker.postMessage({ op: 'timings', timeOrigin: performance.timeOrigin });
    });
  }

  /** How the worker decodes from now on (the benchmark compares both). */
  decodeAs(as: DecodeAs): void {
    if (!this.broken) this.worker.postMessage({ op: 'decodeAs', as });
  }

  private reply(message: TileReply): void {
    if ('timings' in message) {
      this.timingAsks.shift()?.(message.timings);
      return;
    }
    const done = this.pending.get(message.id);
    if (!done) {
      // Cancelled while the answer was on its way.
      if ('image' in message) message.image.close();
      return;
    }
    this.pending.delete(message.id);
    if ('image' in message) {
      this.delivered = true;
      done(drawable(message.image));
      return;
    }
    done(null);
    if (!this.delivered && ++this.failures >= FAILURES_BEFORE_GIVING_UP) this.fail();
  }

  /** The worker died (or never started): every waiting tile fails, and later ones too. */
  private fail(): void {
    this.broken = true;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    this.worker.terminate();
    for (const done of waiting) done(null);
    for (const ask of this.timingAsks.splice(0)) ask([]);
  }
}

let shared: TileDecoder | null | undefined;

/** The window's tile decoder, or null where workers or createImageBitmap are missing. */
export function tileDecoder(): TileDecoder | null {
  if (shared !== undefined) return shared?.available ? shared : null;
  shared = null;
  if (typeof Worker === 'undefined' || typeof createImageBitmap !== 'function') return null;
  try {
    const worker = new Worker(new URL('./tileWorker.ts', import.meta.url), { type: 'module' });
    shared = new TileDecoder(worker as unknown as WorkerPort);
  } catch {
    shared = null;
  }
  return shared;
}
