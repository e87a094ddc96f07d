import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeJpegTables } from '../sources/tiff/jpeg';
import { lzwDecode } from '../sources/tiff/lzw';
import { encodePyramidalTiff, lzwEncode, splitJpegTables, writePyramidalTiff } from './tiffWriter';
import type { RgbImage } from './tiffWriter';

const dir = mkdtempSync(join(tmpdir(), 'tiffwriter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** sharp sets VIPSHOME for its bundled libvips; the system vips tools must not see it or
 * they miss their modules (openslideload). */
const vipsEnv = { ...process.env };
delete vipsEnv.VIPSHOME;
function vips(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', env: vipsEnv });
}

function hasTool(name: string): boolean {
  try {
    execFileSync(name, ['--version'], { stdio: 'ignore', env: vipsEnv });
    return true;
  } catch {
    return false;
  }
}
const hasVips = hasTool('vipsheader');

/** Colour of a pixel: red from x, green from y, constant blue, all within 96..159. */
function gradient(width: number, height: number): RgbImage {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = 96 + ((x >> 5) & 63);
      data[i + 1] = 96 + ((y >> 5) & 63);
      data[i + 2] = 128;
    }
  }
  return { data, width, height };
}

function vipsGetPoint(file: string, x: number, y: number): number[] {
  return vips('vips', ['getpoint', file, String(x), String(y)])
    .trim()
    .split(/\s+/)
    .map(Number);
}

describe('lzw', () => {
  it('round-trips random and repetitive data, including code-width changes and Clear', () => {
    const random = new Uint8Array(50_000);
    let s = 1;
    for (let i = 0; i < random.length; i++) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      random[i] = i % 3 === 0 ? (s >> 16) & 0xff : i & 0x0f;
    }
    for (const input of [
      new Uint8Array(0),
      Uint8Array.of(7),
      new Uint8Array(10_000).fill(3),
      random,
    ]) {
      const decoded = lzwDecode(lzwEncode(input), input.length);
      expect(Buffer.from(decoded).equals(Buffer.from(input))).toBe(true);
    }
  });

  it('never writes more than the output bound', () => {
    const encoded = lzwEncode(new Uint8Array(100_000).fill(1));
    expect(lzwDecode(encoded, 1000).length).toBe(1000);
  });
});

describe('JPEG tables', () => {
  it('splits a JPEG into tables + abbreviated stream and merges it back to the same pixels', async () => {
    const img = gradient(64, 64);
    const jpeg = await sharp(img.data, { raw: { width: 64, height: 64, channels: 3 } })
      .jpeg({ quality: 90 })
      .toBuffer();
    const { tables, abbreviated } = splitJpegTables(jpeg);
    expect(abbreviated.length).toBeLessThan(jpeg.length);
    await expect(sharp(abbreviated).raw().toBuffer()).rejects.toThrow();
    const merged = mergeJpegTables(abbreviated, { tables });
    expect(merged).not.toBeNull();
    const a = await sharp(jpeg).raw().toBuffer();
    const b = await sharp(Buffer.from(merged ?? []))
      .raw()
      .toBuffer();
    expect(a.equals(b)).toBe(true);
  });
});

describe('writePyramidalTiff', () => {
  it('writes an Aperio SVS with 4× levels, thumbnail, label and macro that libvips/OpenSlide read', async () => {
    const file = join(dir, 'a.svs');
    const label = { data: Buffer.alloc(120 * 80 * 3, 200), width: 120, height: 80 };
    const macro = { data: Buffer.alloc(300 * 100 * 3, 60), width: 300, height: 100 };
    const written = await writePyramidalTiff(file, {
      image: gradient(2100, 1500),
      format: 'svs',
      mpp: 0.499,
      appMag: 20,
      associated: { label, macro },
    });
    expect(written.levels.map((l) => [l.width, l.height])).toEqual([
      [2100, 1500],
      [525, 375],
      [131, 93],
    ]);
    expect(written.associated).toEqual(['thumbnail', 'label', 'macro']);
    if (!hasVips) return;
    const header = vips('vipsheader', ['-a', file]);
    expect(header).toMatch(/openslide\.vendor: aperio/);
    expect(header).toMatch(/openslide\.level-count: 3/);
    expect(header).toMatch(/aperio\.MPP: 0\.4990/);
    expect(header).toMatch(/slide-associated-images: label, macro, thumbnail/);
    // OpenSlide decodes the RGB-photometric abbreviated tiles to the original colours.
    const level1 = join(dir, 'a-l1.v');
    vips('vips', ['openslideload', file, level1, '--level', '1']);
    const [r, g, b] = vipsGetPoint(level1, 100, 200);
    expect(Math.abs((r ?? 0) - (96 + ((400 >> 5) & 63)))).toBeLessThanOrEqual(3);
    expect(Math.abs((g ?? 0) - (96 + ((800 >> 5) & 63)))).toBeLessThanOrEqual(3);
    expect(Math.abs((b ?? 0) - 128)).toBeLessThanOrEqual(3);
  });

  it('writes generic TIFF and BigTIFF pyramids with 2× levels', async () => {
    for (const format of ['tiff', 'bigtiff'] as const) {
      const file = join(dir, `b.${format}`);
      const written = await writePyramidalTiff(file, {
        image: gradient(1000, 700),
        format,
        mpp: 0.25,
        compression: format === 'tiff' ? 'lzw' : 'jpeg',
        predictor: true,
      });
      expect(written.levels.map((l) => l.downsample)).toEqual([1, 2, 4]);
      if (!hasVips) continue;
      expect(vips('vipsheader', ['-f', 'n-pages', file]).trim()).toBe('3');
      const page = join(dir, `b-${format}.v`);
      vips('vips', ['tiffload', file, page, '--page', '1']);
      const [r, g] = vipsGetPoint(page, 300, 100);
      expect(Math.abs((r ?? 0) - (96 + ((600 >> 5) & 63)))).toBeLessThanOrEqual(3);
      expect(Math.abs((g ?? 0) - (96 + ((200 >> 5) & 63)))).toBeLessThanOrEqual(3);
      const xres = Number(vips('vipsheader', ['-f', 'xres', file]));
      expect(xres).toBeCloseTo(4000, 0); // pixels per mm = 1000 / 0.25
    }
  });

  it('encodes in memory what it writes to disk', async () => {
    const bytes = await encodePyramidalTiff({
      image: gradient(300, 200),
      format: 'tiff',
      compression: 'deflate',
    });
    expect(bytes[0]).toBe(0x49);
    expect(bytes[2]).toBe(42);
  });

  // Speed is measured by `npm run bench`, never asserted here; this checks a full-size slide.
  it('writes an 8000×6000 SVS with its 4× pyramid', async () => {
    const written = await writePyramidalTiff(join(dir, 'big.svs'), {
      image: gradient(8000, 6000),
      format: 'svs',
      mpp: 0.25,
    });
    expect(written.levels.map((l) => l.width)).toEqual([8000, 2000, 500, 125]);
  }, 30_000);
});
