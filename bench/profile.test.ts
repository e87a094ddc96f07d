import { describe, expect, it } from 'vitest';
import type { TraceEvent } from './profile';
import { summarizeTrace } from './profile';

const meta = (pid: number, tid: number, name: string): TraceEvent => ({
  name: 'thread_name',
  ph: 'M',
  ts: 0,
  pid,
  tid,
  args: { name },
});
const task = (pid: number, tid: number, name: string, ts: number, dur: number): TraceEvent => ({
  name,
  ph: 'X',
  ts,
  dur,
  pid,
  tid,
});
const request = (pid: number, ts: number): TraceEvent => ({
  name: 'ResourceSendRequest',
  ph: 'I',
  ts,
  pid,
  tid: 1,
});

describe('summarizeTrace', () => {
  // Two renderers: the page's (pid 10, the one that made the requests) and another one.
  const events: TraceEvent[] = [
    meta(10, 1, 'CrRendererMain'),
    meta(10, 7, 'ThreadPoolForegroundWorker'),
    meta(20, 1, 'CrRendererMain'),
    request(10, 1_000),
    request(10, 2_000),
    request(20, 2_000),
    task(10, 1, 'RunTask', 1_000, 8_000),
    task(10, 1, 'FireAnimationFrame', 1_500, 3_000),
    task(10, 1, 'FireAnimationFrame', 5_000, 1_000),
    task(10, 1, 'Commit', 6_000, 2_000),
    task(10, 1, 'Decode Image', 7_000, 500),
    task(10, 7, 'ImageDecodeTask', 7_000, 4_000),
    task(20, 1, 'RunTask', 0, 90_000),
    task(20, 1, 'Commit', 100, 50_000),
  ];

  it("sums the page's main thread by event, in the report's order", () => {
    const s = summarizeTrace(events);
    expect(s.events).toEqual([
      { name: 'FireAnimationFrame', count: 2, ms: 4 },
      { name: 'Commit', count: 1, ms: 2 },
    ]);
    expect(s.busyMs).toBe(8);
    expect(s.requests).toBe(2);
  });

  it('tells decodes on the main thread from decodes on workers', () => {
    const s = summarizeTrace(events);
    expect(s.decodes).toEqual({ count: 1, ms: 0.5 });
    expect(s.offThreadDecodes).toEqual({ count: 1, ms: 4 });
  });

  it("spans the page's events only", () => {
    // From the first request (1 ms) to the end of the worker's decode (11 ms).
    expect(summarizeTrace(events).wallMs).toBe(10);
  });

  it('refuses a trace with no renderer main thread', () => {
    expect(() => summarizeTrace([request(10, 0)])).toThrow(/main thread/);
  });
});
