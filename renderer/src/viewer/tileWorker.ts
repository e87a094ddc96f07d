/**
 * The tile worker: fetches tiles and decodes them (WebCodecs' ImageDecoder, or
 * createImageBitmap where the browser lacks it: `decodeAs` below), so that
 * neither the requests' bookkeeping nor the JPEG decodes run on the main thread, which draws
 * the view. Tiles asked for together (OpenSeadragon starts the tiles of a new field in one
 * go) are gathered into batch requests (tileBatcher.ts, electron/common/tileBatch.ts).
 * Decoded tiles go back to the page by transfer (no copy). A tile that fails (a network
 * error, an HTTP error such as the engine's 504 "offline", bytes that are not an image) is
 * answered with `failed`: the page then asks for it alone to learn why (tileLoader.ts).
 * Messages are tileMessages.ts's.
 */
import {
  TILE_BATCH_CONTENT_TYPE,
  TILE_LATER,
  decodeTileBatch,
} from '../../../electron/common/tileBatch';
import type { Asked, Planned } from './tileBatcher';
import { finestFirst, planRequests } from './tileBatcher';
import type { DecodeAs, DecodedImage, RequestTiming, TileReply, TileRequest } from './tileMessages';

/** The longest coarser tiles wait for the finest level's (an archive may be slow). */
const COARSE_WAIT_MS = 100;

interface WorkerScope {
  onmessage: ((e: MessageEvent<TileRequest>) => void) | null;
  postMessage(message: TileReply, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;

/** Requests in flight, by tile id; a request ends when none of its tiles is wanted. */
interface Running {
  controller: AbortController;
  waiting: Set<number>;
}
const running = new Map<number, Running>();
let asked: Asked[] = [];
let flushing = false;

function fail(id: number): void {
  scope.postMessage({ id, failed: true });
}

/**
 * How tiles are decoded. `frames`: WebCodecs' ImageDecoder on the bytes, giving VideoFrames.
 * `bitmaps`: createImageBitmap on a Blob of the bytes, where the browser lacks ImageDecoder.
 * Measured in Chromium (256-px tiles, 40 in one batch, the machine quiet): 16–18 ms from
 * the batch's arrival to the 40 images ready with frames, against 52–57 ms with bitmaps:
 * each Blob is registered with the browser process, then read back from it to be decoded.
 * Frames and bitmaps differ by a few levels where colours change (each decoder fills in
 * the chroma the JPEG keeps at half resolution its own way): 0.75 levels on average, at
 * most 6 on smooth tiles and 12 on demo tissue. A frame is converted from YUV at each
 * draw: the drawer turns frames into ImageBitmaps once the view is complete
 * (frameSettler.ts).
 */
let decodeAs: DecodeAs = typeof ImageDecoder === 'function' ? 'frames' : 'bitmaps';

async function decode(bytes: Uint8Array<ArrayBuffer>, type: string): Promise<DecodedImage> {
  if (decodeAs === 'bitmaps') return createImageBitmap(new Blob([bytes], { type }));
  const decoder = new ImageDecoder({ data: bytes, type });
  try {
    return (await decoder.decode()).image;
  } finally {
    decoder.close();
  }
}

async function send(id: number, bytes: Uint8Array<ArrayBuffer>, type: string): Promise<void> {
  try {
    const image = await decode(bytes, type);
    const r = running.get(id);
    running.delete(id);
    if (!r) {
      image.close(); // cancelled meanwhile
      return;
    }
    r.waiting.delete(id);
    scope.postMessage({ id, image }, [image]);
  } catch {
    if (running.delete(id)) fail(id);
  }
}

async function request(plan: Planned): Promise<void> {
  const r: Running = { controller: new AbortController(), waiting: new Set(plan.ids) };
  for (const id of plan.ids) running.set(id, r);
  try {
    const response = await fetch(plan.url, {
      signal: r.controller.signal,
      credentials: 'same-origin',
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    if (!plan.batch) {
      const type = response.headers.get('content-type') ?? '';
      return await send(plan.ids[0]!, new Uint8Array(await response.arrayBuffer()), type);
    }
    if (response.headers.get('content-type') !== TILE_BATCH_CONTENT_TYPE)
      throw new Error('Not a tile batch');
    const entries = decodeTileBatch(new Uint8Array(await response.arrayBuffer()), plan.ids.length);
    await Promise.all(
      entries.map((e, i) => {
        const id = plan.ids[i]!;
        if (!running.has(id)) return Promise.resolve();
        if (e.status === TILE_LATER) {
          // Still being read when the batch was answered: asked for alone, it joins that read.
          running.delete(id);
          return request({
            url: plan.singles[i]!,
            ids: [id],
            singles: [plan.singles[i]!],
            batch: false,
          });
        }
        if (e.status !== 200 || e.contentType === null) {
          running.delete(id);
          fail(id);
          return Promise.resolve();
        }
        return send(id, e.body as Uint8Array<ArrayBuffer>, e.contentType);
      }),
    );
  } catch {
    for (const id of plan.ids) if (running.get(id) === r && running.delete(id)) fail(id);
  }
}

/** Tiles of coarser levels waiting for the finest level's (tileBatcher.finestFirst). */
let waiting: Asked[] = [];

/**
 * Sends what was asked since the last turn: the tiles of one field go out together, the
 * finest level first; coarser tiles once those are decoded, or after COARSE_WAIT_MS.
 */
function flush(): void {
  flushing = false;
  const { now, later } = finestFirst(asked);
  asked = [];
  const sent = Promise.all(planRequests(now).map(request));
  if (later.length === 0) return;
  waiting.push(...later);
  const held = new Set(later);
  void Promise.race([sent, new Promise((r) => setTimeout(r, COARSE_WAIT_MS))]).then(() => {
    const ready = waiting.filter((a) => held.has(a));
    waiting = waiting.filter((a) => !held.has(a));
    for (const plan of planRequests(ready)) void request(plan);
  });
}

function cancel(id: number): void {
  const queued = asked.findIndex((a) => a.id === id);
  if (queued >= 0) {
    asked.splice(queued, 1);
    return;
  }
  const held = waiting.findIndex((a) => a.id === id);
  if (held >= 0) {
    waiting.splice(held, 1);
    return;
  }
  const r = running.get(id);
  if (!r) return;
  running.delete(id);
  r.waiting.delete(id);
  if (r.waiting.size === 0) r.controller.abort();
}

/**
 * The tile requests made since the last ask, from the worker's Resource Timing, moved to
 * the page's clock; the worker's list is emptied. For the benchmark's jump anatomy: the
 * page's own Resource Timing does not see a worker's requests.
 */
function timings(pageOrigin: number): void {
  const shift = performance.timeOrigin - pageOrigin;
  const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
  performance.clearResourceTimings();
  const out: RequestTiming[] = entries.map((e) => ({
    start: e.startTime + shift,
    requestStart: e.requestStart + shift,
    end: e.responseEnd + shift,
  }));
  scope.postMessage({ timings: out });
}

scope.onmessage = (e) => {
  const message = e.data;
  if (message.op === 'cancel') return cancel(message.id);
  if (message.op === 'timings') return timings(message.timeOrigin);
  if (message.op === 'decodeAs') {
    if (message.as === 'bitmaps' || typeof ImageDecoder === 'function') decodeAs = message.as;
    return;
  }
  asked.push({ id: message.id, url: message.url });
  if (!flushing) {
    flushing = true;
    setTimeout(flush, 0);
  }
};
