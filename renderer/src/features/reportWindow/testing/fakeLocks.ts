/** Test support: an in-memory Web Locks manager for one lock name (jsdom has none). */
import type { Locks } from '../editorLock';
import { REPORT_EDITOR_LOCK } from '../editorLock';

/** Exclusive locks granted in the order asked, as the Web Locks API does for one name. */
export function fakeLocks(): Locks {
  let holder: object | null = null;
  const queue: { id: object; grant: () => void; signal?: AbortSignal }[] = [];
  const next = () => {
    while (holder === null && queue.length > 0) {
      const first = queue.shift()!;
      if (first.signal?.aborted) continue;
      first.grant();
    }
  };
  return {
    request(_name, options, callback) {
      const id = {};
      return new Promise((resolve, reject) => {
        queue.push({
          id,
          signal: options.signal,
          grant: () => {
            holder = id;
            void callback(null).then((v) => {
              holder = null;
              resolve(v);
              next();
            });
          },
        });
        options.signal?.addEventListener('abort', () => {
          const i = queue.findIndex((q) => q.id === id);
          if (i >= 0) {
            queue.splice(i, 1);
            reject(new DOMException('aborted', 'AbortError'));
          }
        });
        queueMicrotask(next);
      });
    },
    query: () => Promise.resolve({ held: holder ? [{ name: REPORT_EDITOR_LOCK }] : [] }),
  };
}
