/**
 * Worker-thread entry of the demo generator: runs the block jobs it is sent, one at a
 * time, and reports each slide written.
 */
import { parentPort } from 'node:worker_threads';
import { runBlockJob } from './demoJobs';
import type { BlockJob } from './demoJobs';

export type ToWorker = { type: 'job'; job: BlockJob };
export type FromWorker = { type: 'slide' } | { type: 'done' } | { type: 'error'; message: string };

const port = parentPort;
if (port) {
  port.on('message', (msg: ToWorker) => {
    const post = (m: FromWorker): void => port.postMessage(m);
    runBlockJob(msg.job, () => post({ type: 'slide' })).then(
      () => post({ type: 'done' }),
      (e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
  });
}
