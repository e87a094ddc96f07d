/**
 * Entry point of the cache.db writer thread: runs a TileWriter (tileWriter.ts) on
 * workerData, takes the clients' ports sent by TileStore, and reports its log lines to
 * the thread that started it (loggers do not cross threads).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Logger } from '../log/logger';
import { TileWriter } from './tileWriter';
import { lowerThreadPriority, threadLogger } from './workerEntry';
import type { FromWriterHost, ToWriterHost, WriterInit } from './writerProtocol';

lowerThreadPriority();

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('cacheWriterWorker must run in a worker thread');
  const init = workerData as WriterInit;
  const post = (m: FromWriterHost) => port.postMessage(m);
  const log: Logger = threadLogger(post);
  const writer = new TileWriter({ ...init, log });
  await writer.open();
  port.on('message', (m: ToWriterHost) => {
    if (m.type === 'connect') writer.addPort(m.port, m.lane);
    else if (m.type === 'close') {
      void writer.close().then(() => {
        post({ type: 'closed' });
        port.close();
      });
    }
  });
  post({ type: 'ready' });
}

main().catch((e: unknown) => {
  const code = (e as { code?: unknown } | null)?.code;
  parentPort?.postMessage({
    type: 'fatal',
    code: typeof code === 'string' ? code : e instanceof Error ? e.name : 'Error',
  } satisfies FromWriterHost);
});
