/**
 * Known-content synthetic slides for tests, the CLI tests and `npm run fixtures`
 * (scripts/fixtures/generate.ts). It lives in core so that tests of every layer can import
 * it (project references let tools and host import core, not the other way round).
 *
 * Every pixel's colour says where it is: red encodes the level, green the tile column,
 * blue the tile row (all within 96..160, where RGB-photometric JPEG is exact), plus a
 * small horizontal ramp inside each tile so tiles are not flat. A test decodes a served
 * tile and compares its centre with `fixtureColour`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeTiff, writePyramidalTiff } from '../../demo/tiffWriter';
import type {
  PyramidalTiffOptions,
  RegionSource,
  RgbImage,
  WrittenTiff,
} from '../../demo/tiffWriter';
import { COMPRESSION, TAG } from './tiffTags';

/** Colour of level-`level` pixel (x, y) in a fixture with `tileSize` tiles. */
export function fixtureColour(
  level: number,
  x: number,
  y: number,
  tileSize: number,
): [number, number, number] {
  const col = Math.floor(x / tileSize);
  const row = Math.floor(y / tileSize);
  const ramp = Math.floor(((x % tileSize) / tileSize) * 8); // 0..7 across a tile
  return [96 + 16 * (level % 5) + ramp, 96 + 8 * (col % 8), 96 + 8 * (row % 8)];
}

/** A RegionSource drawing fixtureColour: each level drawn directly, not resized. */
export function fixtureRegionSource(width: number, height: number, tileSize: number): RegionSource {
  return {
    width,
    height,
    readRegion({ level, x, y, width: w, height: h }) {
      const out = Buffer.allocUnsafe(w * h * 3);
      for (let r = 0; r < h; r++) {
        for (let c = 0; c < w; c++) {
          const [red, green, blue] = fixtureColour(level, x + c, y + r, tileSize);
          const i = (r * w + c) * 3;
          out[i] = red;
          out[i + 1] = green;
          out[i + 2] = blue;
        }
      }
      return Promise.resolve(out);
    },
  };
}

export function solidImage(width: number, height: number, rgb: [number, number, number]): RgbImage {
  const data = Buffer.allocUnsafe(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(rgb, i * 3);
  return { data, width, height };
}

/** Colours of the associated images in the fixtures. */
export const LABEL_COLOUR: [number, number, number] = [230, 230, 60];
export const MACRO_COLOUR: [number, number, number] = [60, 120, 200];

export interface FixtureSpec {
  file: string;
  options: PyramidalTiffOptions;
}

/** The pyramidal fixtures; sizes are not multiples of the tile size (edge tiles). */
export function fixtureSpecs(): Record<
  'svs' | 'tiff' | 'bigtiff' | 'subifd' | 'lzw' | 'deflate',
  FixtureSpec
> {
  return {
    // Aperio: 4× levels, 128 px tiles, abbreviated RGB JPEG + JPEGTables, thumbnail 2nd IFD, label (LZW) and macro (JPEG).
    svs: {
      file: 'aperio.svs',
      options: {
        image: fixtureRegionSource(1000, 760, 128),
        format: 'svs',
        tileSize: 128,
        levelDownsamples: [1, 4, 16],
        quality: 90,
        mpp: 0.499,
        appMag: 20,
        associated: {
          label: solidImage(160, 120, LABEL_COLOUR),
          macro: solidImage(400, 150, MACRO_COLOUR),
        },
      },
    },
    // Generic TIFF: 2× levels, YCbCr JPEG with JPEGTables, resolution in pixels per cm (mpp 0.25).
    tiff: {
      file: 'generic.tif',
      options: {
        image: fixtureRegionSource(900, 700, 128),
        format: 'tiff',
        tileSize: 128,
        quality: 90,
        jpegTables: true,
        mpp: 0.25,
        resolutionUnit: 'cm',
        associated: { label: solidImage(100, 80, LABEL_COLOUR) },
      },
    },
    // BigTIFF: self-contained JPEG tiles (no JPEGTables), resolution in pixels per inch (mpp 0.5).
    bigtiff: {
      file: 'big.tif',
      options: {
        image: fixtureRegionSource(700, 500, 128),
        format: 'bigtiff',
        tileSize: 128,
        quality: 90,
        mpp: 0.5,
        resolutionUnit: 'inch',
      },
    },
    // Reduced levels as SubIFDs of level 0 (libvips / OME style).
    subifd: {
      file: 'subifd.tif',
      options: {
        image: fixtureRegionSource(600, 400, 128),
        format: 'tiff',
        tileSize: 128,
        quality: 90,
        subIfds: true,
      },
    },
    lzw: {
      file: 'lzw.tif',
      options: {
        image: fixtureRegionSource(400, 300, 128),
        format: 'tiff',
        tileSize: 128,
        compression: 'lzw',
        predictor: true,
      },
    },
    deflate: {
      file: 'deflate.tif',
      options: {
        image: fixtureRegionSource(300, 200, 64),
        format: 'tiff',
        tileSize: 64,
        compression: 'deflate',
      },
    },
  };
}

export interface FixtureSet {
  dir: string;
  svs: string;
  tiff: string;
  bigtiff: string;
  subifd: string;
  lzw: string;
  deflate: string;
  /** Tiled, Aperio JPEG 2000 compression code 33003 (tile bytes are not real J2K). */
  jpeg2000: string;
  /** The SVS cut at 60 % of its length. */
  truncated: string;
  /** Random bytes behind a valid TIFF header. */
  garbage: string;
  /** Random bytes, no TIFF header. */
  notTiff: string;
  written: Record<string, WrittenTiff>;
}

/** A deterministic byte generator (xorshift32), so fixtures are the same on every run. */
export function seededBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = s & 0xff;
  }
  return out;
}

