/**
 * The cache.db write lock shared by the main thread's TileCache and the prefetch worker,
 * over a SharedArrayBuffer of two Int32: [held, mainWaiting].
 *
 * SQLite allows one writer at a time; a connection that finds the file locked sleeps in
 * its busy handler (1, 2, 5, 10... ms steps), which on the main thread is a frozen UI.
 * So the main thread only ever *tries* the lock (TileCache retries its flush a few ms
 * later), and the worker, which may block, takes it for its transactions and steps aside
 * while the main thread is waiting for it.
 */
import type { WriteCoordinator } from '../tiles/tileCache';

const HELD = 0;
const MAIN_WAITING = 1;
/** The worker defers to a waiting main thread at most this long per transaction. */
const DEFER_MAX_MS = 50;

export function newWriteLockBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
}

/** The main thread's side: never blocks. */
export function mainWriteLock(buffer: SharedArrayBuffer): WriteCoordinator {
  const a = new Int32Array(buffer);
  return {
    tryAcquire() {
      if (Atomics.compareExchange(a, HELD, 0, 1) === 0) {
        Atomics.store(a, MAIN_WAITING, 0);
        return true;
      }
      Atomics.store(a, MAIN_WAITING, 1);
      return false;
    },
    release() {
      Atomics.store(a, HELD, 0);
      Atomics.notify(a, HELD);
      Atomics.notify(a, MAIN_WAITING);
    },
  };
}

export interface WorkerWriteLock {
  /** Blocks the worker thread until the lock is held. */
  acquire(): void;
  release(): void;
}

/** The worker's side: blocks (Atomics.wait), letting a waiting main thread go first. */
export function workerWriteLock(buffer: SharedArrayBuffer): WorkerWriteLock {
  const a = new Int32Array(buffer);
  return {
    acquire() {
      const deadline = Date.now() + DEFER_MAX_MS;
      while (Atomics.load(a, MAIN_WAITING) === 1 && Date.now() < deadline)
        Atomics.wait(a, MAIN_WAITING, 1, 5);
      while (Atomics.compareExchange(a, HELD, 0, 1) !== 0) Atomics.wait(a, HELD, 1, 5);
    },
    release() {
      Atomics.store(a, HELD, 0);
      Atomics.notify(a, HELD);
    },
  };
}
