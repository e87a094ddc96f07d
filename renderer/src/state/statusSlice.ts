import type { CaseProgress, Status } from '../../../electron/common/contract';
import { compareStatus, replaceEqualDeep, updateOfflineSince } from './statusLogic';
import type { SliceCreator, ErrorInfo } from './types';
import { errorInfo } from './types';

/** How often the engine status is read (brief: about every 2 s). */
export const STATUS_POLL_MS = 2000;

export interface StatusSlice {
  /** Last engine status (connectivity, worklist version, downloads); null before the first. */
  status: Status | null;
  /** Why the last poll failed (the workstation service did not answer), else null. */
  statusError: ErrorInfo | null;
  /** Counts archive reconnections (offline → online): the viewer reloads missing tiles. */
  reconnects: number;
  /** Since when (ISO, as first seen here) each unreachable archive has been unreachable. */
  offlineSince: Record<string, string>;
  /** Cases whose "available offline" change is on its way to the engine. */
  offlineBusy: Record<string, boolean>;
  /**
   * Reads the status once. The store changes only when something changed; a new worklist
   * version reloads the worklist and the open case, quietly.
   */
  pollStatus: () => Promise<void>;
  setCaseOffline: (caseId: string, offline: boolean) => Promise<void>;
  pauseDownloads: (caseId?: string) => Promise<void>;
  resumeDownloads: (caseId?: string) => Promise<void>;
  cancelDownload: (caseId: string) => Promise<void>;
  /** Asks every unreachable archive again now, instead of waiting for the engine's probe. */
  retryArchives: () => Promise<void>;
  /** What the browser can tell of the network: background downloads wait on a poor link. */
  sendNetworkHint: (hint: { metered: boolean; slow: boolean }) => Promise<void>;
}

export const createStatusSlice: SliceCreator<StatusSlice> =
  ({ api }) =>
  (set, get) => {
    // Polls may overlap with an explicit refresh (after a click): only the latest counts.
    let request = 0;

    const apply = (next: Status) => {
      const prev = get().status;
      const change = compareStatus(prev, next);
      const offlineSince = updateOfflineSince(get().offlineSince, next.archives, new Date());
      const patch: Partial<StatusSlice> = {};
      if (change.changed) patch.status = prev === null ? next : replaceEqualDeep(prev, next);
      if (offlineSince !== get().offlineSince) patch.offlineSince = offlineSince;
      if (change.reconnected) patch.reconnects = get().reconnects + 1;
      if (get().statusError !== null) patch.statusError = null;
      if (Object.keys(patch).length > 0) set(patch);
      if (change.reconnected) {
        get().clearTileProblems();
        retryAfterReconnect();
      }
      if (change.worklistChanged) {
        void get().loadCases({ quiet: true });
        void get().refreshOpenCase();
      }
    };

    /** What failed because the archive was away is tried again when it is back. */
    const retryAfterReconnect = () => {
      const s = get();
      const away = (code: string | undefined) => code === 'offline' || code === 'unavailable';
      if (s.route.name === 'slide' && s.slideStatus === 'error' && away(s.slideError?.code)) {
        void s.openSlide(s.route.slideId);
      } else if (s.route.name === 'case' && s.caseStatus === 'error' && away(s.caseError?.code)) {
        void s.showCase(s.route.caseId);
      } else if (s.casesStatus === 'error' && away(s.casesError?.code)) {
        void s.loadCases();
      }
    };

    /** Puts one case's progress in the status at once, before the next poll confirms it. */
    const applyProgress = (progress: CaseProgress) => {
      const status = get().status;
      if (!status) return;
      const others = status.downloads.cases.filter((p) => p.caseId !== progress.caseId);
      set({
        status: {
          ...status,
          downloads: { ...status.downloads, cases: [...others, progress] },
        },
      });
    };

    const refresh = async () => {
      const mine = ++request;
      try {
        const next = await api.getStatus({});
        if (mine === request) apply(next);
      } catch (e) {
        if (mine === request && get().statusError === null) set({ statusError: errorInfo(e) });
      }
    };

    const control = async (fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (e) {
        get().reportError('downloads', e);
      }
      await refresh();
    };

    return {
      status: null,
      statusError: null,
      reconnects: 0,
      offlineSince: {},
      offlineBusy: {},
      pollStatus: refresh,
      setCaseOffline: async (caseId, offline) => {
        set((s) => ({ offlineBusy: { ...s.offlineBusy, [caseId]: true } }));
        try {
          applyProgress(await api.setCaseOffline({ caseId, offline }));
        } catch (e) {
          get().reportError('offline', e);
        } finally {
          set((s) => ({
            offlineBusy: Object.fromEntries(
              Object.entries(s.offlineBusy).filter(([id]) => id !== caseId),
            ),
          }));
        }
        await refresh();
      },
      pauseDownloads: (caseId) =>
        control(() => api.pauseDownloads(caseId === undefined ? {} : { caseId })),
      resumeDownloads: (caseId) =>
        control(() => api.resumeDownloads(caseId === undefined ? {} : { caseId })),
      cancelDownload: (caseId) => control(() => api.cancelDownload({ caseId })),
      sendNetworkHint: async (hint) => {
        await api.setNetworkHint(hint);
      },
      retryArchives: async () => {
        const offline = (get().status?.archives ?? []).filter((a) => a.state === 'offline');
        await Promise.allSettled(offline.map((a) => api.testArchive({ id: a.id })));
        await refresh();
      },
    };
  };
