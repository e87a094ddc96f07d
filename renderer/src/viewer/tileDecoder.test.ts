import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkerPort } from './tileDecoder';
import { FAILURES_BEFORE_GIVING_UP, TileDecoder } from './tileDecoder';
import type { DecodedImage, TileReply, TileRequest } from './tileMessages';
import { decodedTiles } from './tileLoader';
import type { LoadedTile } from './tileLoader';

function fakeWorker() {
  const sent: TileRequest[] = [];
  let terminated = false;
  const port: WorkerPort = {
    postMessage: (m) => void sent.push(m),
    onmessage: null,
    onerror: null,
    terminate: () => void (terminated = true),
  };
  return {
    port,
    sent,
    terminated: () => terminated,
    answer: (reply: TileReply) => port.onmessage!({ data: reply } as MessageEvent<TileReply>),
    crash: () => port.onerror!(new Event('error')),
  };
}

function bitmap() {
  let closed = false;
  return {
    image: { close: () => void (closed = true) } as unknown as ImageBitmap,
    closed: () => closed,
  };
}

describe('tile decoder', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('numbers each request and answers each once, with its own bitmap', () => {
    const w = fakeWorker();
    const d = new TileDecoder(w.port);
    const got: (DecodedImage | null)[][] = [[], []];
    d.load('http://h/tiles/a', (b) => got[0]!.push(b));
    d.load('http://h/tiles/b', (b) => got[1]!.push(b));
    expect(w.sent).toEqual([
      { op: 'load', id: 1, url: 'http://h/tiles/a' },
      { op: 'load', id: 2, url: 'http://h/tiles/b' },
    ]);
    const b2 = bitmap();
    w.answer({ id: 2, image: b2.image });
    w.answer({ id: 1, failed: true });
    w.answer({ id: 2, image: bitmap().image }); // a second answer is ignored
    expect(got).toEqual([[null], [b2.image]]);
  });

  it('tells the worker of a cancel, and closes a bitmap that arrives after it', () => {
    const w = fakeWorker();
    const d = new TileDecoder(w.port);
    const got: unknown[] = [];
    const job = d.load('http://h/t', (b) => got.push(b));
    job.cancel();
    job.cancel();
    expect(w.sent.filter((m) => m.op === 'cancel')).toEqual([{ op: 'cancel', id: 1 }]);
    const late = bitmap();
    w.answer({ id: 1, image: late.image });
    expect(got).toEqual([]);
    expect(late.closed()).toBe(true);
  });

  it('fails what waits when the worker dies, and is no longer available', () => {
    const w = fakeWorker();
    const d = new TileDecoder(w.port);
    const got: unknown[] = [];
    d.load('http://h/t', (b) => got.push(b));
    w.crash();
    expect(got).toEqual([null]);
    expect(w.terminated()).toBe(true);
    expect(d.available).toBe(false);
    d.load('http://h/u', (b) => got.push(b));
    expect(got).toEqual([null, null]);
    expect(w.sent).toHaveLength(1);
  });

  it('gives up a worker whose first tiles all fail, not one that has delivered', () => {
    const never = fakeWorker();
    const d = new TileDecoder(never.port);
    for (let i = 1; i <= FAILURES_BEFORE_GIVING_UP; i++) {
      d.load(`http://h/${i}`, () => undefined);
      expect(d.available).toBe(true);
      never.answer({ id: i, failed: true });
    }
    expect(d.available).toBe(false);
    expect(never.terminated()).toBe(true);

    const once = fakeWorker();
    const e = new TileDecoder(once.port);
    e.load('http://h/0', () => undefined);
    once.answer({ id: 1, image: bitmap().image });
    for (let i = 2; i <= FAILURES_BEFORE_GIVING_UP + 5; i++) {
      e.load(`http://h/${i}`, () => undefined);
      once.answer({ id: i, failed: true });
    }
    expect(e.available).toBe(true);
  });

  it("asks the worker for its requests' timings on the page's clock, answered in order", async () => {
    const w = fakeWorker();
    const d = new TileDecoder(w.port);
    const first = d.requestTimings();
    const second = d.requestTimings();
    expect(w.sent).toEqual([
      { op: 'timings', timeOrigin: performance.timeOrigin },
      { op: 'timings', timeOrigin: performance.timeOrigin },
    ]);
    const t = { start: 10, requestStart: 12, end: 30 };
    w.answer({ timings: [t] });
    w.answer({ timings: [] });
    expect(await first).toEqual([t]);
    expect(await second).toEqual([]);
    // A worker that dies answers what waits with nothing, and later asks too.
    const waiting = d.requestTimings();
    w.crash();
    expect(await waiting).toEqual([]);
    expect(await d.requestTimings()).toEqual([]);
  });

  it('gives the worker absolute addresses and OSD an imageBitmap', () => {
    const w = fakeWorker();
    const d = new TileDecoder(w.port);
    const load = decodedTiles(() => d, 'http://127.0.0.1:4000/index.html');
    const got: (LoadedTile | null)[] = [];
    load('/tiles/S/0/1/2', 'Anonymous', (t) => got.push(t));
    expect(w.sent[0]).toEqual({ op: 'load', id: 1, url: 'http://127.0.0.1:4000/tiles/S/0/1/2' });
    const b = bitmap();
    w.answer({ id: 1, image: b.image });
    expect(got).toEqual([{ data: b.image, type: 'imageBitmap' }]);
  });

  it('gives OSD a VideoFrame as a videoFrame, with the width and height its drawer reads', () => {
    class FakeFrame {
      displayWidth = 256;
      displayHeight = 200;
      close() {
        this.displayWidth = this.displayHeight = 0;
      }
    }
    vi.stubGlobal('VideoFrame', FakeFrame);
    const w = fakeWorker();
    const d = new TileDecoder(w.port);
    const got: (LoadedTile | null)[] = [];
    decodedTiles(() => d, 'http://h/')('/tiles/S/0/0/0', null, (t) => got.push(t));
    const frame = new FakeFrame();
    w.answer({ id: 1, image: frame as unknown as VideoFrame });
    expect(got).toEqual([{ data: frame, type: 'videoFrame' }]);
    const drawn = frame as unknown as { width: number; height: number };
    expect([drawn.width, drawn.height]).toEqual([256, 200]);
    frame.close();
    expect(drawn.width).toBe(0); // closed: 0 wide, as a closed ImageBitmap
  });

  it('tells the worker how to decode, unless it is gone', () => {
    const w = fakeWorker();
    const d = new TileDecoder(w.port);
    d.decodeAs('bitmaps');
    w.crash();
    d.decodeAs('frames');
    expect(w.sent).toEqual([{ op: 'decodeAs', as: 'bitmaps' }]);
  });
});
