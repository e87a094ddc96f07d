/**
 * What the workstation runs with when the prefetch worker cannot start (a broken install,
 * a packaging problem): slides still view, from the archive and the cache, and marking a
 * case "available offline" says plainly that background downloads are unavailable.
 */
import { WorkstationError } from '../../common/errors';
import type { Prefetcher } from './prefetcher';
import { emptyStats } from './types';

/** The part of the Prefetcher the workstation uses. */
export type PrefetcherLike = Pick<
  Prefetcher,
  | 'interactive'
  | 'setWorklist'
  | 'setArchives'
  | 'onSlideOpened'
  | 'status'
  | 'progress'
  | 'pin'
  | 'unpin'
  | 'pause'
  | 'resume'
  | 'cancel'
  | 'setNetworkHint'
  | 'sync'
  | 'close'
>;

export function disabledPrefetcher(reason: string): PrefetcherLike {
  const status = { paused: false, reasons: [], cases: [] };
  return {
    interactive: {
      begin: () => undefined,
      end: () => undefined,
      track: (work) => work,
    },
    setWorklist: () => undefined,
    setArchives: () => undefined,
    onSlideOpened: () => () => undefined,
    status: () => status,
    progress: () => [],
    pin: () => {
      throw new WorkstationError(
        'unavailable',
        `Background downloads are not available on this computer (${reason}).`,
      );
    },
    unpin: () => undefined,
    pause: () => undefined,
    resume: () => undefined,
    cancel: () => undefined,
    setNetworkHint: () => undefined,
    sync: () => Promise.resolve({ status, stats: emptyStats() }),
    close: () => Promise.resolve(),
  };
}
