/**
 * Runs demo block jobs on worker threads (rendering is CPU-bound JavaScript: with two
 * threads both cores of a small machine are used, and the caller's thread stays free).
 *
 * The worker script is `demoWorker.js` beside this module in a build, or `demoWorker.ts`
 * loaded through tsx when running from sources (tests, `tsx`). When neither can be
 * started the jobs run in this thread, one tile at a time between event-loop turns.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { tsxWorkerEntry } from '../prefetch/workerEntry';
import { jobCost, runBlockJob } from './demoJobs';
import type { BlockJob } from './demoJobs';
import type { FromWorker, ToWorker } from './demoWorker';

/** Largest jobs first, so that the last job to finish is a small one. */
function ordered(jobs: BlockJob[]): BlockJob[] {
  return [...jobs].sort((a, b) => jobCost(b) - jobCost(a));
}

function startWorker(): Worker | null {
  let here: string;
  try {
    here = import.meta.url;
  } catch {
    return null;
  }
  if (typeof here !== 'string' || !here.startsWith('file:')) return null;
  // Built app: scripts/buildElectron.mjs emits demoWorker.js beside the bundle.
  const js = new URL('./demoWorker.js', here);
  if (existsSync(fileURLToPath(js))) return new Worker(js);
  // Sources (tests, tsx): the TypeScript entry through tsx's loader.
  const ts = fileURLToPath(new URL('./demoWorker.ts', here));
  if (!existsSync(ts)) return null;
  try {
    const entry = tsxWorkerEntry(ts);
    return new Worker(entry.filename, entry.options);
  } catch {
    return null;
  }
}

/** Runs all jobs; resolves with the number of worker threads used (0: this thread). */
export async function runJobs(
  jobs: BlockJob[],
  workers: number | undefined,
  onSlide: () => void,
): Promise<number> {
  const queue = ordered(jobs);
  const count = Math.min(workers ?? Math.min(2, availableParallelism()), queue.length);
  const pool: Worker[] = [];
  for (let i = 0; i < count; i++) {
    const w = startWorker();
    if (!w) break;
    pool.push(w);
  }
  if (pool.length === 0) {
    for (const job of queue) await runBlockJob(job, onSlide);
    return 0;
  }
  // Let every worker finish the job it is on before stopping them: terminating a worker
  // in the middle of a sharp operation can bring the whole process down. (sharp is also
  // loaded in this thread, through demoJobs, so its libraries outlive the workers.)
  const results = await Promise.allSettled(pool.map((w) => drain(w, queue, onSlide)));
  await Promise.all(pool.map((w) => w.terminate()));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return pool.length;
}

/** Feeds jobs to one worker until the shared queue is empty. */
function drain(worker: Worker, queue: BlockJob[], onSlide: () => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const next = (): void => {
      const job = queue.shift();
      if (!job) {
        cleanup();
        resolve();
        return;
      }
      worker.postMessage({ type: 'job', job } satisfies ToWorker);
    };
    const onMessage = (m: FromWorker): void => {
      if (m.type === 'slide') onSlide();
      else if (m.type === 'done') next();
      else fail(new Error(m.message));
    };
    const onExit = (code: number): void =>
      fail(new Error(`demo worker stopped (exit code ${code})`));
    const fail = (e: Error): void => {
      cleanup();
      queue.length = 0;
      reject(e);
    };
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', fail);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', fail);
    worker.on('exit', onExit);
    next();
  });
}
