/**
 * Bounded fuzz test of the DICOM readers (issue 10, point 5), beside the TIFF one: the file
 * reader gets thousands of mutated Part 10 files, in a crafted series (TILED_FULL and
 * TILED_SPARSE levels, label, uncompressed thumbnail) and in a series written by
 * OrthancWSIDicomizer; the DICOMweb reader gets thousands of mutated series metadata
 * answers from a local HTTP server, through the real client. Each variant must open (and
 * then serve tiles and associated images) or fail with a WorkstationError of an expected
 * code, within a hang bound, with memory staying bounded. Figures go to the console and to
 * build/test-reports/dicom-fuzz.json.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkstationError } from '../../../common/errors';
import type { SlideSource } from '../slideSource';
import { openDicomFileSlide, openDicomFolderSlide } from '../dicomfile/dicomFileSlide';
import { DicomwebClient } from '../dicomweb/client';
import { openDicomwebSlide } from '../dicomweb/dicomwebSlide';
import { dataSetToJson, dicomParser } from './parserAdapter';
import type { CraftedInstance } from './testing/craftedSeries';
import { wsiElements } from './testing/craftedSeries';
import { writeDicomFile } from './testing/dicomWriter';
import { buildTestSeries } from '../../testing/orthanc/fixtures';
import { mutateJson } from './testing/jsonMutations';
import type { Part10Seed } from './testing/part10Mutations';
import { mutatePart10, part10Seed, pick, rng } from './testing/part10Mutations';

const PART10_VARIANTS = 2000;
const JSON_VARIANTS = 2000;
/** A variant taking longer than this is a hang. */
const HANG_MS = 5000;
/** RSS may grow this much over a run: a count-driven allocation would take gigabytes. */
const MAX_RSS_GROWTH = 500 << 20;
const REPORT = resolve(import.meta.dirname, '../../../../build/test-reports/dicom-fuzz.json');

interface Figures {
  variants: number;
  opened: number;
  /** Variants refused at open, by error code. */
  refused: Record<string, number>;
  /** Failed tile and associated image reads of the opened variants, by error code. */
  readErrors: Record<string, number>;
  slowestMs: number;
  slowestKind: string;
  maxRssGrowthMB: number;
  /** The process's largest RSS seen during the run (the test runner's own share included). */
  maxRssMB: number;
}
const report: Record<string, Figures> = {};

interface Outcome {
  /** The code the open failed with, or null when the slide opened. */
  refused: string | null;
  readErrors: string[];
}

/**
 * Opens, reads the first and last tile of every level and the associated images. Every
 * error must be a WorkstationError with an allowed code; a tile outside the grid must be
 * not_found, whatever the metadata said.
 */
async function exercise(
  open: () => Promise<SlideSource>,
  allowed: ReadonlySet<string>,
): Promise<Outcome> {
  const codeOf = (e: unknown): string => {
    if (!(e instanceof WorkstationError))
      throw new Error(`non-WorkstationError thrown: ${String(e)}`, { cause: e });
    if (!allowed.has(e.code))
      throw new Error(`unexpected code ${e.code}: ${e.message}`, { cause: e });
    return e.code;
  };
  let slide: SlideSource;
  try {
    slide = await open();
  } catch (e) {
    return { refused: codeOf(e), readErrors: [] };
  }
  const readErrors: string[] = [];
  const read = (fn: () => Promise<unknown>) =>
    fn().then(
      () => undefined,
      (e: unknown) => void readErrors.push(codeOf(e)),
    );
  try {
    for (const [li, level] of slide.metadata.levels.entries()) {
      const cols = Math.ceil(level.width / level.tileWidth);
      const rows = Math.ceil(level.height / level.tileHeight);
      await Promise.all([
        read(() => slide.readTile(li, 0, 0)),
        read(() => slide.readTile(li, cols - 1, rows - 1)),
        expect(slide.readTile(li, cols, 0)).rejects.toMatchObject({ code: 'not_found' }),
      ]);
    }
    for (const name of slide.metadata.associated) await read(() => slide.readAssociated(name));
  } finally {
    await slide.close();
  }
  return { refused: null, readErrors };
}

