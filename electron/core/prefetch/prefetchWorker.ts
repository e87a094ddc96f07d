/**
 * Entry point of the prefetch worker thread: reads cache.db on its own connection, writes
 * through the writer thread (the port in workerData), loads the opener module and runs the
 * PrefetchEngine, driven by messages from the Prefetcher.
 */
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import type { Logger } from '../log/logger';
import { lowerThreadPriority, threadLogger } from '../tiles/workerEntry';
import { DEFAULT_TUNING, PrefetchEngine } from './engine';
import { createOpener as defaultCreateOpener } from './openers';
import { PrefetchCache } from './prefetchCache';
import type { RgbImage } from './tissue';
import type { CreateOpener, FromWorker, ToWorker, WorkerInit } from './types';

// The worker shares two cores with the UI: image decoding stays on one thread.
sharp.concurrency(1);
sharp.cache(false);
lowerThreadPriority();

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
  const log: Logger = threadLogger(post);
  const tuning = { ...DEFAULT_TUNING, ...init.tuning };
  const cache = new PrefetchCache(init.cache, tuning);
  let closing = false;
  init.cache.port.on('close', () => {
    // The writer thread is gone: exit, to be restarted on a connection to its successor.
    if (!closing) process.exit(2);
  });
  let engine: PrefetchEngine | null = null;
  const createOpener = init.openerModule
    ? ((await import(pathToFileURL(init.openerModule).href)) as { createOpener: CreateOpener })
        .createOpener
    : defaultCreateOpener;
  const opener = await createOpener({
    archive: (id) => engine?.archive(id),
    seriesMetadata: cache.seriesMetadata,
    log,
    options: init.openerOptions,
  });
  const e = new PrefetchEngine({
    cache,
    opener,
    interactive: new Int32Array(init.interactive),
    tuning: init.tuning,
    archives: init.archives,
    log,
    emit: post,
    decode,
  });
  engine = e;
  port.on('message', (m: ToWorker) => {
    switch (m.type) {
      case 'setWorklist':
        return e.jobs.setWorklist(m.cases);
      case 'pin':
        return e.jobs.pin(m.caseId, m.priority, m.slides);
      case 'unpin':
        return e.jobs.unpin(m.caseId);
      case 'pause':
        return e.jobs.pause(m.caseId);
      case 'resume':
        return e.jobs.resume(m.caseId);
      case 'cancel':
        return e.jobs.cancel(m.caseId);
      case 'networkHint':
        return e.jobs.setNetworkHint(m.hint);
      case 'setArchives':
        return e.setArchives(m.archives);
      case 'sync':
        e.sync().then(
          (r) => post({ type: 'synced', id: m.id, ...r }),
          (err: unknown) => log.error('prefetch.sync_failed', { error: err }),
        );
        return;
      case 'close':
        closing = true;
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
