/**
 * `npm run bench -- reference`: our viewer against Orthanc's own whole-slide viewer
 * (orthanc-wsi, OpenLayers), side by side in one run, on one slide.
 *
 *  - A 16,384 × 12,288 JPEG pyramid of demo tissue (referenceSlide.ts) is dicomized with
 *    OrthancWSIDicomizer into a real Orthanc on a free 127.0.0.1 port (temp folder, stopped
 *    after); the same TIFF, with three other stains of the same block, is a local case
 *    whose tiles are all put in cache.db first.
 *  - 8 jumps to new places at 1 image pixel per screen pixel, each viewer in a cold browser
 *    context (headless Debian Chromium), both showing 1600×900 of slide (our window is
 *    enlarged by its panels), timed from the move until the view is sharp (olViewer.ts
 *    explains how "sharp" is read from OpenLayers; ours: window.__viewer.isFullyLoaded()).
 *    Orthanc's viewer, ours, and ours with a setting changed in the page (<img> tiles
 *    decoded on the main thread instead of the tile worker; a redraw at every tile arrival
 *    instead of drawHold.ts's gathering; 12 tile loads a frame instead of 64)
 *    alternate over JUMP_ROUNDS rounds. Then, once each: OpenSeadragon's WebGL drawer
 *    (switched at run time with `viewer.requestDrawer`) and the same series through the
 *    archive path (DICOMweb from the same Orthanc), not prefetched and prefetched.
 *  - Pan frame time at 1:1 (annotations.ts's method), with 1 viewport and 4 synchronized
 *    ones, and slide switch (PageDown/PageUp between two slides in cache.db, key press to
 *    sharp), with the canvas and WebGL drawers.
 *  - A profile of the warm jumps and of panning (profile.ts): main-thread trace, tile
 *    requests, image decodes, React commits, DOM updates, canvas draws, and each jump taken
 *    apart with Resource Timing.
 *
 * Never a pass/fail: figures and ratios against the baseline of the same run.
 * BENCH_REF_QUICK=1 leaves out the WebGL drawer and the DICOMweb rows: for trying a change.
 * BENCH_REF_ROUNDS=n runs n rounds of jumps instead of 3.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { tileGrid } from '../electron/common/pyramid';
import type { TestHost } from '../e2e/support/testHost';
import { startTestHost } from '../e2e/support/testHost';
import '../e2e/support/viewerHook';
import { dicomizeSlide, startOrthanc } from '../scripts/orthanc/index';
import type { OrthancServer } from '../scripts/orthanc/index';
import { PAN_FRAMES, panRound } from './annotations';
import { allowNamedFunctions, olJumps, openOlViewer } from './olViewer';
import type { ProfileSummary } from './profile';
import {
  formatAnatomy,
  formatProfile,
  installProbes,
  jumpAnatomy,
  profileJumps,
  profilePan,
} from './profile';
import { REFERENCE_SIZE, writeReferenceSlides } from './referenceSlide';
import { fmt, percentile, table } from './stats';
import { fieldsOfView, jumps, launchChromium } from './viewer';

const VIEWPORT = { width: 1600, height: 900 };
/** The accession of the local case (folder name) and of the dicomized series. */
const LOCAL_CASE = 'BENCH-REF';
const ARCHIVE_CASE = 'BENCH-REF-DICOMWEB';
/** `jumps()` zooms to (40 × mpp) / 10 image zoom: this mpp makes it 1 image px per screen px. */
const ONE_TO_ONE_MPP = 0.25;
const SWITCHES = 8;
const PAN_ROUNDS = 3;
/** Pans (each PAN_ROUNDS rounds in a new page) of each canvas variant, alternating. */
const PAN_REPEATS = 3;
/**
 * Rounds of the 8 jumps for Orthanc's viewer and ours (canvas, warm), alternating; more
 * with BENCH_REF_ROUNDS=n, to tell two close rows apart on a noisy machine.
 */
