/**
 * Reader of real-size demo slides (`*.demoslide`, see demoSlideDescriptor.ts): the pyramid
 * geometry comes from the descriptor's kind, and tiles are rendered on demand by a worker
 * thread (demo/bigSlide/bigSlideWorker.ts), found by path, not imported: this folder holds
 * readers only. The tile cache keeps every tile rendered, under the slide's identity.
 */
import fs from 'node:fs';
import { availableParallelism } from 'node:os';
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

// --- The rendering workers, shared by every open demo slide --------------------------------

interface Job {
  req: BigTileRequest;
  signal: AbortSignal | undefined;
  resolve(bytes: Uint8Array): void;
  reject(e: unknown): void;
}

/** Up to one worker per core, two at most: the window and the engine need the rest. */
const MAX_WORKERS = Math.max(1, Math.min(2, availableParallelism()));
const idle: Worker[] = [];
const busy = new Map<Worker, Job>();
/** Workers started and not stopped. */
const live = new Set<Worker>();
let nextId = 1;
/** Waiting tiles: the newest is rendered first (the view now on screen). */
const queue: Job[] = [];

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

function startWorker(): Worker {
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
  live.add(w);
  const done = (): void => {
    busy.delete(w);
    idle.push(w);
    dispatch();
  };
  w.on('message', (m: BigTileResponse) => {
    const job = busy.get(w);
    if (!job || job.req.id !== m.id) return;
    if ('bytes' in m) job.resolve(m.bytes);
    else job.reject(new WorkstationError('internal', `A demo tile failed: ${m.error}`));
    done();
  });
  const lost = (message: string): void => {
    // 'error' is followed by 'exit': count the worker out once.
    if (!live.delete(w)) return;
    const job = busy.get(w);
    busy.delete(w);
    const i = idle.indexOf(w);
    if (i >= 0) idle.splice(i, 1);
    job?.reject(new WorkstationError('unavailable', message));
    dispatch();
  };
  w.on('error', (e) => lost(`The demo renderer failed: ${e.message}`));
  w.on('exit', () => lost('The demo renderer stopped'));
  return w;
}

function dispatch(): void {
  while (queue.length > 0) {
    const job = queue.pop() as Job;
    if (job.signal?.aborted) {
      job.reject(job.signal.reason);
      continue;
    }
    let w = idle.pop();
    if (!w && live.size < MAX_WORKERS) {
      try {
        w = startWorker();
      } catch (e) {
        job.reject(e);
        continue;
      }
    }
    if (!w) {
      queue.push(job);
      break;
    }
    busy.set(w, job);
    w.ref();
    w.postMessage(job.req);
  }
  // Idle workers do not keep the process alive.
  for (const w of idle) w.unref();
}

function renderTile(req: Omit<BigTileRequest, 'id'>, signal?: AbortSignal): Promise<Uint8Array> {
  return new Promise<Uint8Array>((resolve, reject) => {
    queue.push({ req: { ...req, id: nextId++ }, signal, resolve, reject });
    dispatch();
  });
}

/** Stops the rendering workers (tests; the process exits without them otherwise). */
export async function stopDemoSlideRenderer(): Promise<void> {
  const all = [...idle, ...busy.keys()];
  idle.length = 0;
  await Promise.all(all.map((w) => w.terminate()));
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
    const bytes = await renderTile({ kind, seed, stain, palette, level, col, row }, signal);
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
