/**
 * Entry point of the prefetch worker thread: opens its own cache.db connection, loads the
 * opener module and runs the PrefetchEngine, driven by messages from the Prefetcher.
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import type { Logger } from '../log/logger';
import { PrefetchEngine } from './engine';
import { createOpener as defaultCreateOpener } from './openers';
import { PrefetchStore } from './store';
import type { RgbImage } from './tissue';
import type { CreateOpener, FromWorker, ToWorker, WorkerInit } from './types';
import { workerWriteLock } from './writeLock';

/** nice(1) value of the worker thread on Linux: background work, below the UI. */
const WORKER_NICE = 10;

// The worker shares two cores with the UI: image decoding stays on one thread.
sharp.concurrency(1);
sharp.cache(false);
// On Linux the nice value is per thread, so this lowers the worker alone and the kernel
// favours the main thread when the prefetcher is CPU-bound (a fast archive or disk).
// Elsewhere it would lower the whole app: not done there.
if (process.platform === 'linux' && process.env.PREFETCH_NICE !== '0') {
  try {
    os.setPriority(0, WORKER_NICE);
  } catch {
    // Not permitted (containers may forbid it): run at normal priority.
  }
}

async function decode(bytes: Uint8Array, maxSide?: number): Promise<RgbImage> {
  let image = sharp(bytes).removeAlpha().toColourspace('srgb');
  if (maxSide)
    image = image.resize({
      width: maxSide,
      height: maxSide,
      fit: 'inside',
      withoutEnlargement: true,
    });
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    channels: info.channels,
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('prefetchWorker must run in a worker thread');
  const init = workerData as WorkerInit;
  const post = (m: FromWorker) => port.postMessage(m);
  const log: Logger = {
    info: (event, fields) => post({ type: 'log', level: 'info', event, fields }),
    warn: (event, fields) => post({ type: 'log', level: 'warn', event, fields }),
    error: (event, fields) => post({ type: 'log', level: 'error', event, fields }),
  };
  const store = new PrefetchStore(init.cachePath);
  store.open();
  let engine: PrefetchEngine | null = null;
  const createOpener = init.openerModule
    ? ((await import(pathToFileURL(init.openerModule).href)) as { createOpener: CreateOpener })
        .createOpener
    : defaultCreateOpener;
  const opener = await createOpener({
    archive: (id) => engine?.archive(id),
    log,
    options: init.openerOptions,
  });
  const e = new PrefetchEngine({
    store,
    opener,
    interactive: new Int32Array(init.interactive),
    writeLock: workerWriteLock(init.writeLock),
    tuning: init.tuning,
    budgetBytes: init.budgetBytes,
    archives: init.archives,
    log,
    emit: post,
    decode,
  });
  engine = e;
  port.on('message', (m: ToWorker) => {
    switch (m.type) {
      case 'setWorklist':
        return e.setWorklist(m.cases);
      case 'pin':
        return e.pin(m.caseId, m.priority, m.slides);
      case 'unpin':
        return e.unpin(m.caseId);
      case 'pause':
        return e.pause(m.caseId);
      case 'resume':
        return e.resume(m.caseId);
      case 'cancel':
        return e.cancel(m.caseId);
      case 'networkHint':
        return e.setNetworkHint(m.hint);
      case 'setBudget':
        return e.setBudget(m.bytes);
      case 'setArchives':
        return e.setArchives(m.archives);
      case 'cacheRebuilt':
        return e.cacheRebuilt();
      case 'sync':
        return post({ type: 'synced', id: m.id, ...e.sync() });
      case 'close':
        e.close().then(
          () => post({ type: 'closed' }),
          (err: unknown) => post({ type: 'fatal', message: (err as Error).message }),
        );
        return;
    }
  });
  e.start();
  post({ type: 'ready', status: e.status() });
}

main().catch((e: unknown) => {
  parentPort?.postMessage({
    type: 'fatal',
    message: e instanceof Error ? e.message : String(e),
  } satisfies FromWorker);
});