const JUMP_ROUNDS = Math.max(1, Number(process.env.BENCH_REF_ROUNDS) || 3);
/** Tile loads a frame before osdOptions' MAX_TILES_PER_FRAME became 64 (a whole field). */
const ALT_TILES_PER_FRAME = 12;
const QUICK = process.env.BENCH_REF_QUICK === '1';

type Drawer = 'canvas' | 'webgl';

interface Row {
  name: string;
  sorted: number[];
}

function row(name: string, times: number[]): Row {
  return { name, sorted: [...times].sort((a, b) => a - b) };
}

function log(message: string): void {
  process.stderr.write(`[reference] ${message}\n`);
}

/** Every tile of every level read once through the engine: the slide is then all in cache.db. */
export async function warmCache(host: TestHost, slideId: string): Promise<number> {
  const ws = host.workstation;
  const info = await ws.handlers.getSlideInfo({ slideId });
  let n = 0;
  for (const [level, l] of info.levels.entries()) {
    const { cols, rows } = tileGrid(l);
    for (let row = 0; row < rows; row++)
      for (let col = 0; col < cols; col++) {
        await ws.tiles.getTile(slideId, level, col, row);
        n++;
      }
  }
  await ws.cache.flush();
  return n;
}

export async function caseOf(host: TestHost, accession: string) {
  const ws = host.workstation;
  const c = (await ws.handlers.listCases({})).find((x) => x.accession === accession);
  if (!c) throw new Error(`case ${accession} not found`);
  const { slides } = await ws.handlers.getCase({ caseId: c.id });
  return { caseId: c.id, slideIds: slides.map((s) => s.id) };
}

/** Opens the app on a case's slide in a fresh context and waits for its first sharp view. */
export async function openOurs(
  browser: Browser,
  host: TestHost,
  accession: string,
  slideId: string,
  drawer: Drawer,
  options: { probes?: boolean } = {},
): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await allowNamedFunctions(page);
  if (options.probes === true) await installProbes(page);
  // Straight to the slide by its address (README: #/case/<accession>/slide/<n>).
  const n = (await caseOf(host, accession)).slideIds.indexOf(slideId) + 1;
  if (n === 0) throw new Error(`slide ${slideId} is not in ${accession}`);
  await page.goto(`${host.entryUrl}#/case/${encodeURIComponent(accession)}/slide/${n}`);
  await page.waitForFunction(
    (id) => window.__viewer?.slideId === id && window.__viewer.isFullyLoaded(),
    slideId,
    { timeout: 60_000 },
  );
  await fitViewerArea(page);
  if (drawer !== 'canvas') await useDrawer(page, drawer);
  return { page, close: () => context.close() };
}

/**
 * Our window has a header, toolbars, the slide strip and side panels around the slide: the
 * browser window is enlarged until the slide itself covers VIEWPORT, as Orthanc's viewer
 * does the whole window, so that both fill the same screen pixels at 1:1.
 */
async function fitViewerArea(page: Page): Promise<void> {
  const area = () =>
    page.evaluate(() => {
      const c = (window.__viewer!.osd as unknown as { container: HTMLElement }).container;
      return { width: c.clientWidth, height: c.clientHeight };
    });
  for (let attempt = 0; attempt < 3; attempt++) {
    const got = await area();
    if (got.width === VIEWPORT.width && got.height === VIEWPORT.height) break;
    const size = page.viewportSize() ?? VIEWPORT;
    await page.setViewportSize({
      width: size.width + VIEWPORT.width - got.width,
      height: size.height + VIEWPORT.height - got.height,
    });
    await page.waitForFunction(() => window.__viewer!.isFullyLoaded(), null, { timeout: 30_000 });
  }
  const got = await area();
  if (got.width !== VIEWPORT.width || got.height !== VIEWPORT.height)
    throw new Error(
      `slide area ${got.width}×${got.height}, not ${VIEWPORT.width}×${VIEWPORT.height}`,
    );
}

