import { execFileSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkstationError } from '../../../common/errors';
import type { SlideSource } from '../slideSource';
import { LABEL_COLOUR, MACRO_COLOUR, fixtureColour, generateFixtures } from './testFixtures';
import type { FixtureSet } from './testFixtures';
import { isTiffFile, openTiffSlide, openTiffSlideFromBuffer } from './tiffSlide';
import { jpegHeaderSegments } from './jpeg';
import { encodeTiff } from '../../demo/tiffWriter';
import { TAG } from './tiffTags';

let dir: string;
let fx: FixtureSet;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tiffslide-'));
  fx = await generateFixtures(dir);
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function withSlide<T>(path: string, fn: (s: SlideSource) => Promise<T> | T): Promise<T> {
  const s = await openTiffSlide(path);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

/** The pixel at (x, y) of a served image. */
async function pixel(bytes: Uint8Array, x: number, y: number): Promise<number[]> {
  const data = await sharp(bytes)
    .extract({ left: x, top: y, width: 1, height: 1 })
    .removeAlpha()
    .raw()
    .toBuffer();
  return [...data];
}

function expectColour(actual: number[], expected: number[], tolerance = 4): void {
  expect(actual).toHaveLength(3);
  actual.forEach((v, i) =>
    expect(
      Math.abs(v - (expected[i] ?? -99)),
      `channel ${i}: ${actual.join(',')} vs ${expected.join(',')}`,
    ).toBeLessThanOrEqual(tolerance),
  );
}

async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  const e: unknown = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(WorkstationError);
  expect((e as WorkstationError).code).toBe(code);
}