/** A tiled RGB TIFF whose compression is Aperio JPEG 2000 (33003); tile bytes are bogus. */
export function jpeg2000TiffBytes(): Promise<Uint8Array> {
  const tile = seededBytes(1000, 7);
  return encodeTiff(
    [
      {
        fields: [
          { tag: TAG.ImageWidth, type: 'long', value: [512] },
          { tag: TAG.ImageLength, type: 'long', value: [512] },
          { tag: TAG.BitsPerSample, type: 'short', value: [8, 8, 8] },
          { tag: TAG.Compression, type: 'short', value: [COMPRESSION.AperioJ2kYCbCr] },
          { tag: TAG.Photometric, type: 'short', value: [2] },
          {
            tag: TAG.ImageDescription,
            type: 'ascii',
            value:
              'Aperio Image Library v12.0.15\r\n512x512 (256x256) J2K/KDU Q=70|AppMag = 20|MPP = 0.5',
          },
          { tag: TAG.SamplesPerPixel, type: 'short', value: [3] },
          { tag: TAG.TileWidth, type: 'short', value: [256] },
          { tag: TAG.TileLength, type: 'short', value: [256] },
        ],
        data: {
          offsetsTag: TAG.TileOffsets,
          byteCountsTag: TAG.TileByteCounts,
          chunks: [tile, tile, tile, tile],
        },
      },
    ],
    { bigtiff: false },
  );
}

/** The small SVS used as the fuzz seed: 2 levels, JPEGTables, thumbnail, LZW label. */
export function smallSvsOptions(): PyramidalTiffOptions {
  return {
    image: fixtureRegionSource(300, 200, 64),
    format: 'svs',
    tileSize: 64,
    levelDownsamples: [1, 4],
    quality: 70,
    mpp: 0.5,
    appMag: 20,
    associated: {
      label: solidImage(24, 16, LABEL_COLOUR),
      thumbnail: solidImage(48, 32, [120, 120, 120]),
    },
  };
}

/** Writes every fixture into `dir` (created if needed). */
export async function generateFixtures(dir: string): Promise<FixtureSet> {
  await mkdir(dir, { recursive: true });
  const specs = fixtureSpecs();
  const written: Record<string, WrittenTiff> = {};
  const paths: Partial<Record<keyof typeof specs, string>> = {};
  for (const [key, spec] of Object.entries(specs) as [keyof typeof specs, FixtureSpec][]) {
    const path = join(dir, spec.file);
    written[key] = await writePyramidalTiff(path, spec.options);
    paths[key] = path;
  }
  const svsBytes = await readFile(join(dir, specs.svs.file));
  const truncated = join(dir, 'truncated.svs');
  await writeFile(truncated, svsBytes.subarray(0, Math.floor(svsBytes.length * 0.6)));
  const jpeg2000 = join(dir, 'jpeg2000.svs');
  await writeFile(jpeg2000, await jpeg2000TiffBytes());
  const garbage = join(dir, 'garbage.tif');
  const g = seededBytes(20_000, 11);
  g.set([0x49, 0x49, 42, 0], 0);
  await writeFile(garbage, g);
  const notTiff = join(dir, 'not-a-slide.svs');
  await writeFile(notTiff, seededBytes(5_000, 13));
  return {
    dir,
    svs: paths.svs ?? '',
    tiff: paths.tiff ?? '',
    bigtiff: paths.bigtiff ?? '',
    subifd: paths.subifd ?? '',
    lzw: paths.lzw ?? '',
    deflate: paths.deflate ?? '',
    jpeg2000,
    truncated,
    garbage,
    notTiff,
    written,
  };
}