/** Switches the open viewer's drawer (OpenSeadragon 5+: viewer.requestDrawer). */
async function useDrawer(page: Page, drawer: Drawer): Promise<void> {
  const got = await page.evaluate((d) => {
    const osd = window.__viewer!.osd as unknown as {
      requestDrawer(d: string, o: { mainDrawer: boolean; redrawImmediately: boolean }): unknown;
      drawer: { getType(): string };
    };
    osd.requestDrawer(d, { mainDrawer: true, redrawImmediately: true });
    return osd.drawer.getType();
  }, drawer);
  if (got !== drawer) throw new Error(`drawer ${drawer} unavailable (got ${got})`);
  await page.waitForFunction(() => window.__viewer!.isFullyLoaded(), null, { timeout: 30_000 });
}

/**
 * The tile loading before the tile worker (tileDecoder.ts), swapped into the open viewer:
 * OSD's <img> tiles, which Chromium decodes on the main thread when the canvas drawer copies
 * them into a canvas. The tile source reads `loader.loadTile` at every tile
 * (wsiTileSource.ts, tileLoader.ts).
 */
async function useImageTiles(page: Page): Promise<void> {
  await page.evaluate(() => {
    const osd = window.__viewer!.osd as unknown as {
      world: { getItemAt(i: number): { source: { loader: { loadTile: unknown } } } };
    };
    osd.world.getItemAt(0).source.loader.loadTile = (
      src: string,
      crossOrigin: string | null,
      done: (t: { data: unknown; type: string } | null) => void,
    ) => {
      const image = new Image();
      image.onload = () => done({ data: image, type: 'image' });
      image.onerror = () => done(null);
      if (crossOrigin !== null) image.crossOrigin = crossOrigin;
      image.src = src;
      return {
        cancel: () => {
          image.onload = image.onerror = null;
          image.src = '';
        },
      };
    };
  });
}

/**
 * A redraw at every frame in which a tile arrived, as OpenSeadragon does by itself: the
 * drawer's gathering of tiles in a still view (drawHold.ts) switched off in the open viewer.
 */
async function drawEveryArrival(page: Page): Promise<void> {
  await page.evaluate(() => {
    const osd = window.__viewer!.osd as unknown as { drawer: { hold?: { decide(): number } } };
    if (!osd.drawer.hold) throw new Error('this drawer gathers no tiles');
    osd.drawer.hold.decide = () => 0;
  });
}

/**
 * The VideoFrames the tile worker decodes turned into ImageBitmaps before they are first
 * drawn, instead of once the view is complete (frameSettler.ts): the drawer of the open
 * viewer told it cannot draw frames.
 */
async function convertFramesFirst(page: Page): Promise<void> {
  await page.evaluate(() => {
    const osd = window.__viewer!.osd as unknown as {
      drawer: { getSupportedDataFormats(): string[] };
    };
    const formats = osd.drawer.getSupportedDataFormats();
    if (!formats.includes('videoFrame')) throw new Error('this drawer draws no frames');
    osd.drawer.getSupportedDataFormats = () => formats.filter((f) => f !== 'videoFrame');
  });
}

/**
 * The VideoFrames on screen never turned into ImageBitmaps (frameSettler.ts switched off
 * in the open viewer): each is converted from YUV at every draw.
 */
async function neverConvertFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const osd = window.__viewer!.osd as unknown as { drawer: { settler?: { settle(): void } } };
    if (!osd.drawer.settler) throw new Error('this drawer converts no frames');
    osd.drawer.settler.settle = () => undefined;
  });
}

/**
 * Tiles decoded by createImageBitmap on a Blob of their bytes, as before WebCodecs'
 * ImageDecoder (tileWorker.ts): the tile worker of the open page switched back.
 */
async function decodeAsBitmaps(page: Page): Promise<void> {
  await page.evaluate(() => window.__viewer!.decodeTilesAs('bitmaps'));
}

/**
 * OSD's tile loads per frame set in the open viewer, to compare osdOptions'
 * MAX_TILES_PER_FRAME (the whole field asked for in one frame) with ALT_TILES_PER_FRAME.
 */