describe('Aperio SVS', () => {
  it('reads dimensions, 4× levels with actual downsamples, MPP and AppMag from the description', async () => {
    await withSlide(fx.svs, (s) => {
      expect(s.metadata.format).toBe('aperio-svs');
      expect([s.metadata.width, s.metadata.height]).toEqual([1000, 760]);
      expect(s.metadata.mpp).toEqual({ x: 0.499, y: 0.499 });
      expect(s.metadata.objectivePower).toBe(20);
      expect(s.metadata.levels.map((l) => [l.width, l.height, l.tileWidth, l.tileHeight])).toEqual([
        [1000, 760, 128, 128],
        [250, 190, 128, 128],
        [62, 47, 128, 128],
      ]);
      expect(s.metadata.levels[1]?.downsample).toBe(4);
      expect(s.metadata.levels[2]?.downsample).toBeCloseTo(1000 / 62, 10);
      expect(s.metadata.associated.sort()).toEqual(['label', 'macro', 'thumbnail']);
      expect(s.identity).toMatch(/^tiff:[0-9a-f]{64}$/);
    });
  });

  it('serves standalone JPEG tiles (tables merged, Adobe RGB marker) that decode to the right tile', async () => {
    await withSlide(fx.svs, async (s) => {
      for (const [level, col, row] of [
        [0, 0, 0],
        [0, 3, 2],
        [1, 1, 1],
        [2, 0, 0],
      ] as const) {
        const tile = await s.readTile(level, col, row);
        expect(tile.contentType).toBe('image/jpeg');
        expect([tile.bytes[0], tile.bytes[1]]).toEqual([0xff, 0xd8]);
        const markers = (jpegHeaderSegments(tile.bytes) ?? []).map((m) => m.marker);
        expect(markers).toContain(0xdb); // DQT from JPEGTables
        expect(markers).toContain(0xc4); // DHT from JPEGTables
        expect(markers[1]).toBe(0xee); // Adobe APP14 right after SOI
        const meta = await sharp(tile.bytes).metadata();
        expect([meta.width, meta.height]).toEqual([128, 128]);
        const x = col * 128 + 40;
        const y = row * 128 + 40;
        expectColour(await pixel(tile.bytes, 40, 40), fixtureColour(level, x, y, 128));
      }
    });
  });

  it('passes tile bytes through: the entropy-coded data is the stored bytes', async () => {
    const file = await readFile(fx.svs);
    await withSlide(fx.svs, async (s) => {
      const tile = await s.readTile(0, 1, 1);
      const sos = (jpegHeaderSegments(tile.bytes) ?? []).at(-1);
      expect(sos?.marker).toBe(0xda);
      const scan = Buffer.from(tile.bytes.subarray(sos?.start ?? 0));
      expect(file.indexOf(scan)).toBeGreaterThan(0);
    });
  });

  it('returns edge tiles at full tile size, as stored', async () => {
    await withSlide(fx.svs, async (s) => {
      // 1000 = 7 × 128 + 104: the last column is an edge tile.
      const tile = await s.readTile(0, 7, 5);
      const meta = await sharp(tile.bytes).metadata();
      expect([meta.width, meta.height]).toEqual([128, 128]);
      expectColour(
        await pixel(tile.bytes, 50, 50),
        fixtureColour(0, 7 * 128 + 50, 5 * 128 + 50, 128),
      );
    });
  });

  it('serves thumbnail, label and macro', async () => {
    await withSlide(fx.svs, async (s) => {
      const label = await s.readAssociated('label');
      expect(label.contentType).toBe('image/png');
      expect((await sharp(label.bytes).metadata()).width).toBe(160);
      expectColour(await pixel(label.bytes, 10, 10), LABEL_COLOUR, 0);
      const macro = await s.readAssociated('macro');
      expect(macro.contentType).toBe('image/jpeg');
      expectColour(await pixel(macro.bytes, 10, 10), MACRO_COLOUR);
      const thumb = await s.readAssociated('thumbnail');
      const meta = await sharp(thumb.bytes).metadata();
      expect([meta.width, meta.height]).toEqual([250, 190]);
    });
  });

  it('rejects tiles outside the grid and unknown levels with not_found', async () => {
    await withSlide(fx.svs, async (s) => {
      await expectCode(s.readTile(0, 8, 0), 'not_found');
      await expectCode(s.readTile(0, 0, 6), 'not_found');
      await expectCode(s.readTile(3, 0, 0), 'not_found');
      await expectCode(s.readTile(0, -1, 0), 'not_found');
      await expectCode(s.readTile(0, 0.5, 0), 'not_found');
    });
  });

  it('gives the same identity to a copy elsewhere, and a different one to another slide', async () => {
    const copy = join(dir, 'copy-of.svs');
    await copyFile(fx.svs, copy);
    const a = await withSlide(fx.svs, (s) => s.identity);
    const b = await withSlide(copy, (s) => s.identity);
    const c = await withSlide(fx.tiff, (s) => s.identity);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });
});

