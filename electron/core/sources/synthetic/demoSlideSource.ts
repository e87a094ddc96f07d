/**
 * Reader of real-size demo slides (`*.demoslide`, see demoSlideDescriptor.ts): the pyramid
 * geometry comes from the descriptor's kind, and tiles are rendered on demand by a worker
 * thread (demo/bigSlide/bigSlideWorker.ts), found by path, not imported: this folder holds
 * readers only. The tile cache keeps every tile rendered, under the slide's identity.
 */
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';
import { WorkstationError } from '../../../common/errors';
import type { AssociatedName, Level } from '../../../common/pyramid';
import type { SlideMetadata, SlideSource, TileData } from '../slideSource';
import {
  BIG_APP_MAG,
  BIG_DOWNSAMPLES,
  BIG_MPP,
  BIG_SLIDE_SIZE,
  BIG_TILE,
  bigSlideIdentity,
  parseDescriptor,
} from './demoSlideDescriptor';
import type { BigSlideDescriptor, BigTileRequest, BigTileResponse } from './demoSlideDescriptor';

/** Largest descriptor read (label, macro and thumbnail JPEGs in base64 included). */
const MAX_DESCRIPTOR_BYTES = 4_000_000;

/** The pyramid of a slide of this kind. */
export function demoSlideLevels(kind: BigSlideDescriptor['kind']): Level[] {
  const { width, height } = BIG_SLIDE_SIZE[kind];
  return BIG_DOWNSAMPLES.map((downsample) => ({
    width: Math.ceil(width / downsample),
    height: Math.ceil(height / downsample),
    downsample,
    tileWidth: BIG_TILE,
    tileHeight: BIG_TILE,
  }));
}

// --- The rendering worker, shared by every open demo slide ---------------------------------

interface Pending {
  resolve(bytes: Uint8Array): void;
  reject(e: Error): void;
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

/** bigSlideWorker.cjs beside the bundle, else its TypeScript source through tsx. */
function workerEntry(): { filename: string; options: WorkerOptions } {
  const here = typeof __dirname === 'string' ? __dirname : null;
  if (here && fs.existsSync(path.join(here, 'bigSlideWorker.cjs')))
    return { filename: path.join(here, 'bigSlideWorker.cjs'), options: {} };
  const rel = 'electron/core/demo/bigSlide/bigSlideWorker.ts';
  const fromHere = here ? path.resolve(here, '../../demo/bigSlide/bigSlideWorker.ts') : null;
  const ts = fromHere && fs.existsSync(fromHere) ? fromHere : path.resolve(rel);
  if (!fs.existsSync(ts)) throw new Error('the demo slide renderer was not found');
  // Development and tests: register tsx's loader in the worker, then load the entry.
  const require = createRequire(ts);
  const pkgPath = require.resolve('tsx/package.json');
  const api = path.join(path.dirname(pkgPath), 'dist/esm/api/index.mjs');
  const code = `import(${JSON.stringify(pathToFileURL(api).href)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(ts).href)}); });`;
  return { filename: code, options: { eval: true } };
}

function failAll(e: Error): void {
  for (const p of pending.values()) p.reject(e);
  pending.clear();
  worker = null;
}

function renderer(): Worker {
  if (worker) return worker;
  let w: Worker;
  try {
    const entry = workerEntry();
    w = new Worker(entry.filename, entry.options);
  } catch (e) {
    throw new WorkstationError(
      'unavailable',
      `The demo slide renderer cannot start: ${(e as Error).message}`,
    );
  }
  w.on('message', (m: BigTileResponse) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if ('bytes' in m) p.resolve(m.bytes);
    else p.reject(new WorkstationError('internal', `A demo tile failed: ${m.error}`));
    if (pending.size === 0) w.unref();
  });
  w.on('error', (e) => failAll(new WorkstationError('internal', `Demo renderer: ${e.message}`)));
  w.on('exit', () => failAll(new WorkstationError('unavailable', 'The demo renderer stopped')));
  worker = w;
  return w;
}

function renderTile(req: Omit<BigTileRequest, 'id'>): Promise<Uint8Array> {
  const w = renderer();
  const id = nextId++;
  return new Promise<Uint8Array>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ ...req, id } satisfies BigTileRequest);
  });
}

/** Stops the rendering worker (tests; the process exits without it otherwise). */
export async function stopDemoSlideRenderer(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}

// --- The source ------------------------------------------------------------------------------

class DemoSlide implements SlideSource {
  readonly metadata: SlideMetadata;
  readonly identity: string;

  constructor(private readonly d: BigSlideDescriptor) {
    const levels = demoSlideLevels(d.kind);
    const level0 = levels[0] as Level;
    this.metadata = {
      format: 'demo',
      width: level0.width,
      height: level0.height,
      mpp: { x: BIG_MPP, y: BIG_MPP },
      objectivePower: BIG_APP_MAG,
      levels,
      associated: ['label', 'macro', 'thumbnail'],
    };
    this.identity = bigSlideIdentity(d);
  }

  async readTile(level: number, col: number, row: number, signal?: AbortSignal): Promise<TileData> {
    signal?.throwIfAborted();
    const l = this.metadata.levels[level];
    if (
      !l ||
      !Number.isInteger(col) ||
      !Number.isInteger(row) ||
      col < 0 ||
      row < 0 ||
      col * l.tileWidth >= l.width ||
      row * l.tileHeight >= l.height
    )
      throw new WorkstationError('not_found', `No tile ${level}/${col}/${row} in this slide`);
    const { kind, seed, stain, palette } = this.d;
    const bytes = await renderTile({ kind, seed, stain, palette, level, col, row });
    return { bytes, contentType: 'image/jpeg' };
  }

  readAssociated(name: AssociatedName, signal?: AbortSignal): Promise<TileData> {
    signal?.throwIfAborted();
    const b64 =
      name === 'label' ? this.d.label : name === 'macro' ? this.d.macro : this.d.thumbnail;
    return Promise.resolve({
      bytes: new Uint8Array(Buffer.from(b64, 'base64')),
      contentType: 'image/jpeg',
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Opens a descriptor file; WorkstationError('corrupt') when it is not a valid one. */
export async function openDemoSlide(file: string): Promise<SlideSource> {
  let text: string;
  try {
    const buf = await readFile(file);
    if (buf.length > MAX_DESCRIPTOR_BYTES)
      throw new WorkstationError('corrupt', 'The demo slide descriptor is too large');
    text = buf.toString('utf8');
  } catch (e) {
    if (e instanceof WorkstationError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new WorkstationError('not_found', 'No such file');
    throw new WorkstationError(
      'unavailable',
      `Cannot read the slide file (${code ?? 'I/O error'})`,
    );
  }
  return new DemoSlide(parseDescriptor(text));
}
