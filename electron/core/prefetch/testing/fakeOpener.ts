/**
 * A test opener module for the prefetch worker (Prefetcher.start({ openerModule })):
 * in-memory slides with a real JPEG thumbnail (pink tissue on white glass), tiles of a
 * chosen size, and controls shared with the test through a SharedArrayBuffer: latency,
 * failure mode, counters and a log of every read in the order it started.
 */
import sharp from 'sharp';
import { WorkstationError } from '../../../common/errors';
import type { AssociatedName, Level } from '../../../common/pyramid';
import { ASSOCIATED_NAMES, isTileInGrid } from '../../../common/pyramid';
import type { SlideLocator } from '../../cases/caseRepository';
import type { SlideMetadata, SlideSource, TileData } from '../../sources/slideSource';
import type { CreateOpener, WorkerOpener } from '../types';

export interface FakeSlideSpec {
  identity: string;
  width: number;
  height: number;
  tileSize: number;
  /** Downsample of each level, level 0 first (1, 4, 16...). */
  downsamples: number[];
  /** Tissue rectangle as fractions of the slide: [x0, y0, x1, y1]. */
  tissue: [number, number, number, number];
  associated: AssociatedName[];
  /** Bytes of each tile (a well-formed JPEG envelope). */
  tileBytes: number;
  /** Tiles ("level/col/row") that read as corrupt. */
  corrupt?: string[];
}

export interface FakeOpenerOptions {
  /** By locator path ({ kind: 'file', path }). */
  slides: Record<string, FakeSlideSpec>;
  control: SharedArrayBuffer;
}

/** Indices in the control Int32Array. */
export const CTRL = {
  /** 0: normal; 1: every open and read fails 'unavailable'. */
  fail: 0,
  latencyMs: 1,
  readsStarted: 2,
  readsDone: 3,
  opens: 4,
  /** Entries in the read log. */
  logLength: 5,
  header: 8,
} as const;
/** Each log entry: slide index (in `slides` order), level, col, row. */
export const LOG_CAPACITY = 50_000;

export function newControl(): SharedArrayBuffer {
  return new SharedArrayBuffer((CTRL.header + LOG_CAPACITY * 4) * 4);
}

export interface ReadLogEntry {
  slide: number;
  level: number;
  col: number;
  row: number;
}

export function readLog(control: SharedArrayBuffer): ReadLogEntry[] {
  const a = new Int32Array(control);
  const n = Math.min(Atomics.load(a, CTRL.logLength), LOG_CAPACITY);
  const out: ReadLogEntry[] = [];
  for (let i = 0; i < n; i++) {
    const p = CTRL.header + i * 4;
    out.push({ slide: a[p] ?? -1, level: a[p + 1] ?? 0, col: a[p + 2] ?? 0, row: a[p + 3] ?? 0 });
  }
  return out;
}

export function fakeLevels(spec: FakeSlideSpec): Level[] {
  return spec.downsamples.map((d) => ({
    width: Math.ceil(spec.width / d),
    height: Math.ceil(spec.height / d),
    downsample: d,
    tileWidth: spec.tileSize,
    tileHeight: spec.tileSize,
  }));
}

/** A JPEG thumbnail at most 256 px wide: white glass, pink tissue where the spec says. */
export async function fakeThumbnail(spec: FakeSlideSpec): Promise<Uint8Array> {
  const scale = Math.min(1, 256 / spec.width);
  const width = Math.max(1, Math.round(spec.width * scale));
  const height = Math.max(1, Math.round(spec.height * scale));
  const raw = Buffer.alloc(width * height * 3);
  const [fx0, fy0, fx1, fy1] = spec.tissue;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = x >= fx0 * width && x < fx1 * width && y >= fy0 * height && y < fy1 * height;
      raw.set(inside ? [214, 140, 190] : [243, 242, 245], (y * width + x) * 3);
    }
  }
  const jpeg = await sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
  return new Uint8Array(jpeg);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function fakeSlide(
  index: number,
  spec: FakeSlideSpec,
  thumbnail: Uint8Array,
  control: Int32Array,
): SlideSource {
  const levels = fakeLevels(spec);
  const metadata: SlideMetadata = {
    format: 'tiff',
    width: spec.width,
    height: spec.height,
    mpp: { x: 0.25, y: 0.25 },
    objectivePower: 40,
    levels,
    associated: spec.associated,
  };
  const body = new Uint8Array(Math.max(8, spec.tileBytes));
  for (let i = 0; i < body.length; i++) body[i] = (i * 31 + 7) & 0x7f;
  body.set([0xff, 0xd8], 0);
  body.set([0xff, 0xd9], body.length - 2);
  const corrupt = new Set(spec.corrupt ?? []);

  async function read(
    level: number,
    col: number,
    row: number,
    make: () => TileData,
  ): Promise<TileData> {
    Atomics.add(control, CTRL.readsStarted, 1);
    const at = Atomics.add(control, CTRL.logLength, 1);
    if (at < LOG_CAPACITY) control.set([index, level, col, row], CTRL.header + at * 4);
    try {
      const latency = Atomics.load(control, CTRL.latencyMs);
      if (latency > 0) await delay(latency);
      if (Atomics.load(control, CTRL.fail) === 1)
        throw new WorkstationError('unavailable', 'Fake archive down');
      if (corrupt.has(`${level}/${col}/${row}`))
        throw new WorkstationError('corrupt', 'Fake corrupt tile');
      return make();
    } finally {
      Atomics.add(control, CTRL.readsDone, 1);
    }
  }

  return {
    metadata,
    identity: spec.identity,
    readTile(level, col, row) {
      return read(level, col, row, () => {
        const l = levels[level];
        if (!l || !isTileInGrid(l, col, row))
          throw new WorkstationError('not_found', 'No such tile');
        const bytes = body.slice();
        bytes.set([level & 0x7f, col & 0x7f, row & 0x7f], 2);
        return { bytes, contentType: 'image/jpeg' };
      });
    },
    readAssociated(name) {
      return read(-1, ASSOCIATED_NAMES.indexOf(name), 0, () => {
        if (!spec.associated.includes(name)) throw new WorkstationError('not_found', `No ${name}`);
        return {
          bytes: name === 'thumbnail' ? thumbnail : body.slice(),
          contentType: 'image/jpeg',
        };
      });
    },
    close: () => Promise.resolve(),
  };
}

export const createOpener: CreateOpener = (context): WorkerOpener => {
  const options = context.options as FakeOpenerOptions;
  const control = new Int32Array(options.control);
  const paths = Object.keys(options.slides);
  const thumbnails = new Map<string, Promise<Uint8Array>>();
  return {
    sourceKey: (locator: SlideLocator) => (locator.kind === 'file' ? 'fake' : locator.kind),
    async open(locator) {
      Atomics.add(control, CTRL.opens, 1);
      const latency = Atomics.load(control, CTRL.latencyMs);
      if (latency > 0) await delay(latency);
      if (Atomics.load(control, CTRL.fail) === 1)
        throw new WorkstationError('unavailable', 'Fake archive down');
      const path = locator.kind === 'file' ? locator.path : '';
      const spec = options.slides[path];
      if (!spec) throw new WorkstationError('not_found', 'No such fake slide');
      let thumbnail = thumbnails.get(path);
      if (!thumbnail) thumbnails.set(path, (thumbnail = fakeThumbnail(spec)));
      return fakeSlide(paths.indexOf(path), spec, await thumbnail, control);
    },
  };
};