async function useTilesPerFrame(page: Page, perFrame: number): Promise<void> {
  await page.evaluate((perFrame) => {
    const osd = window.__viewer!.osd as unknown as {
      world: {
        getItemAt(i: number): { maxTilesPerFrame: number; _currentMaxTilesPerFrame: number };
      };
    };
    const image = osd.world.getItemAt(0);
    image.maxTilesPerFrame = perFrame;
    image._currentMaxTilesPerFrame = perFrame;
  }, perFrame);
}

/** Pan frame time at 1:1 around a field: one round to load its tiles, then PAN_ROUNDS. */
async function panAtOneToOne(page: Page, at: { x: number; y: number }) {
  await jumps(page, [at], ONE_TO_ONE_MPP);
  await panRound(page);
  const rounds = [];
  for (let i = 0; i < PAN_ROUNDS; i++) rounds.push(await panRound(page));
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
  return { p50: median(rounds.map((r) => r.p50)), p95: median(rounds.map((r) => r.p95)) };
}

/**
 * Pan frame time with 4 synchronized viewports (the layout buttons and sync toggle of the
 * viewer's toolbar, window.__viewers): the active viewport is panned, the three others
 * follow. Null when this build has no 4-viewport layout.
 */
async function panFourViewports(page: Page, at: { x: number; y: number }) {
  const layout = page.getByTestId('layout-4');
  if ((await layout.count()) === 0) return null;
  await layout.click();
  const sync = page.getByTestId('viewport-sync');
  if ((await sync.getAttribute('aria-pressed')) !== 'true') await sync.click();
  const allSharp = () =>
    page.waitForFunction(
      () => {
        const vs = (window as unknown as { __viewers?: { isFullyLoaded(): boolean }[] }).__viewers;
        return (vs?.length ?? 0) >= 4 && vs!.every((v) => v.isFullyLoaded());
      },
      null,
      { timeout: 60_000 },
    );
  await allSharp();
  const count = await page.evaluate(
    () => (window as unknown as { __viewers?: unknown[] }).__viewers?.length ?? 0,
  );
  await jumps(page, [at], ONE_TO_ONE_MPP);
  await allSharp();
  await panRound(page);
  const rounds = [];
  for (let i = 0; i < PAN_ROUNDS; i++) rounds.push(await panRound(page));
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
  return {
    viewports: count,
    p50: median(rounds.map((r) => r.p50)),
    p95: median(rounds.map((r) => r.p95)),
  };
}

/**
 * Slide switch: the key press (PageDown, then PageUp back, …) until the other slide is
 * open and sharp. Timed in the page from the keydown event's own timestamp.
 */
async function slideSwitches(page: Page, slideIds: string[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < SWITCHES; i++) {
    const target = slideIds[(i + 1) % 2]!;
    const key = i % 2 === 0 ? 'PageDown' : 'PageUp';
    await page.evaluate((target) => {
      const w = window as unknown as { __switch?: Promise<number> };
      w.__switch = new Promise<number>((resolve) => {
        window.addEventListener(
          'keydown',
          (e) => {
            const t0 = e.timeStamp;
            const poll = () => {
              const v = window.__viewer;
              if (v?.slideId === target && v.isFullyLoaded()) resolve(performance.now() - t0);
              else requestAnimationFrame(poll);
            };
            requestAnimationFrame(poll);
          },
          { capture: true, once: true },
        );
      });
    }, target);
    await page.keyboard.press(key);
    times.push(
      await page.evaluate(() => (window as unknown as { __switch: Promise<number> }).__switch),
    );
  }
  return times;
}

async function dicomizeToOrthanc(orthanc: OrthancServer, tiff: string, dir: string) {
  const files = await dicomizeSlide(tiff, dir, {
    dataset: {
      PatientName: 'BENCH^Reference',
      PatientID: 'BREF',
      AccessionNumber: ARCHIVE_CASE,
      StudyDescription: 'Reference benchmark',
      ContainerIdentifier: 'A1',
    },
    mpp: ONE_TO_ONE_MPP,
  });
  const uploaded = await orthanc.upload(files);
  const res = await fetch(`${orthanc.url}/instances/${uploaded[0]!.id}`, {
    headers: orthanc.headers,
  });
  const instance = (await res.json()) as { ParentSeries: string };
  return instance.ParentSeries;
}