describe('independent check with OpenSlide (libvips)', () => {
  // sharp sets VIPSHOME for its bundled libvips; the system tools must not inherit it.
  const env = { ...process.env };
  delete env.VIPSHOME;
  const hasVips = (() => {
    try {
      execFileSync('vipsheader', ['--version'], { env, stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!hasVips)(
    'agrees with OpenSlide on the SVS fixture: levels, downsamples, MPP, associated images',
    async () => {
      const text = execFileSync('vipsheader', ['-a', fx.svs], { encoding: 'utf8', env });
      const prop = (key: string) =>
        new RegExp(`^${key.replace(/[[\].]/g, '\\$&')}: (.*)$`, 'm').exec(text)?.[1];
      await withSlide(fx.svs, (s) => {
        expect(Number(prop('openslide.level-count'))).toBe(s.metadata.levels.length);
        s.metadata.levels.forEach((l, i) => {
          expect(Number(prop(`openslide.level[${i}].width`))).toBe(l.width);
          expect(Number(prop(`openslide.level[${i}].height`))).toBe(l.height);
          // OpenSlide averages the width and height ratios; we report the width ratio.
          expect(Number(prop(`openslide.level[${i}].downsample`))).toBeCloseTo(l.downsample, 1);
        });
        expect(Number(prop('openslide.mpp-x'))).toBeCloseTo(s.metadata.mpp?.x ?? 0, 6);
        expect(Number(prop('openslide.objective-power'))).toBe(s.metadata.objectivePower);
        expect(prop('slide-associated-images')?.split(', ').sort()).toEqual(
          [...s.metadata.associated].sort(),
        );
      });
    },
  );
  it.skipIf(!hasVips)(
    'reads pyramidal TIFFs written by libvips (JPEG + JPEGTables, SubIFDs + deflate, LZW)',
    async () => {
      const W = 1500;
      const H = 1100;
      const src = Buffer.alloc(W * H * 3);
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) src.set([(x >> 3) & 255, (y >> 3) & 255, 128], (y * W + x) * 3);
      }
      const png = join(dir, 'vips-src.png');
      await sharp(src, { raw: { width: W, height: H, channels: 3 } })
        .png()
        .toFile(png);
      const variants: [string, string[], number][] = [
        [
          'vips-jpeg.tif',
          ['--compression', 'jpeg', '--Q', '95', '--tile-width', '256', '--tile-height', '256'],
          256,
        ],
        [
          'vips-subifd.tif',
          ['--compression', 'deflate', '--predictor', 'horizontal', '--subifd', '--bigtiff'],
          128,
        ],
        ['vips-lzw.tif', ['--compression', 'lzw', '--xres', '4', '--yres', '4'], 128],
      ];
      for (const [name, args, ts] of variants) {
        const file = join(dir, name);
        execFileSync('vips', ['tiffsave', png, file, '--tile', '--pyramid', ...args], { env });
        await withSlide(file, async (s) => {
          expect(s.metadata.levels.map((l) => l.width).slice(0, 4)).toEqual([1500, 750, 375, 187]);
          expect(s.metadata.levels[0]?.tileWidth).toBe(ts);
          const tile = await s.readTile(1, 1, 1);
          // Level 1 pixel (ts + 10, ts + 10) is level-0 pixel 2 × that.
          const v = ((2 * (ts + 10)) >> 3) & 255;
          expectColour(await pixel(tile.bytes, 10, 10), [v, v, 128], 5);
        });
      }
      // --xres 4 is pixels per mm: 250 µm per pixel, not a microscope: MPP unknown.
      await withSlide(join(dir, 'vips-lzw.tif'), (s) => expect(s.metadata.mpp).toBeNull());
    },
  );
});

describe('generic TIFF and BigTIFF', () => {
  it('reads 2× levels and MPP from resolution in cm', async () => {
    await withSlide(fx.tiff, async (s) => {
      expect(s.metadata.format).toBe('tiff');
      expect(s.metadata.levels.map((l) => l.width)).toEqual([900, 450, 225, 112]);
      expect(s.metadata.levels[3]?.downsample).toBeCloseTo(900 / 112, 10);
      expect(s.metadata.mpp?.x).toBeCloseTo(0.25, 6);
      expect(s.metadata.objectivePower).toBeNull();
      expect(s.metadata.associated.sort()).toEqual(['label', 'thumbnail']);
      const tile = await s.readTile(2, 1, 1);
      expectColour(await pixel(tile.bytes, 64, 64), fixtureColour(2, 128 + 64, 128 + 64, 128));
      // YCbCr tiles get their tables but no Adobe marker.
      expect((jpegHeaderSegments(tile.bytes) ?? []).map((m) => m.marker)).not.toContain(0xee);
    });
  });

  it('reads BigTIFF with self-contained JPEG tiles and MPP from resolution in inches', async () => {
    await withSlide(fx.bigtiff, async (s) => {
      expect(s.metadata.format).toBe('bigtiff');
      expect(s.metadata.mpp?.y).toBeCloseTo(0.5, 6);
      expect(s.metadata.levels).toHaveLength(4);
      const tile = await s.readTile(0, 5, 3);
      expectColour(
        await pixel(tile.bytes, 10, 10),
        fixtureColour(0, 5 * 128 + 10, 3 * 128 + 10, 128),
      );
    });
  });

  it('finds reduced levels in SubIFDs', async () => {
    await withSlide(fx.subifd, async (s) => {
      expect(s.metadata.levels.map((l) => l.downsample)).toEqual([1, 2, 4, 8]);
      const tile = await s.readTile(3, 0, 0);
      expectColour(await pixel(tile.bytes, 30, 30), fixtureColour(3, 30, 30, 128));
    });
  });

  it('makes a thumbnail from the smallest level when none is stored', async () => {
    await withSlide(fx.bigtiff, async (s) => {
      const thumb = await s.readAssociated('thumbnail');
      const meta = await sharp(thumb.bytes).metadata();
      expect([meta.width, meta.height]).toEqual([87, 62]);
      expectColour(await pixel(thumb.bytes, 20, 20), fixtureColour(3, 20, 20, 128), 8);
      await expectCode(s.readAssociated('label'), 'not_found');
    });
  });

  it('transcodes LZW (predictor 2) and deflate tiles to JPEG', async () => {
    for (const [file, ts] of [
      [fx.lzw, 128],
      [fx.deflate, 64],
    ] as const) {
      await withSlide(file, async (s) => {
        const tile = await s.readTile(1, 1, 0);
        expect(tile.contentType).toBe('image/jpeg');
        expect([tile.bytes[0], tile.bytes[1]]).toEqual([0xff, 0xd8]);
        expectColour(
          await pixel(tile.bytes, ts / 2, ts / 2),
          fixtureColour(1, ts + ts / 2, ts / 2, ts),
        );
      });
    }
  });
});

describe('byte order and other writers', () => {
  it('reads a big-endian (MM) tiled greyscale TIFF', async () => {
    // Hand-made: 16×16 grey, one uncompressed tile whose pixel value is its row number × 10.
    const entries: [number, number, number, number][] = [
      [TAG.ImageWidth, 3, 1, 16],
      [TAG.ImageLength, 3, 1, 16],
      [TAG.BitsPerSample, 3, 1, 8],
      [TAG.Compression, 3, 1, 1],
      [TAG.Photometric, 3, 1, 1],
      [TAG.SamplesPerPixel, 3, 1, 1],
      [TAG.TileWidth, 3, 1, 16],
      [TAG.TileLength, 3, 1, 16],
      [TAG.TileOffsets, 4, 1, 0], // patched below
      [TAG.TileByteCounts, 4, 1, 256],
    ];
    const ifdSize = 2 + entries.length * 12 + 4;
    const bytes = new Uint8Array(8 + ifdSize + 256);
    const v = new DataView(bytes.buffer);
    v.setUint16(0, 0x4d4d);
    v.setUint16(2, 42);
    v.setUint32(4, 8);
    v.setUint16(8, entries.length);
    const dataAt = 8 + ifdSize;
    entries.forEach(([tag, type, count, value], i) => {
      const p = 10 + i * 12;
      v.setUint16(p, tag);
      v.setUint16(p + 2, type);
      v.setUint32(p + 4, count);
      if (type === 3) v.setUint16(p + 8, value);
      else v.setUint32(p + 8, tag === TAG.TileOffsets ? dataAt : value);
    });
    for (let i = 0; i < 256; i++) bytes[dataAt + i] = Math.floor(i / 16) * 10;
    const s = await openTiffSlideFromBuffer(bytes);
    expect(s.metadata.levels).toHaveLength(1);
    expect(s.metadata.mpp).toBeNull();
    const tile = await s.readTile(0, 0, 0);
    expectColour(await pixel(tile.bytes, 8, 12), [120, 120, 120], 3);
  });
});

describe('unreadable files', () => {
  it('rejects JPEG 2000 with unsupported at open', async () => {
    await expect(openTiffSlide(fx.jpeg2000)).rejects.toMatchObject({
      code: 'unsupported',
      message: 'JPEG 2000 compressed slides are not supported (compression 33003)',
    });
  });

  it('rejects truncated, garbage and non-TIFF files with corrupt', async () => {
    await expectCode(openTiffSlide(fx.truncated), 'corrupt');
    await expectCode(openTiffSlide(fx.garbage), 'corrupt');
    await expectCode(openTiffSlide(fx.notTiff), 'corrupt');
    const empty = join(dir, 'empty.svs');
    await writeFile(empty, new Uint8Array(0));
    await expectCode(openTiffSlide(empty), 'corrupt');
  });

  it('rejects a missing file or a folder with not_found', async () => {
    await expectCode(openTiffSlide(join(dir, 'missing.svs')), 'not_found');
    await expectCode(openTiffSlide(dir), 'not_found');
  });

  it('rejects tile data beyond the end of the file (data truncated, directories intact)', async () => {
    // Cut the file inside level 0's tile data but keep the directories: rewrite it with the
    // IFD first by pointing one tile offset past the end.
    const bytes = await encodeTiff(
      [
        {
          fields: [
            { tag: TAG.ImageWidth, type: 'long', value: [64] },
            { tag: TAG.ImageLength, type: 'long', value: [64] },
            { tag: TAG.Compression, type: 'short', value: [7] },
            { tag: TAG.TileWidth, type: 'short', value: [64] },
            { tag: TAG.TileLength, type: 'short', value: [64] },
            { tag: TAG.TileOffsets, type: 'long', value: [1_000_000] },
            { tag: TAG.TileByteCounts, type: 'long', value: [100] },
            { tag: TAG.BitsPerSample, type: 'short', value: [8, 8, 8] },
            { tag: TAG.SamplesPerPixel, type: 'short', value: [3] },
          ],
        },
      ],
      { bigtiff: false },
    );
    await expectCode(openTiffSlideFromBuffer(bytes), 'corrupt');
  });

  it('refuses absurd dimensions and tile sizes without allocating them', async () => {
    const make = (w: number, tile: number) =>
      encodeTiff(
        [
          {
            fields: [
              { tag: TAG.ImageWidth, type: 'long', value: [w] },
              { tag: TAG.ImageLength, type: 'long', value: [w] },
              { tag: TAG.Compression, type: 'short', value: [1] },
              { tag: TAG.TileWidth, type: 'long', value: [tile] },
              { tag: TAG.TileLength, type: 'long', value: [tile] },
              { tag: TAG.BitsPerSample, type: 'short', value: [8, 8, 8] },
              { tag: TAG.SamplesPerPixel, type: 'short', value: [3] },
            ],
            data: {
              offsetsTag: TAG.TileOffsets,
              byteCountsTag: TAG.TileByteCounts,
              chunks: [new Uint8Array(10)],
            },
          },
        ],
        { bigtiff: false },
      );
    await expectCode(openTiffSlideFromBuffer(await make(4_000_000, 256)), 'corrupt');
    await expectCode(openTiffSlideFromBuffer(await make(100_000, 16)), 'corrupt'); // 39 M tiles
    await expectCode(openTiffSlideFromBuffer(await make(60_000, 60_000)), 'corrupt'); // 10 GB tiles
  });
});

describe('isTiffFile', () => {
  it('sniffs TIFF and BigTIFF by magic bytes', async () => {
    expect(await isTiffFile(fx.svs)).toBe(true);
    expect(await isTiffFile(fx.bigtiff)).toBe(true);
    expect(await isTiffFile(fx.notTiff)).toBe(false);
    expect(await isTiffFile(join(dir, 'missing.svs'))).toBe(false);
  });
});
