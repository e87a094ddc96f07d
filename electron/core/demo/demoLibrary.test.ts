import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { OverlayOptions } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWorkstationError } from '../../common/errors';
import { CASE_MANIFEST_FILE, CaseManifestSchema } from '../library/caseManifest';
import type { CaseManifest } from '../library/caseManifest';
import { scanLibraryFolder } from '../library/scanLibrary';
import { openTiffSlide } from '../sources/tiff/tiffSlide';
import { openSlideAny } from '../sources/openSlide';
import { DEMO_GENERATOR_VERSION, DEMO_VERSION_FILE, generateDemoLibrary } from './demoLibrary';
import type { DemoLibraryResult } from './demoLibrary';

/** Where the pictures of the generated slides go, for people to look at. */
const PREVIEW_DIR = path.join(os.tmpdir(), 'demo-library-preview');
const NOW = new Date('2026-03-10T08:30:00Z');

let root: string;
let dir: string;
let first: DemoLibraryResult;
let firstMs: number;
const progress: [number, number][] = [];

async function manifests(): Promise<{ folder: string; manifest: CaseManifest }[]> {
  const out: { folder: string; manifest: CaseManifest }[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const text = await fs.readFile(path.join(dir, e.name, CASE_MANIFEST_FILE), 'utf8');
    out.push({
      folder: path.join(dir, e.name),
      manifest: CaseManifestSchema.parse(JSON.parse(text)),
    });
  }
  return out;
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'demo-lib-'));
  dir = path.join(root, 'demo-library');
  const t0 = performance.now();
  first = await generateDemoLibrary(dir, { now: NOW, onProgress: (d, t) => progress.push([d, t]) });
  firstMs = performance.now() - t0;
  console.log(
    `demo library: ${first.cases} cases, ${first.slides} slides in ${(firstMs / 1000).toFixed(2)} s`,
  );
});

afterAll(async () => {
  if (root) await fs.rm(root, { recursive: true, force: true });
});