export async function benchReference(work: string): Promise<string> {
  const started = Date.now();
  const caseDir = path.join(work, 'library', LOCAL_CASE);
  fs.mkdirSync(caseDir, { recursive: true });
  // Named so that the case lists them in this order (HE first, then the next for PageDown).
  const he = path.join(caseDir, '1 HE.tif');
  // Four stains of one block: slide switch goes between the first two, and the
  // 4-viewport layout shows one each.
  const stains = ['Ki67', 'ER', 'HER2'] as const;
  await writeReferenceSlides([
    { stain: 'HE', path: he },
    ...stains.map((stain, i) => ({ stain, path: path.join(caseDir, `${i + 2} ${stain}.tif`) })),
  ]);
  log(`slides written in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const orthanc = await startOrthanc();
  let host: TestHost | null = null;
  const browser = await launchChromium();
  const out: string[] = [];
  try {
    const t0 = Date.now();
    const seriesId = await dicomizeToOrthanc(orthanc, he, path.join(work, 'dicom'));
    log(`dicomized and stored in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    host = await startTestHost({
      dataDir: path.join(work, 'data'),
      libraryFolders: [path.join(work, 'library')],
      deps: {
        prepareDemoLibrary: (dir) =>
          fs.promises.mkdir(dir, { recursive: true }).then(() => undefined),
        prefetch: { lookahead: 0 },
      },
    });
    const ws = host.workstation;
    await ws.handlers.updateSettings({ showDemo: false });
    await ws.handlers.saveArchive({
      name: 'Orthanc',
      baseUrl: orthanc.dicomwebUrl,
      auth: { kind: 'none' },
    });
    await ws.handlers.syncArchives({});
    const local = await caseOf(host, LOCAL_CASE);
    const archive = await caseOf(host, ARCHIVE_CASE);
    const [heId, ki67Id] = local.slideIds as [string, string];
    const info = await ws.handlers.getSlideInfo({ slideId: heId });
    if (info.width !== REFERENCE_SIZE.width || info.height !== REFERENCE_SIZE.height)
      throw new Error(`unexpected slide size ${info.width}×${info.height}`);
    const points = fieldsOfView(info);
    let tiles = 0;
    for (const id of local.slideIds) tiles += await warmCache(host, id);
    log(`${tiles} tiles of the local case in cache.db`);

    // 1. Jumps: Orthanc's viewer (baseline), then ours, each in a cold browser context.
    // Orthanc's viewer and ours (canvas, warm) alternate over JUMP_ROUNDS rounds, each in a
    // new context: on a shared machine one round can meet a neighbour's burst of work.
    const olTimes: number[] = [];
    const olTiles: number[] = [];
    // Our viewer as it is, then with one change switched back in the open page each.
    const ours: { name: string; change?: (page: Page) => Promise<void>; times: number[] }[] = [
      { name: 'ours, canvas drawer, local slide, warm cache.db', times: [] },
      {
        name: '  same, before: <img> tiles, decoded on the main thread',
        change: useImageTiles,
        times: [],
      },
      {
        name: '  same, before: a redraw at every tile arrival',
        change: drawEveryArrival,
        times: [],
      },
      {
        name: `  same, before: ${ALT_TILES_PER_FRAME} tile loads a frame`,
        change: (page) => useTilesPerFrame(page, ALT_TILES_PER_FRAME),
        times: [],
      },
      {
        name: '  same, VideoFrames turned into ImageBitmaps before the first draw',
        change: convertFramesFirst,
        times: [],
      },
      {
        name: '  same, before: tiles decoded as ImageBitmaps (a Blob each)',
        change: decodeAsBitmaps,
        times: [],
      },
    ];
    for (let round = 0; round < JUMP_ROUNDS; round++) {
      const context = await browser.newContext({ viewport: VIEWPORT });
      const page = await context.newPage();
      await openOlViewer(page, orthanc.url, seriesId);
      const r = await olJumps(page, points);
      olTimes.push(...r.times);
      olTiles.push(...r.tiles);
      await context.close();
      for (const variant of ours) {
        const o = await openOurs(browser, host, LOCAL_CASE, heId, 'canvas');
        await variant.change?.(o.page);
        variant.times.push(...(await jumps(o.page, points, ONE_TO_ONE_MPP)));
        await o.close();
      }
    }
    log('jumps done');
    const jumpRows: Row[] = [
      row("Orthanc's WSI viewer (OpenLayers 3, baseline)", olTimes),
      ...ours.map((v) => row(v.name, v.times)),
    ];
    if (!QUICK) {
      const o = await openOurs(browser, host, LOCAL_CASE, heId, 'webgl');
      const times = await jumps(o.page, points, ONE_TO_ONE_MPP);
      jumpRows.push(row('ours, webgl drawer, local slide, warm cache.db (1 round)', times));
      await o.close();
    }
    if (!QUICK) {
      const o = await openOurs(browser, host, ARCHIVE_CASE, archive.slideIds[0]!, 'canvas');
      const times = await jumps(o.page, points, ONE_TO_ONE_MPP);
      jumpRows.push(row('ours, canvas, DICOMweb, not prefetched (Orthanc; 1 round)', times));
      await o.close();
    }
    if (!QUICK) {
      await ws.handlers.setCaseOffline({ caseId: archive.caseId, offline: true });
      const deadline = Date.now() + 300_000;
      for (;;) {
        const p = (await ws.prefetcher.sync()).status.cases.find(
          (c) => c.caseId === archive.caseId,
        );
        if (p && p.tilesTotal > 0 && p.tilesDone >= p.tilesTotal) break;
        if (Date.now() > deadline) throw new Error('prefetch did not finish');
        await new Promise((r) => setTimeout(r, 50));
      }
      await ws.cache.flush();
      const o = await openOurs(browser, host, ARCHIVE_CASE, archive.slideIds[0]!, 'canvas');
      const times = await jumps(o.page, points, ONE_TO_ONE_MPP);
      jumpRows.push(row('ours, canvas, DICOMweb, prefetched (warm cache.db; 1 round)', times));
      await o.close();
    }
    const base = jumpRows[0]!;
    out.push(
      `Reference: ${info.width}×${info.height} JPEG pyramid of demo tissue, ${points.length} jumps to a new field at 1 image px per screen px, ${VIEWPORT.width}×${VIEWPORT.height} of slide on screen (our window enlarged by its panels), a cold browser context each time, until sharp (headless Chromium, no GPU); the first five rows: ${JUMP_ROUNDS} alternating rounds, percentiles over the ${JUMP_ROUNDS * points.length} jumps; Orthanc's viewer loaded ${fmt(
        percentile(
          [...olTiles].sort((a, b) => a - b),
          50,
        ),
      )} tiles per jump (p50)`,
      table([
        ['viewer', 'p50 ms', 'p95 ms', 'max ms', 'p50 ours/OL', 'p95 ours/OL', 'goal'],
        ...jumpRows.map((r, i) => [
          r.name,
          percentile(r.sorted, 50),
          percentile(r.sorted, 95),
          r.sorted[r.sorted.length - 1]!,
          percentile(r.sorted, 50) / percentile(base.sorted, 50),
          percentile(r.sorted, 95) / percentile(base.sorted, 95),
          i === 0 || r.name.startsWith(' ') || r.name.includes('not prefetched')
            ? ''
            : 'p50 ≤ 0.5×, p95 ≤ 100 ms',
        ]),
      ]),
    );

    // 2. Pan frame time (1 viewport) and slide switch, canvas and WebGL drawers.
    const panRows: (string | number)[][] = [['pan at 1:1, 1 viewport', 'p50 ms', 'p95 ms']];
    const switchRows: (string | number)[][] = [
      [
        'slide switch (PageDown/PageUp, both slides in cache.db)',
        'p50 ms',
        'p95 ms',
        'max ms',
        'goal',
      ],
    ];
    let viewports = 1;
    const profiles: { name: string; summary: ProfileSummary }[] = [];
    let anatomy = '';
    // The canvas variants alternate over PAN_REPEATS repeats (one pan is 3 rounds of
    // PAN_FRAMES frames in one page: a neighbour's burst of work could land on one variant);
    // the medians of their p50 and p95 are reported, and the slide switches pooled.
    const panned: {
      name: string;
      drawer: Drawer;
      change?: (page: Page) => Promise<void>;
      repeats: number;
      pans: { p50: number; p95: number }[];
      switches: number[];
    }[] = [
      { name: 'canvas drawer', drawer: 'canvas', repeats: PAN_REPEATS, pans: [], switches: [] },
      {
        name: 'canvas drawer, VideoFrames never turned into ImageBitmaps',
        drawer: 'canvas',
        change: neverConvertFrames,
        repeats: PAN_REPEATS,
        pans: [],
        switches: [],
      },
      {
        name: 'canvas drawer, before: tiles decoded as ImageBitmaps',
        drawer: 'canvas',
        change: decodeAsBitmaps,
        repeats: PAN_REPEATS,
        pans: [],
        switches: [],
      },
      ...(QUICK
        ? []
        : [{ name: 'webgl drawer', drawer: 'webgl' as const, repeats: 1, pans: [], switches: [] }]),
    ];
    for (let repeat = 0; repeat < PAN_REPEATS; repeat++) {
      for (const v of panned) {
        if (repeat >= v.repeats) continue;
        const o = await openOurs(browser, host, LOCAL_CASE, heId, v.drawer);
        await v.change?.(o.page);
        v.pans.push(await panAtOneToOne(o.page, points[0]!));
        v.switches.push(...(await slideSwitches(o.page, [heId, ki67Id])));
        await o.close();
      }
    }
    const medianOf = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
    for (const v of panned) {
      panRows.push([
        `ours, ${v.name}`,
        medianOf(v.pans.map((p) => p.p50)),
        medianOf(v.pans.map((p) => p.p95)),
      ]);
      const sw = [...v.switches].sort((a, b) => a - b);
      switchRows.push([
        `ours, ${v.name}`,
        percentile(sw, 50),
        percentile(sw, 95),
        sw[sw.length - 1]!,
        'p50 < 300',
      ]);
    }
    {
      const o = await openOurs(browser, host, LOCAL_CASE, heId, 'canvas');
      const four = await panFourViewports(o.page, points[0]!);
      await o.close();
      if (four) {
        viewports = four.viewports;
        panRows.push([
          `ours, canvas drawer, ${four.viewports} synchronized viewports`,
          four.p50,
          four.p95,
        ]);
      }
    }
    log('pan and slide switch done');
    // 3. Where the time goes: one more cold context, traced (not timed against the others).
    {
      const o = await openOurs(browser, host, LOCAL_CASE, heId, 'canvas', { probes: true });
      profiles.push({
        name: `${points.length} warm jumps, canvas drawer`,
        summary: await profileJumps(browser, o.page, points, ONE_TO_ONE_MPP),
      });
      // New places for the anatomy: the fields of view mirrored (not in the browser's cache).
      const mirrored = points.map((p) => ({ x: info.width - p.x, y: info.height - p.y }));
      anatomy = formatAnatomy(await jumpAnatomy(o.page, mirrored, ONE_TO_ONE_MPP));
      profiles.push({
        name: `pan at 1:1, ${PAN_FRAMES} frames, canvas drawer`,
        summary: await profilePan(browser, o.page),
      });
      await o.close();
    }
    out.push(
      '',
      table(panRows),
      viewports > 1
        ? `(${viewports} viewports: the active one is panned, the others follow in sync, each about a quarter of the area)`
        : '(4 synchronized viewports: not measured, this build has no 4-viewport layout)',
      '',
      table(switchRows),
      '',
      ...profiles.flatMap((p) => [formatProfile(p.name, p.summary), '']),
      anatomy,
    );
    return out.join('\n').trimEnd();
  } finally {
    await browser.close();
    await host?.stop();
    await orthanc.stop();
  }
}