/** Runs the variants one after the other, with a hang bound and RSS sampling. */
async function fuzz(
  name: string,
  variants: number,
  allowed: ReadonlySet<string>,
  variant: (i: number) => Promise<{ kind: string; open: () => Promise<SlideSource> }>,
): Promise<Figures> {
  const rssStart = process.memoryUsage().rss;
  let rssMax = rssStart;
  const figures: Figures = {
    variants,
    opened: 0,
    refused: {},
    readErrors: {},
    slowestMs: 0,
    slowestKind: '',
    maxRssGrowthMB: 0,
    maxRssMB: 0,
  };
  for (let i = 0; i < variants; i++) {
    const { kind, open } = await variant(i);
    const t0 = performance.now();
    let timer: NodeJS.Timeout | undefined;
    let outcome: Outcome;
    try {
      const hang = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`hung over ${HANG_MS} ms`)), HANG_MS);
      });
      outcome = await Promise.race([exercise(open, allowed), hang]);
    } catch (e) {
      throw new Error(
        `${name} variant ${i} (${kind}): ${e instanceof Error ? e.message : String(e)}`,
        {
          cause: e,
        },
      );
    } finally {
      clearTimeout(timer);
    }
    const ms = performance.now() - t0;
    expect(ms, `${name} variant ${i} (${kind})`).toBeLessThan(HANG_MS);
    if (ms > figures.slowestMs) [figures.slowestMs, figures.slowestKind] = [ms, kind];
    const count = (into: Record<string, number>, code: string) => {
      into[code] = (into[code] ?? 0) + 1;
    };
    if (outcome.refused === null) figures.opened++;
    else count(figures.refused, outcome.refused);
    for (const c of outcome.readErrors) count(figures.readErrors, c);
    if (i % 25 === 0) rssMax = Math.max(rssMax, process.memoryUsage().rss);
  }
  rssMax = Math.max(rssMax, process.memoryUsage().rss);
  figures.slowestMs = Math.round(figures.slowestMs);
  figures.maxRssGrowthMB = Math.round((rssMax - rssStart) / 2 ** 20);
  figures.maxRssMB = Math.round(rssMax / 2 ** 20);
  report[name] = figures;
  console.log(
    `${name} fuzz: ${variants} variants, ${figures.opened} opened, refused ${JSON.stringify(figures.refused)}, ` +
      `read errors ${JSON.stringify(figures.readErrors)}, ` +
      `slowest ${figures.slowestMs} ms (${figures.slowestKind}), RSS +${figures.maxRssGrowthMB} MB (max ${figures.maxRssMB} MB)`,
  );
  // Both outcomes happen, or the mutations test nothing; memory stays bounded.
  expect(figures.opened).toBeGreaterThan(variants / 10);
  expect(figures.refused['corrupt'] ?? 0).toBeGreaterThan(variants / 10);
  expect(rssMax - rssStart).toBeLessThan(MAX_RSS_GROWTH);
  return figures;
}

/** A series: its folder, and its files as seeds, in order. */
interface SeedSeries {
  dir: string;
  files: Array<{ path: string; seed: Part10Seed }>;
}

let work: string;
let crafted: SeedSeries;
let dicomized: SeedSeries;

/** The crafted series: a TILED_FULL level, a TILED_SPARSE one, a label, a raw thumbnail. */
async function craftSeries(dir: string): Promise<SeedSeries> {
  await mkdir(dir, { recursive: true });
  const jpeg = new Uint8Array(
    await sharp({ create: { width: 32, height: 32, channels: 3, background: '#c08040' } })
      .jpeg({ quality: 70 })
      .toBuffer(),
  );
  // Fixed UIDs: the same bytes every run, so that the seeded mutations are the same too.
  const uid = (n: number) => `1.2.826.0.1.3680043.10.1151.${n}`;
  const base = { studyUID: uid(1), seriesUID: uid(2), tile: 32 };
  const specs: Array<[CraftedInstance, 'jpeg' | 'native']> = [
    [{ ...base, instanceUID: uid(10), width: 64, height: 64, frames: 4 }, 'jpeg'],
    [
      { ...base, instanceUID: uid(11), width: 32, height: 32, frames: 1, positions: [[1, 1]] },
      'jpeg',
    ],
    [{ ...base, instanceUID: uid(12), width: 32, height: 32, frames: 1, flavor: 'LABEL' }, 'jpeg'],
    [
      {
        ...base,
        instanceUID: uid(13),
        width: 16,
        height: 16,
        tile: 16,
        frames: 1,
        flavor: 'THUMBNAIL',
      },
      'native',
    ],
  ];
  const files = specs.map(([c, kind], i) => {
    const elements = wsiElements(c).map((e) =>
      kind === 'native' && e.tag === '00280004' ? { ...e, value: 'RGB' } : e,
    );
    const step = 8 + jpeg.length + (jpeg.length % 2);
    const pixels =
      kind === 'native'
        ? { native: new Uint8Array(c.tile * c.tile * 3).fill(200) }
        : {
            fragments: Array.from({ length: c.frames }, () => jpeg),
            basicOffsetTable: Array.from({ length: c.frames }, (_, f) => f * step),
          };
    const bytes = writeDicomFile(elements, pixels);
    const model = 'native' in pixels ? null : { elements, pixels };
    return { path: join(dir, `${i}.dcm`), seed: part10Seed(`crafted-${i}`, bytes, model) };
  });
  for (const f of files) await writeFile(f.path, f.seed.bytes);
  return { dir, files };
}