describe('generateDemoLibrary', () => {
  it('names no earlier accession it does not hold, and gives every case its parts and blocks', async () => {
    const cases = await manifests();
    const accessions = new Set(cases.map((c) => c.manifest.accession));
    for (const { manifest } of cases) {
      const named = `${manifest.specimen ?? ''} ${manifest.clinicalInfo ?? ''}`.match(
        /\b[BCEP]\d{2}-\d{6}\b/g,
      );
      for (const accession of named ?? []) expect(accessions).toContain(accession);
      expect(manifest.clinicalInfo).toBeTruthy();
      expect(manifest.parts?.length).toBeGreaterThanOrEqual(1);
      const blocks = new Set(manifest.blocks?.map((b) => b.id));
      for (const s of manifest.slides ?? []) expect(blocks).toContain(s.block);
    }
  });

  it('writes at least six cases whose case.json validates, with 1–6 slides each', async () => {
    expect(first.reused).toBe(false);
    const cases = await manifests();
    expect(cases.length).toBeGreaterThanOrEqual(6);
    expect(first.cases).toBe(cases.length);
    let slides = 0;
    for (const { folder, manifest } of cases) {
      const listed = manifest.slides ?? [];
      expect(listed.length).toBeGreaterThanOrEqual(1);
      expect(listed.length).toBeLessThanOrEqual(6);
      for (const s of listed)
        await expect(fs.stat(path.join(folder, s.file))).resolves.toBeTruthy();
      expect(manifest.accession).toMatch(/^[BCEP]\d{2}-\d{6}$/);
      expect(manifest.patient?.id).toMatch(/^8\d{7}$/);
      // Received in the last few days before generation.
      const received = Date.parse(manifest.receivedAt ?? '');
      expect(received).toBeLessThanOrEqual(NOW.getTime());
      // A signed-out case may be a patient's earlier case (a prior), up to a year old.
      const days = manifest.status === 'signed_out' ? 366 : 7;
      expect(NOW.getTime() - received).toBeLessThan(days * 86_400_000);
      slides += listed.length;
    }
    expect(first.slides).toBe(slides);
  });

  it('covers every priority and status, and mixes H&E with IHC', async () => {
    const cases = (await manifests()).map((c) => c.manifest);
    expect(new Set(cases.map((c) => c.priority))).toEqual(new Set(['frozen', 'urgent', 'routine']));
    expect(new Set(cases.map((c) => c.status))).toEqual(
      new Set(['new', 'in_progress', 'pending_ihc', 'signed_out']),
    );
    const stains = new Set(cases.flatMap((c) => (c.slides ?? []).map((s) => s.stain)));
    for (const s of ['HE', 'Ki-67', 'HER2', 'CD20', 'p63']) expect(stains).toContain(s);
  });

  it('reports progress up to the total', () => {
    expect(progress[0]).toEqual([0, first.slides]);
    expect(progress.at(-1)).toEqual([first.slides, first.slides]);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]?.[0]).toBe((progress[i - 1]?.[0] ?? 0) + 1);
  });

  it('is read by the local-library scanner as written', async () => {
    const scan = await scanLibraryFolder(dir, 'demo');
    expect(scan.errors).toEqual([]);
    expect(scan.records.length).toBe(first.cases);
    expect(scan.records.reduce((n, r) => n + r.slides.length, 0)).toBe(first.slides);
  });

  it('writes Aperio SVS slides at 40× (0.25 µm/px) with a ×4 pyramid and associated images', async () => {
    const cases = await manifests();
    const breast = cases.find((c) => c.manifest.slides?.some((s) => s.stain === 'HER2'));
    const file = breast?.manifest.slides?.find((s) => s.stain === 'HER2')?.file;
    expect(file).toBeDefined();
    const slide = await openTiffSlide(path.join(breast?.folder ?? '', file ?? ''));
    try {
      const m = slide.metadata;
      expect(m.format).toBe('aperio-svs');
      expect(m.mpp).toEqual({ x: 0.25, y: 0.25 });
      expect(m.objectivePower).toBe(40);
      expect(m.width).toBeGreaterThanOrEqual(6000);
      expect(m.levels.map((l) => l.downsample)).toEqual([1, 4, 16]);
      expect(m.levels.every((l) => l.tileWidth === 256 && l.tileHeight === 256)).toBe(true);
      expect(new Set(m.associated)).toEqual(new Set(['label', 'macro', 'thumbnail']));
      const label = await slide.readAssociated('label');
      expect(label.contentType).toBe('image/jpeg');
    } finally {
      await slide.close();
    }
  });

  it('writes one generic pyramidal TIFF with its resolution', async () => {
    const cases = await manifests();
    const tif = cases
      .flatMap((c) => (c.manifest.slides ?? []).map((s) => path.join(c.folder, s.file)))
      .filter((f) => f.endsWith('.tif'));
    expect(tif.length).toBeGreaterThanOrEqual(1);
    const slide = await openTiffSlide(tif[0] ?? '');
    try {
      expect(slide.metadata.format).toBe('tiff');
      expect(slide.metadata.mpp?.x).toBeCloseTo(0.25, 5);
      expect(slide.metadata.levels.map((l) => l.downsample)).toEqual([1, 4, 16]);
    } finally {
      await slide.close();
    }
  });

  it('has one deliberately truncated slide, in a case whose other slides open', async () => {
    const cases = await manifests();
    const withBad = cases.filter((c) =>
      (c.manifest.slides ?? []).some((s) => /tronqué|corrompu/i.test(s.label ?? '')),
    );
    expect(withBad.length).toBe(1);
    const c = withBad[0];
    if (!c) return;
    let good = 0;
    for (const s of c.manifest.slides ?? []) {
      const file = path.join(c.folder, s.file);
      if (/tronqué|corrompu/i.test(s.label ?? '')) {
        const err: unknown = await openTiffSlide(file).then(
          async (opened) => {
            await opened.close();
            return null;
          },
          (e: unknown) => e,
        );
        expect(isWorkstationError(err) && err.code).toBe('corrupt');
      } else {
        const slide = await openTiffSlide(file);
        await slide.close();
        good++;
      }
    }
    expect(good).toBeGreaterThanOrEqual(2);
  });

  it('draws tissue: renders a 40× region and a low-power view to PNG for people to look at', async () => {
    await fs.mkdir(PREVIEW_DIR, { recursive: true });
    const cases = await manifests();
    let checked = 0;
    for (const { folder, manifest } of cases) {
      // Serial sections: look at the same place on every slide of the case.
      let spot: { col: number; row: number } | null = null;
      // Real-size slides (rendered on demand) are drawn by bigSlide's own tests.
      const drawn = (manifest.slides ?? []).filter(
        (x) => !/tronqué/.test(x.label ?? '') && !x.file.endsWith('.demoslide'),
      );
      for (const s of drawn) {
        const slide = await openTiffSlide(path.join(folder, s.file));
        try {
          const { levels } = slide.metadata;
          const low = levels[levels.length - 1];
          if (!low) throw new Error('no levels');
          // Low power: the smallest level, assembled from its tiles.
          const lowTiles: OverlayOptions[] = [];
          for (let r = 0; r * low.tileHeight < low.height; r++) {
            for (let c = 0; c * low.tileWidth < low.width; c++) {
              const t = await slide.readTile(levels.length - 1, c, r);
              lowTiles.push({
                input: Buffer.from(t.bytes),
                left: c * low.tileWidth,
                top: r * low.tileHeight,
              });
            }
          }
          const name = `${manifest.accession}-${s.file.replace(/\.\w+$/, '')}`;
          const lowPng = path.join(PREVIEW_DIR, `${name}-low.png`);
          // Edge tiles are stored whole (padded): draw on a tile-aligned canvas, then crop.
          const canvas = await sharp({
            create: {
              width: Math.ceil(low.width / low.tileWidth) * low.tileWidth,
              height: Math.ceil(low.height / low.tileHeight) * low.tileHeight,
              channels: 3,
              background: '#fff',
            },
          })
            .composite(lowTiles)
            .raw()
            .toBuffer({ resolveWithObject: true });
          await sharp(canvas.data, { raw: canvas.info })
            .extract({ left: 0, top: 0, width: low.width, height: low.height })
            .png()
            .toFile(lowPng);
          // 40×: the 2 × 2 level-0 tiles around the most tissue-rich spot of the first slide.
          if (!spot) {
            const stats = await sharp(lowPng).raw().toBuffer({ resolveWithObject: true });
            let best = { x: 0, y: 0, v: -1 };
            const { width, height, channels } = stats.info;
            // The window of 2 × 2 level-0 tiles (512 px) with the most stain in it.
            const win = 512 / low.downsample;
            const darkness = (x: number, y: number): number => {
              const i = (y * width + x) * channels;
              return (
                765 - (stats.data[i] ?? 0) - (stats.data[i + 1] ?? 0) - (stats.data[i + 2] ?? 0)
              );
            };
            for (let y = 0; y + win < height; y += 4) {
              for (let x = 0; x + win < width; x += 4) {
                let v = 0;
                for (let yy = y; yy < y + win; yy += 4)
                  for (let xx = x; xx < x + win; xx += 4) v += darkness(xx, yy);
                if (v > best.v) best = { x, y, v };
              }
            }
            spot = {
              col: Math.floor((best.x * low.downsample) / 256),
              row: Math.floor((best.y * low.downsample) / 256),
            };
          }
          const { col, row } = spot;
          const tiles: OverlayOptions[] = [];
          for (let r = 0; r < 2; r++) {
            for (let c = 0; c < 2; c++) {
              const t = await slide.readTile(0, col + c, row + r);
              tiles.push({ input: Buffer.from(t.bytes), left: c * 256, top: r * 256 });
            }
          }
          const hi = await sharp({
            create: { width: 512, height: 512, channels: 3, background: '#fff' },
          })
            .composite(tiles)
            .png()
            .toBuffer();
          await fs.writeFile(path.join(PREVIEW_DIR, `${name}-40x.png`), hi);
          // Tissue, not bare glass (243, 242, 240): most pixels are stained.
          const px = await sharp(hi).raw().toBuffer();
          let stained = 0;
          for (let i = 0; i < px.length; i += 3)
            if ((px[i] ?? 0) + (px[i + 1] ?? 0) + (px[i + 2] ?? 0) < 700) stained++;
          expect(stained / (px.length / 3)).toBeGreaterThan(0.3);
          checked++;
        } finally {
          await slide.close();
        }
      }
    }
    const realSize = cases
      .flatMap((c) => c.manifest.slides ?? [])
      .filter((x) => x.file.endsWith('.demoslide'));
    expect(checked).toBe(first.slides - 1 - realSize.length);
  });

  it('writes real-size slides: needle cores about 15 × 1 mm and a 20 × 15 mm resection, rendered on demand', async () => {
    const cases = await manifests();
    const files = cases.flatMap((c) =>
      (c.manifest.slides ?? [])
        .filter((s) => s.file.endsWith('.demoslide'))
        .map((s) => ({ path: path.join(c.folder, s.file), stain: s.stain, scanArea: s.scanArea })),
    );
    // Two slides of three prostate cores, and a resection in H&E and ER (serial sections).
    expect(files.length).toBe(4);
    const sizes: string[] = [];
    const identities = new Set<string>();
    for (const f of files) {
      expect(f.scanArea).toBeDefined();
      // Small files: the pixels are not written, only the label, macro and thumbnail.
      expect((await fs.stat(f.path)).size).toBeLessThan(1_000_000);
      const slide = await openSlideAny(f.path);
      try {
        const m = slide.metadata;
        expect(m.format).toBe('demo');
        expect(m.mpp).toEqual({ x: 0.25, y: 0.25 });
        expect(m.objectivePower).toBe(40);
        expect(m.levels.map((l) => l.downsample)).toEqual([1, 4, 16, 64, 256]);
        sizes.push(
          `${Math.round((m.width * 0.25) / 1000)}x${Math.round((m.height * 0.25) / 1000)}`,
        );
        identities.add(slide.identity);
        const thumb = await slide.readAssociated('thumbnail');
        expect((await sharp(thumb.bytes).metadata()).width).toBe(m.levels.at(-1)?.width);
      } finally {
        await slide.close();
      }
    }
    expect(sizes.sort()).toEqual(['16x4', '16x4', '20x15', '20x15']);
    expect(identities.size).toBe(4);
  });

  it('reuses a complete library without rewriting it', async () => {
    const marker = path.join(dir, DEMO_VERSION_FILE);
    const before = (await fs.stat(marker)).mtimeMs;
    const again = await generateDemoLibrary(dir);
    expect(again).toEqual({ cases: first.cases, slides: first.slides, reused: true });
    expect((await fs.stat(marker)).mtimeMs).toBe(before);
  });

  it('discards a half-written library and the leftovers of a crashed run, then regenerates', async () => {
    // A crash before the rename: a temp folder of a process that is gone, and a library
    // folder without its marker (as an older or interrupted generator would leave it).
    const stale = path.join(root, 'demo-library.tmp-999999-deadbeef');
    await fs.mkdir(path.join(stale, 'B26-000001'), { recursive: true });
    await fs.writeFile(path.join(stale, 'B26-000001', 'A1-HE.svs'), 'half a file');
    await fs.rm(path.join(dir, DEMO_VERSION_FILE));
    await fs.writeFile(path.join(dir, 'leftover.svs'), 'not a slide');

    // Two concurrent callers share one generation.
    const [a, b] = await Promise.all([
      generateDemoLibrary(dir, { now: NOW }),
      generateDemoLibrary(dir, { now: NOW }),
    ]);
    expect(a).toEqual({ cases: first.cases, slides: first.slides, reused: false });
    expect(b).toEqual(a);
    await expect(fs.stat(stale)).rejects.toThrow();
    await expect(fs.stat(path.join(dir, 'leftover.svs'))).rejects.toThrow();
    const marker = JSON.parse(await fs.readFile(path.join(dir, DEMO_VERSION_FILE), 'utf8')) as {
      version: number;
    };
    expect(marker.version).toBe(DEMO_GENERATOR_VERSION);
    expect((await fs.readdir(root)).sort()).toEqual(['demo-library']);
  }, 120_000);

  it('reports a folder it cannot write as a WorkstationError', async () => {
    const blocker = path.join(root, 'not-a-folder');
    await fs.writeFile(blocker, 'x');
    const err: unknown = await generateDemoLibrary(path.join(blocker, 'demo-library')).catch(
      (e: unknown) => e,
    );
    expect(isWorkstationError(err)).toBe(true);
  });
});
