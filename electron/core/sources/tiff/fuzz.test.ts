/**
 * Bounded fuzz test of the TIFF reader: 2,000 deterministic mutations of two small slides
 * (an Aperio SVS with JPEGTables, thumbnail and LZW label, and an LZW BigTIFF), each
 * opened from memory and exercised (metadata, a few tiles, associated images). Every
 * outcome must be success or a WorkstationError with an actionable code, quickly, with
 * memory staying bounded.
 */
import { describe, expect, it } from 'vitest';
import { WorkstationError } from '../../../common/errors';
import { bufferSource } from './byteSource';
import { smallSvsOptions, fixtureRegionSource } from './testFixtures';
import { encodePyramidalTiff } from '../../demo/tiffWriter';
import { TiffParser } from './tiffParser';
import { openTiffSlideFromBuffer } from './tiffSlide';
import { TAG } from './tiffTags';

const VARIANTS = 2000;
const PER_VARIANT_MS = 5000;
const ALLOWED_CODES = new Set(['corrupt', 'unsupported', 'not_found']);

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface EntryLocation {
  tag: number;
  /** File offset of the entry (tag, type, count, value). */
  at: number;
  /** File offset of an out-of-line value, or -1. */
  valueAt: number;
}

interface Seed {
  bytes: Uint8Array;
  bigtiff: boolean;
  entries: EntryLocation[];
  /** Offsets of the "next IFD" links. */
  links: number[];
}

async function makeSeed(bytes: Uint8Array): Promise<Seed> {
  const parser = await TiffParser.open(bufferSource(bytes));
  const chain = await parser.readChain();
  const entrySize = parser.bigtiff ? 20 : 12;
  const countSize = parser.bigtiff ? 8 : 2;
  const entries: EntryLocation[] = [];
  const links: number[] = [];
  for (const ifd of chain) {
    [...ifd.entries.values()].forEach((e, i) => {
      entries.push({
        tag: e.tag,
        at: ifd.offset + countSize + i * entrySize,
        valueAt: e.valueOffset,
      });
    });
    links.push(ifd.offset + countSize + ifd.entries.size * entrySize);
  }
  return { bytes, bigtiff: parser.bigtiff, entries, links };
}

const INTERESTING = [
  0, 1, 2, 0x7f, 0xff, 0x100, 0xffff, 0x10000, 0x7fffffff, 0xffffffff, 0xfffffffe,
];

function mutate(seed: Seed, random: () => number): { bytes: Uint8Array; kind: string } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const bytes = new Uint8Array(seed.bytes);
  const view = new DataView(bytes.buffer);
  const size = bytes.length;
  const interesting = [...INTERESTING, size - 1, size, size + 1, Math.floor(size / 2)];
  const kind = pick([
    'bitflip',
    'truncate',
    'entry-count',
    'entry-value',
    'dims',
    'tile-table',
    'link',
    'block',
    'multi',
  ]);
  const rounds = kind === 'multi' ? 2 + Math.floor(random() * 4) : 1;
  let out = bytes;
  for (let r = 0; r < rounds; r++) {
    const k =
      kind === 'multi'
        ? pick(['bitflip', 'entry-count', 'entry-value', 'dims', 'tile-table', 'link', 'block'])
        : kind;
    const entry = pick(seed.entries);
    const valuePos = entry.at + (seed.bigtiff ? 12 : 8);
    switch (k) {
      case 'bitflip': {
        const n = 1 + Math.floor(random() * 8);
        for (let i = 0; i < n; i++) {
          // Half the flips land in directory entries, where they matter most.
          const p =
            random() < 0.5
              ? entry.at + Math.floor(random() * (seed.bigtiff ? 20 : 12))
              : Math.floor(random() * size);
          out[p] = (out[p] ?? 0) ^ (1 << Math.floor(random() * 8));
        }
        break;
      }
      case 'truncate':
        out = bytes.slice(0, Math.floor(random() * size));
        break;
      case 'entry-count':
        if (seed.bigtiff) view.setBigUint64(entry.at + 4, BigInt(pick(interesting)), true);
        else view.setUint32(entry.at + 4, pick(interesting), true);
        break;
      case 'entry-value':
        if (seed.bigtiff) view.setBigUint64(valuePos, BigInt(pick(interesting)), true);
        else view.setUint32(valuePos, pick(interesting), true);
        break;
      case 'dims': {
        const dims = seed.entries.filter((e) =>
          [
            TAG.ImageWidth,
            TAG.ImageLength,
            TAG.TileWidth,
            TAG.TileLength,
            TAG.RowsPerStrip,
            TAG.SamplesPerPixel,
          ].includes(e.tag as 256),
        );
        const d = pick(dims);
        view.setUint32(
          d.at + (seed.bigtiff ? 12 : 8),
          pick([0, 1, 3, 1 << 20, (1 << 20) + 1, 1 << 24, 0x7fffffff, 0xffffffff]),
          true,
        );
        break;
      }
      case 'tile-table': {
        const tables = seed.entries.filter(
          (e) =>
            [TAG.TileOffsets, TAG.TileByteCounts, TAG.StripOffsets, TAG.StripByteCounts].includes(
              e.tag as 324,
            ) && e.valueAt >= 0,
        );
        const t = pick(tables);
        const width = seed.bigtiff ? 8 : 4;
        const p = t.valueAt + width * Math.floor(random() * 4);
        if (p + width <= out.length) {
          if (seed.bigtiff)
            view.setBigUint64(
              p,
              BigInt(pick(interesting)) * BigInt(random() < 0.1 ? 1 << 30 : 1),
              true,
            );
          else view.setUint32(p, pick(interesting), true);
        }
        break;
      }
      case 'link': {
        const link = pick(seed.links);
        const target = pick([0, 8, 16, seed.links[0] ?? 0, entry.at - 2, size, 0xffffffff]);
        if (seed.bigtiff) view.setBigUint64(link, BigInt(target), true);
        else view.setUint32(link, target >>> 0, true);
        break;
      }
      case 'block': {
        const start = Math.floor(random() * size);
        const len = Math.min(size - start, 1 + Math.floor(random() * 64));
        for (let i = 0; i < len; i++) out[start + i] = Math.floor(random() * 256);
        break;
      }
    }
  }
  return { bytes: out, kind };
}