async function converterSeries(dir: string): Promise<SeedSeries> {
  const s = await buildTestSeries(dir, {
    width: 256,
    height: 128,
    tileSize: 64,
    studyUID: '1.2.826.0.1.3680043.10.1151.3',
    seriesUID: '1.2.826.0.1.3680043.10.1151.4',
    label: { width: 64, height: 32 },
  });
  const files = await Promise.all(
    s.files.map(async (path) => ({
      path,
      seed: part10Seed(basename(path), new Uint8Array(await readFile(path))),
    })),
  );
  return { dir, files };
}

function asJson(series: SeedSeries): Array<Record<string, never>> {
  return series.files.map(
    (f) => dataSetToJson(dicomParser.parseDicom(f.seed.bytes)) as Record<string, never>,
  );
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'lpw-dicom-fuzz-'));
  crafted = await craftSeries(join(work, 'crafted'));
  dicomized = await converterSeries(join(work, 'dicomized'));
}, 60_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  if (Object.keys(report).length > 0) {
    await mkdir(resolve(REPORT, '..'), { recursive: true });
    await writeFile(REPORT, `${JSON.stringify(report, null, 2)}\n`);
  }
});

describe('DICOM reader fuzz', () => {
  it(`survives ${PART10_VARIANTS} mutated Part 10 files`, async () => {
    // The seeds open and serve every tile asked.
    for (const s of [crafted, dicomized]) {
      expect(await exercise(() => openDicomFolderSlide(s.dir), new Set())).toEqual({
        refused: null,
        readErrors: [],
      });
    }
    const random = rng(0xd1c0);
    let restore: { path: string; bytes: Uint8Array } | null = null;
    // Several series in a folder (a mutated SeriesInstanceUID) is a typed refusal too.
    const allowed = new Set(['corrupt', 'unsupported', 'not_found', 'invalid_argument']);
    await fuzz('part10', PART10_VARIANTS, allowed, async (i) => {
      if (restore !== null) await writeFile(restore.path, restore.bytes);
      const series = i % 5 < 3 ? crafted : dicomized;
      const file = pick(random, series.files);
      const { bytes, kind } = mutatePart10(file.seed, random);
      await writeFile(file.path, bytes);
      restore = { path: file.path, bytes: file.seed.bytes };
      // Half the time through the large-file path (attributes first, frames walked); the
      // folder (where a damaged file is skipped) or the file itself, with its siblings.
      const options = { wholeFileLimit: i % 2 === 0 ? undefined : 0 };
      return {
        kind: `${file.seed.name}:${kind}`,
        open: () =>
          i % 4 < 2
            ? openDicomFolderSlide(series.dir, options)
            : openDicomFileSlide(file.path, options),
      };
    });
  }, 180_000);

  it(`survives ${JSON_VARIANTS} mutated DICOMweb series metadata answers`, async () => {
    const frame = new Uint8Array(
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
        .jpeg()
        .toBuffer(),
    );
    let answer = '[]';
    const server = createServer((req, res) => {
      const url = req.url ?? '';
      const frames = /\/frames\/([\d,]+)$/.exec(url)?.[1]?.split(',');
      if (url.endsWith('/metadata')) {
        res.writeHead(200, { 'content-type': 'application/dicom+json' }).end(answer);
      } else if (frames !== undefined) {
        const parts = frames.map((_, i) =>
          Buffer.concat([
            Buffer.from(`${i === 0 ? '' : '\r\n'}--fuzz\r\nContent-Type: image/jpeg\r\n\r\n`),
            frame,
          ]),
        );
        res
          .writeHead(200, { 'content-type': 'multipart/related; type="image/jpeg"; boundary=fuzz' })
          .end(Buffer.concat([...parts, Buffer.from('\r\n--fuzz--\r\n')]));
      } else if (url.endsWith('/rendered')) {
        res.writeHead(200, { 'content-type': 'image/jpeg' }).end(frame);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const { port } = server.address() as AddressInfo;
      const client = new DicomwebClient({
        baseUrl: `http://127.0.0.1:${port}/dicom-web`,
        timeoutMs: HANG_MS,
      });
      const seeds = [asJson(crafted), asJson(dicomized)];
      for (const seed of seeds) {
        answer = JSON.stringify(seed);
        expect(
          await exercise(() => openDicomwebSlide(client, '1.2.3', '1.2.3.4'), new Set()),
        ).toEqual({ refused: null, readErrors: [] });
      }
      const random = rng(0x15e0);
      const allowed = new Set(['corrupt', 'unsupported', 'not_found']);
      await fuzz('dicomweb', JSON_VARIANTS, allowed, (i) => {
        const { text, kind } = mutateJson(seeds[i % 2] ?? [], random);
        answer = text;
        return Promise.resolve({ kind, open: () => openDicomwebSlide(client, '1.2.3', '1.2.3.4') });
      });
    } finally {
      await new Promise((done) => server.close(done));
    }
  }, 180_000);
});
