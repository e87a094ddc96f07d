/**
 * Where our viewer's time goes during the reference benchmark's warm jumps and panning,
 * from a Chromium trace (devtools.timeline categories) of the page's main thread, plus
 * in-page counters installed before the app loads:
 *
 *  - React commits: a minimal React DevTools global hook whose onCommitFiberRoot counts;
 *  - DOM updates: a MutationObserver on the document, grouped by the nearest element with a
 *    data-testid (or its class): which parts of the UI change while the view moves (the
 *    magnification readout, the scale bar, the navigator…);
 *  - canvas draws: CanvasRenderingContext2D.drawImage calls.
 *
 * The counters add work of their own: the profiled pass is separate from the timed ones.
 */
import type { Browser, Page } from 'playwright-core';
import { panRound } from './annotations';
import { jumps } from './viewer';
import { fmt, table } from './stats';

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string } };
}

export interface ProfileSummary {
  wallMs: number;
  /** Main-thread busy time (top-level tasks). */
  busyMs: number;
  /** Per trace event name on the main thread: count and total ms. */
  events: { name: string; count: number; ms: number }[];
  requests: number;
  /** Image decodes on the main thread, and on the renderer's other threads. */
  decodes: { count: number; ms: number };
  offThreadDecodes: { count: number; ms: number };
  commits: number;
  drawImage: number;
  mutations: { target: string; count: number }[];
}

/** Main-thread events worth reporting, in this order. */
const MAIN_EVENTS = [
  'FireAnimationFrame',
  'FunctionCall',
  'EventDispatch',
  'TimerFire',
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
  'MajorGC',
  'MinorGC',
];
const DECODE_EVENTS = new Set(['Decode Image', 'ImageDecodeTask', 'Decode LazyPixelRef']);

/**
 * Sums a Chromium trace: the renderer main thread is the one named CrRendererMain whose
 * process made the most requests (the page's, not an extension's or a worklet's).
 */
