/**
 * Where the prefetch worker's code is: prefetchWorker.cjs beside the bundle, or
 * prefetchWorker.ts from source (see locateWorker in tiles/workerEntry.ts).
 */
import type { WorkerEntry } from '../tiles/workerEntry';
import { locateWorker } from '../tiles/workerEntry';

export type { WorkerEntry };
// The demo library's workers use the same tsx bootstrap.
export { tsxWorkerEntry } from '../tiles/workerEntry';

export function prefetchWorkerEntry(): WorkerEntry {
  return locateWorker({
    bundled: 'prefetchWorker',
    source: 'electron/core/prefetch/prefetchWorker.ts',
    here: typeof __dirname === 'string' ? __dirname : null,
  });
}