async function exercise(bytes: Uint8Array): Promise<{ opened: boolean; codes: string[] }> {
  const codes: string[] = [];
  const attempt = async (fn: () => Promise<unknown>): Promise<boolean> => {
    try {
      await fn();
      return true;
    } catch (e) {
      if (!(e instanceof WorkstationError))
        throw new Error(`non-WorkstationError thrown: ${String(e)}`, { cause: e });
      if (!ALLOWED_CODES.has(e.code))
        throw new Error(`unexpected code ${e.code}: ${e.message}`, { cause: e });
      codes.push(e.code);
      return false;
    }
  };
  let slide: Awaited<ReturnType<typeof openTiffSlideFromBuffer>> | null = null;
  await attempt(async () => {
    slide = await openTiffSlideFromBuffer(bytes);
  });
  const s = slide as Awaited<ReturnType<typeof openTiffSlideFromBuffer>> | null;
  if (!s) return { opened: false, codes };
  const { levels, associated } = s.metadata;
  expect(levels.length).toBeGreaterThan(0);
  for (const [li, level] of levels.entries()) {
    const cols = Math.ceil(level.width / level.tileWidth);
    const rows = Math.ceil(level.height / level.tileHeight);
    await attempt(() => s.readTile(li, 0, 0));
    await attempt(() => s.readTile(li, cols - 1, rows - 1));
    await attempt(() => s.readTile(li, cols, 0));
  }
  for (const name of associated) await attempt(() => s.readAssociated(name));
  await s.close();
  return { opened: true, codes };
}

describe('TIFF reader fuzz', () => {
  it(`survives ${VARIANTS} mutated files: success or an actionable WorkstationError, fast, bounded memory`, async () => {
    const svs = await makeSeed(await encodePyramidalTiff(smallSvsOptions()));
    const big = await makeSeed(
      await encodePyramidalTiff({
        image: fixtureRegionSource(200, 150, 64),
        format: 'bigtiff',
        tileSize: 64,
        compression: 'lzw',
        predictor: true,
        mpp: 0.25,
      }),
    );
    // The seeds themselves are fine: only the deliberate out-of-grid reads fail.
    for (const seed of [svs, big]) {
      const { opened, codes } = await exercise(seed.bytes);
      expect(opened).toBe(true);
      expect(codes.length).toBeGreaterThan(0);
      expect(codes.every((c) => c === 'not_found')).toBe(true);
    }

    const random = rng(0x5eed);
    const rssStart = process.memoryUsage().rss;
    let rssMax = rssStart;
    let opened = 0;
    let slowest = 0;
    const failures = new Map<string, number>();
    for (let i = 0; i < VARIANTS; i++) {
      const seed = i % 5 < 3 ? svs : big;
      const { bytes, kind } = mutate(seed, random);
      const t0 = performance.now();
      let result: { opened: boolean; codes: string[] };
      try {
        result = await exercise(bytes);
      } catch (e) {
        throw new Error(`variant ${i} (${kind}): ${e instanceof Error ? e.message : String(e)}`, {
          cause: e,
        });
      }
      const ms = performance.now() - t0;
      slowest = Math.max(slowest, ms);
      expect(ms, `variant ${i} (${kind}) took ${ms} ms`).toBeLessThan(PER_VARIANT_MS);
      if (result.opened) opened++;
      for (const c of result.codes) failures.set(c, (failures.get(c) ?? 0) + 1);
      if (i % 100 === 0) rssMax = Math.max(rssMax, process.memoryUsage().rss);
    }
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
    // Both outcomes happen, or the mutations are not testing anything.
    expect(opened).toBeGreaterThan(VARIANTS / 10);
    expect(opened).toBeLessThan(VARIANTS);
    expect(failures.get('corrupt') ?? 0).toBeGreaterThan(VARIANTS / 10);
    // No unbounded allocation: the largest buffer the reader may allocate is 48 MB
    // (an assembled 4096² image); RSS growing by more than 400 MB would mean a leak or a
    // count-driven allocation.
    expect(rssMax - rssStart).toBeLessThan(400 << 20);
    console.log(
      `fuzz: ${VARIANTS} variants, ${opened} opened, errors ${JSON.stringify(Object.fromEntries(failures))}, ` +
        `slowest ${slowest.toFixed(0)} ms, RSS +${((rssMax - rssStart) / 2 ** 20).toFixed(0)} MB`,
    );
  }, 120_000);
});