export function summarizeTrace(
  events: readonly TraceEvent[],
): Omit<ProfileSummary, 'commits' | 'drawImage' | 'mutations'> {
  const mains = events.filter(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  const requestsBy = new Map<number, number>();
  for (const e of events)
    if (e.name === 'ResourceSendRequest') requestsBy.set(e.pid, (requestsBy.get(e.pid) ?? 0) + 1);
  const main = [...mains].sort(
    (a, b) => (requestsBy.get(b.pid) ?? 0) - (requestsBy.get(a.pid) ?? 0),
  )[0];
  if (!main) throw new Error('no renderer main thread in the trace');
  const timed = events.filter((e) => e.ph === 'X' && typeof e.dur === 'number');
  const onMain = timed.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const byName = new Map<string, { count: number; us: number }>();
  for (const e of onMain) {
    const s = byName.get(e.name) ?? { count: 0, us: 0 };
    s.count++;
    s.us += e.dur!;
    byName.set(e.name, s);
  }
  const decodes = timed.filter((e) => e.pid === main.pid && DECODE_EVENTS.has(e.name));
  const sum = (list: TraceEvent[]) => ({
    count: list.length,
    ms: list.reduce((n, e) => n + e.dur!, 0) / 1000,
  });
  const all = events.filter((e) => e.pid === main.pid && e.ts > 0);
  const start = Math.min(...all.map((e) => e.ts));
  const end = Math.max(...all.map((e) => e.ts + (e.dur ?? 0)));
  return {
    wallMs: (end - start) / 1000,
    busyMs: (byName.get('RunTask')?.us ?? 0) / 1000,
    events: MAIN_EVENTS.filter((n) => byName.has(n)).map((name) => ({
      name,
      count: byName.get(name)!.count,
      ms: byName.get(name)!.us / 1000,
    })),
    requests: requestsBy.get(main.pid) ?? 0,
    decodes: sum(decodes.filter((e) => e.tid === main.tid)),
    offThreadDecodes: sum(decodes.filter((e) => e.tid !== main.tid)),
  };
}

/** Installs the in-page counters; call before the app's first page load. */
export async function installProbes(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const probe = {
      on: false,
      commits: 0,
      drawImage: 0,
      mutations: {} as Record<string, number>,
    };
    (window as unknown as { __probe: typeof probe }).__probe = probe;
    (
      window as unknown as { __REACT_DEVTOOLS_GLOBAL_HOOK__: unknown }
    ).__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
      supportsFiber: true,
      renderers: new Map(),
      inject: () => 1,
      checkDCE: () => undefined,
      onScheduleFiberRoot: () => undefined,
      onCommitFiberRoot: () => {
        if (probe.on) probe.commits++;
      },
      onPostCommitFiberRoot: () => undefined,
      onCommitFiberUnmount: () => undefined,
    };
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with apply below
    const drawImage = CanvasRenderingContext2D.prototype.drawImage;
    CanvasRenderingContext2D.prototype.drawImage = function (
      this: CanvasRenderingContext2D,
      ...args: unknown[]
    ) {
      if (probe.on) probe.drawImage++;
      return (drawImage as (...a: unknown[]) => void).apply(this, args);
    };
    const label = (node: Node | null): string => {
      let el = node instanceof Element ? node : (node?.parentElement ?? null);
      const first = el;
      while (el && !el.getAttribute('data-testid')) el = el.parentElement;
      if (el) return el.getAttribute('data-testid')!;
      const cls = first?.getAttribute('class');
      return cls ? `.${cls.split(' ')[0]}` : (first?.tagName.toLowerCase() ?? '?');
    };
    new MutationObserver((records) => {
      if (!probe.on) return;
      for (const r of records) {
        const key = label(r.target);
        probe.mutations[key] = (probe.mutations[key] ?? 0) + 1;
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

interface Probe {
  on: boolean;
  commits: number;
  drawImage: number;
  mutations: Record<string, number>;
}

async function traced(
  browser: Browser,
  page: Page,
  run: () => Promise<unknown>,
): Promise<ProfileSummary> {
  await page.evaluate(() => {
    const p = (window as unknown as { __probe: Probe }).__probe;
    p.on = true;
    p.commits = 0;
    p.drawImage = 0;
    p.mutations = {};
  });
  await browser.startTracing(page, {
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'toplevel',
      'blink.user_timing',
    ],
  });
  await run();
  const buffer = await browser.stopTracing();
  const probe = await page.evaluate(() => {
    const p = (window as unknown as { __probe: Probe }).__probe;
    p.on = false;
    return { commits: p.commits, drawImage: p.drawImage, mutations: p.mutations };
  });
  const trace = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] };
  return {
    ...summarizeTrace(trace.traceEvents),
    commits: probe.commits,
    drawImage: probe.drawImage,
    mutations: Object.entries(probe.mutations)
      .map(([target, count]) => ({ target, count }))
      .sort((a, b) => b.count - a.count)
      .slice(0, 8),
  };
}

export function profileJumps(
  browser: Browser,
  page: Page,
  points: { x: number; y: number }[],
  mpp: number,
): Promise<ProfileSummary> {
  return traced(browser, page, () => jumps(page, points, mpp));
}

export interface JumpAnatomy {
  /** ms from the move: first tile request, last tile answer, sharp; and frames drawn. */
  firstRequest: number;
  lastResponse: number;
  sharp: number;
  requests: number;
  frames: number;
  /** Medians over the jump's tile requests: queued in the browser, then the server's answer. */
  queued: number;
  server: number;
}

/**
 * The same jumps, each taken apart with the Resource Timing API (the tile worker's, asked
 * through the test hook, and the page's): when the tile requests start and the last answer
 * lands, against when the view is sharp, and the animation frames in between.
 */
export async function jumpAnatomy(
  page: Page,
  points: { x: number; y: number }[],
  mpp: number,
): Promise<JumpAnatomy[]> {
  return page.evaluate(
    async ({ points, mpp }) => {
      const v = window.__viewer!;
      const vp = v.osd.viewport;
      const out: JumpAnatomy[] = [];
      const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
      for (const p of points) {
        performance.clearResourceTimings();
        await v.tileRequests(); // the tile worker's list emptied too
        const t0 = performance.now();
        vp.zoomTo(vp.imageToViewportZoom((40 * mpp) / 10), undefined, true);
        vp.panTo(vp.imageToViewportCoordinates(p.x, p.y), true);
        let frames = 1;
        await frame();
        while (!v.isFullyLoaded()) {
          frames++;
          await frame();
        }
        const sharp = performance.now() - t0;
        // Tile requests are the tile worker's (its own Resource Timing, on this page's
        // clock), or the page's where no worker runs (<img> tiles).
        const own = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map(
          (e) => ({ start: e.startTime, requestStart: e.requestStart, end: e.responseEnd }),
        );
        const tiles = [...(await v.tileRequests()), ...own].filter((e) => e.start >= t0);
        const mid = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1] ?? Number.NaN;
        out.push({
          queued: mid(tiles.map((e) => e.requestStart - e.start)),
          server: mid(tiles.map((e) => e.end - e.requestStart)),
          firstRequest: Math.min(...tiles.map((e) => e.start)) - t0,
          lastResponse: Math.max(...tiles.map((e) => e.end)) - t0,
          sharp,
          requests: tiles.length,
          frames,
        });
      }
      return out;
    },
    { points, mpp },
  );
}

export function formatAnatomy(jumps: JumpAnatomy[]): string {
  const median = (f: (j: JumpAnatomy) => number) =>
    [...jumps.map(f)].sort((a, b) => a - b)[jumps.length >> 1]!;
  return [
    'Jump anatomy (medians over the jumps, ms from the move; Resource Timing)',
    table([
      [
        'first tile request',
        'last tile answer',
        'sharp',
        'tile requests',
        'frames',
        'queued in browser',
        'request to answer',
      ],
      [
        median((j) => j.firstRequest),
        median((j) => j.lastResponse),
        median((j) => j.sharp),
        String(median((j) => j.requests)),
        String(median((j) => j.frames)),
        median((j) => j.queued),
        median((j) => j.server),
      ],
    ]),
  ].join('\n');
}

export function profilePan(browser: Browser, page: Page): Promise<ProfileSummary> {
  return traced(browser, page, () => panRound(page));
}

export function formatProfile(name: string, s: ProfileSummary): string {
  return [
    `Profile, ${name}: ${fmt(s.wallMs)} ms traced, main thread busy ${fmt(s.busyMs)} ms; ${s.requests} requests; image decodes: ${s.decodes.count} on the main thread (${fmt(s.decodes.ms)} ms), ${s.offThreadDecodes.count} off it (${fmt(s.offThreadDecodes.ms)} ms); ${s.drawImage} canvas drawImage calls; ${s.commits} React commits`,
    table([
      ['main-thread event', 'count', 'total ms'],
      ...s.events.map((e) => [e.name, String(e.count), e.ms]),
    ]),
    s.mutations.length === 0
      ? 'DOM updates: none'
      : `DOM updates by element: ${s.mutations.map((m) => `${m.target} ${m.count}`).join(', ')}`,
  ].join('\n');
}
