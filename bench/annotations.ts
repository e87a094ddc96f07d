/**
 * Annotations and AI overlays in the real viewer (Debian Chromium, 1600×900, canvas drawer):
 * pan frame time with no overlay (the baseline, same run), with 10,000 annotations and
 * with 100,000 AI detections; and the time to import 100,000 detections through the
 * window (file chosen in the annotation panel → drawn on the slide).
 *
 * Pan frame time: the viewer is panned by 10 CSS px every frame (requestAnimationFrame),
 * around a square, once to warm the tiles and twice measured. A frame's time runs from its
 * start (the rAF timestamp) to the end of the main thread's work for it (a message posted
 * from the frame's last rAF callback runs once OpenSeadragon, the overlays, style, layout
 * and paint are done). Measured at 40× and with the
 * whole slide in view (all of them).
 */
import type { Page } from 'playwright-core';
import type { TestHost } from '../e2e/support/testHost';
import '../e2e/support/viewerHook';
import { percentile, table } from './stats';
import type { BenchSlide } from './tiles';
import { launchChromium, openSlide } from './viewer';

declare global {
  interface Window {
    /** The AI layer's drawing time per frame (renderer/src/features/annotations/aiOverlayClient.ts). */
    __aiOverlayDraws?: number[];
  }
}

const DETECTIONS = 100_000;
const ANNOTATIONS = 10_000;
/** Frames per side of the pan square, and CSS px per frame. */
const SIDE_FRAMES = 60;
const STEP_PX = 10;
const ZOOMS = [
  { label: '40×', magnification: 40 },
  { label: 'whole slide', magnification: null },
] as const;

/** A deterministic pseudo-random sequence (mulberry32): the same objects every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 100,000 mitosis-candidate points over the slide, as an AI model's QuPath GeoJSON. */
export function detectionsGeoJson(width: number, height: number, n = DETECTIONS): string {
  const r = random(42);
  const classes = ['Mitosis', 'Tumor', 'Necrosis'];
  return JSON.stringify({
    type: 'FeatureCollection',
    features: Array.from({ length: n }, (_, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [r() * width, r() * height] },
      properties: {
        objectType: 'detection',
        classification: { name: classes[i % classes.length] },
        measurements: { Probability: Math.round(r() * 1000) / 1000 },
      },
    })),
  });
}

/** 10,000 drawn-like annotations: octagons of ~60 px and points, four classes. */
export function annotationsGeoJson(width: number, height: number, n = ANNOTATIONS): string {
  const r = random(7);
  const classes = ['Tumor', 'Stroma', 'Necrosis', 'Other'];
  return JSON.stringify({
    type: 'FeatureCollection',
    features: Array.from({ length: n }, (_, i) => {
      const cx = 40 + r() * (width - 80);
      const cy = 40 + r() * (height - 80);
      const ring = Array.from({ length: 8 }, (_, k) => [
        cx + 30 * Math.cos((k * Math.PI) / 4),
        cy + 30 * Math.sin((k * Math.PI) / 4),
      ]);
      ring.push(ring[0]!);
      return {
        type: 'Feature',
        geometry:
          i % 4 === 3
            ? { type: 'Point', coordinates: [cx, cy] }
            : { type: 'Polygon', coordinates: [ring] },
        properties: {
          objectType: 'annotation',
          classification: { name: classes[i % classes.length] },
        },
      };
    }),
  });
}

interface PanFigures {
  p50: number;
  p95: number;
  /** The AI layer's own drawing per frame (p95), when it drew. */
  aiP95: number | null;
}

/** Pans around a square at a magnification (null: the whole slide); see the file comment. */
async function panFrames(page: Page, magnification: number | null): Promise<PanFigures> {
  await page.evaluate((m) => {
    const v = window.__viewer!;
    if (m === null) (v.osd.viewport as unknown as { goHome(now: boolean): void }).goHome(true);
    else v.goToMagnification(m);
  }, magnification);
  await page.waitForFunction(() => window.__viewer!.isFullyLoaded(), null, { timeout: 30_000 });
  const run = (loops: number) =>
    page.evaluate(
      async ({ loops, side, step }) => {
        const vp = window.__viewer!.osd.viewport as unknown as {
          panBy(delta: { x: number; y: number }, immediately: boolean): void;
          getContainerSize(): { x: number };
          getZoom(current: boolean): number;
        };
        // Viewport units per screen pixel (no rotation here).
        const unit = 1 / (vp.getContainerSize().x * vp.getZoom(true));
        const moves = [
          { x: step * unit, y: 0 },
          { x: 0, y: step * unit },
          { x: -step * unit, y: 0 },
          { x: 0, y: -step * unit },
        ];
        window.__aiOverlayDraws = [];
        const times: number[] = [];
        const total = loops * 4 * side;
        // No named function in here: tsx would wrap it in a helper the page does not have.
        for (let i = 0; i < total; i++) {
          const ts = await new Promise<number>((r) => requestAnimationFrame(r));
          vp.panBy(moves[Math.floor(i / side) % 4]!, true);
          const end = await new Promise<number>((r) => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => r(performance.now());
            channel.port2.postMessage(0);
          });
          times.push(end - ts);
        }
        return { times, ai: window.__aiOverlayDraws ?? [] };
      },
      { loops, side: SIDE_FRAMES, step: STEP_PX },
    );
  await run(1); // tiles of the square into OpenSeadragon's cache
  const { times, ai } = await run(2);
  // The first frames of a run wait for the previous one's leftovers.
  const sorted = times.slice(4).sort((a, b) => a - b);
  const aiSorted = [...ai].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    aiP95: aiSorted.length > 0 ? percentile(aiSorted, 95) : null,
  };
}

