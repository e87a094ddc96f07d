/**
 * The contract's calls on downloads: a case kept available offline (pinned in cache.db),
 * pausing, resuming and cancelling a case's download, and the network hint.
 */
import type { Handlers } from '../../common/contract';
import { WorkstationError } from '../../common/errors';
import type { AuditLog } from '../audit/auditLog';
import type { CaseRepository } from '../cases/caseRepository';
import type { PrefetcherLike } from './disabledPrefetcher';
import { archiveOnly, prefetchSlides } from './worklist';

type DownloadHandlers = Pick<
  Handlers,
  'setCaseOffline' | 'pauseDownloads' | 'resumeDownloads' | 'cancelDownload' | 'setNetworkHint'
>;

export function downloadHandlers(deps: {
  cases: CaseRepository;
  prefetcher: PrefetcherLike;
  audit: AuditLog;
}): DownloadHandlers {
  const { cases, prefetcher, audit } = deps;
  return {
    setCaseOffline: async ({ caseId, offline }) => {
      const summary = cases.get(caseId);
      const slides = archiveOnly(prefetchSlides(cases, caseId));
      if (slides.length === 0) {
        throw new WorkstationError(
          'invalid_argument',
          'This case is stored on this computer: it is always available offline.',
        );
      }
      if (offline) prefetcher.pin(caseId, slides, summary.priority);
      else prefetcher.unpin(caseId);
      audit.record(offline ? 'case.pin' : 'case.unpin', { type: 'case', id: caseId });
      await prefetcher.sync();
      return (
        prefetcher.progress().find((p) => p.caseId === caseId) ?? {
          caseId,
          state: 'queued',
          tilesDone: 0,
          tilesTotal: 0,
          bytes: 0,
          pinned: offline,
          notice: null,
        }
      );
    },
    pauseDownloads: ({ caseId }) => {
      prefetcher.pause(caseId);
      return {};
    },
    resumeDownloads: ({ caseId }) => {
      prefetcher.resume(caseId);
      return {};
    },
    cancelDownload: ({ caseId }) => {
      prefetcher.cancel(caseId);
      return {};
    },
    setNetworkHint: (hint) => {
      prefetcher.setNetworkHint(hint);
      return {};
    },
  };
}