async function panAllZooms(page: Page): Promise<PanFigures[]> {
  const out: PanFigures[] = [];
  for (const z of ZOOMS) out.push(await panFrames(page, z.magnification));
  return out;
}

/** Waits until the browser has drawn two more frames (the overlay follows the store). */
async function drawn(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
  );
}

export async function benchAnnotations(
  host: TestHost,
  slide: BenchSlide,
  accession: string,
): Promise<string> {
  const ws = host.workstation.handlers;
  const { width, height } = slide.info;
  const browser = await launchChromium();
  const rows: (string | number)[][] = [
    ['overlay', 'zoom', 'p50 ms', 'p95 ms', 'p95 / none', 'AI layer p95 ms'],
  ];
  const lines: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    const page = await context.newPage();
    const existing = await ws.listAnnotations({ slideId: slide.slideId });
    if (existing.length > 0)
      throw new Error(`The bench slide already holds ${existing.length} annotations.`);

    await openSlide(page, host, accession, slide.slideId);
    const none = await panAllZooms(page);
    const add = (label: string, figures: PanFigures[]) =>
      figures.forEach((f, i) =>
        rows.push([
          label,
          ZOOMS[i]!.label,
          f.p50.toFixed(1),
          f.p95.toFixed(1),
          `${(f.p95 / none[i]!.p95).toFixed(2)}×`,
          f.aiP95 === null ? '–' : f.aiP95.toFixed(2),
        ]),
      );
    add('none', none);

    // 10,000 annotations, drawn by the annotation overlay.
    await ws.importAnnotations({
      slideId: slide.slideId,
      geojson: annotationsGeoJson(width, height),
    });
    await openSlide(page, host, accession, slide.slideId);
    await page.waitForFunction(
      (n) =>
        document
          .querySelector('[data-testid="annotation-total"]')
          ?.textContent?.replace(/\D/g, '') === String(n),
      ANNOTATIONS,
      { timeout: 60_000 },
    );
    await drawn(page);
    add(`${ANNOTATIONS.toLocaleString('en')} annotations`, await panAllZooms(page));
    for (const a of await ws.listAnnotations({ slideId: slide.slideId }))
      await ws.deleteAnnotation({ id: a.id });

    // 100,000 detections, imported through the window as a pathologist would.
    await openSlide(page, host, accession, slide.slideId);
    const geojson = detectionsGeoJson(width, height);
    const started = Date.now();
    await page.getByTestId('annotations-import-file').setInputFiles({
      name: 'detections.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(geojson),
    });
    await page.waitForFunction(
      (n) =>
        document.querySelector('[data-testid="ai-to-review"]')?.textContent?.replace(/\D/g, '') ===
        String(n),
      DETECTIONS,
      { timeout: 300_000, polling: 50 },
    );
    await drawn(page);
    const importMs = Date.now() - started;
    add(`${DETECTIONS.toLocaleString('en')} detections`, await panAllZooms(page));

    // For scale: the engine alone reading them back (what the window's reload asks).
    const t0 = performance.now();
    await ws.listAnnotations({ slideId: slide.slideId });
    const listMs = performance.now() - t0;
    lines.push(
      `Import ${DETECTIONS.toLocaleString('en')} detection points (${(geojson.length / 1e6).toFixed(1)} MB of GeoJSON) through the window, file chosen → drawn: ${(importMs / 1000).toFixed(1)} s (listing them again in the engine alone: ${(listMs / 1000).toFixed(2)} s)`,
    );
    await context.close();
  } finally {
    await browser.close();
  }
  const target = rows.find((r) => r[0] === `${DETECTIONS.toLocaleString('en')} detections`);
  return [
    `Annotations and AI overlay: pan frame time, 1600×900, ${SIDE_FRAMES * 8} frames of ${STEP_PX} px (Chromium, canvas drawer)`,
    table(rows),
    `Target: p95 with ${DETECTIONS.toLocaleString('en')} detections ≤ 1.5× p95 with none (${String(target?.[4] ?? '?')} at 40×).`,
    ...lines,
  ].join('\n');
}
