import type { CaseStatus, CaseSummary, SlideSummary } from '../../../electron/common/contract';
import type { SliceCreator, ErrorInfo, LoadStatus } from './types';
import { errorInfo } from './types';
import { replaceEqualDeep } from './statusLogic';

export interface OpenCase {
  summary: CaseSummary;
  slides: SlideSummary[];
}

export interface CaseSlice {
  openCase: OpenCase | null;
  caseStatus: LoadStatus;
  caseError: ErrorInfo | null;
  /** Shows the case (from the worklist or from a slide) and loads it if needed. */
  showCase: (caseId: string) => Promise<void>;
  /** Back to the worklist, with the case still selected there. */
  closeCase: () => void;
  setCaseStatus: (status: CaseStatus) => Promise<void>;
  /** Reads the open case again (the worklist changed, or a slide told us its images). */
  refreshOpenCase: () => Promise<void>;
}

export const createCaseSlice: SliceCreator<CaseSlice> =
  ({ api }) =>
  (set, get) => {
    let request = 0;
    return {
      openCase: null,
      caseStatus: 'idle',
      caseError: null,
      showCase: async (caseId) => {
        // A report window stays one: it shows the report of the case it is given.
        const report = get().route.name === 'report';
        get().navigate(report ? { name: 'report', caseId } : { name: 'case', caseId });
        get().selectCase(caseId);
        const current = get().openCase;
        if (current?.summary.id === caseId && get().caseStatus === 'ready') {
          // Kept since it was last shown: show it at once and read it again behind.
          void get().refreshOpenCase();
          return;
        }
        const mine = ++request;
        // Another case: nothing of the previous one (its slide) may stay on screen.
        set({
          openCase: null,
          caseStatus: 'loading',
          caseError: null,
          slideInfo: null,
          slideStatus: 'idle',
        });
        try {
          const { case: summary, slides } = await api.getCase({ caseId });
          if (mine !== request) return;
          const sorted = [...slides].sort((a, b) => a.position - b.position);
          set({ openCase: { summary, slides: sorted }, caseStatus: 'ready' });
        } catch (e) {
          if (mine !== request) return;
          set({ caseStatus: 'error', caseError: errorInfo(e) });
        }
      },
      closeCase: () => {
        request++;
        get().navigate({ name: 'worklist' });
      },
      refreshOpenCase: async () => {
        const open = get().openCase;
        if (!open || get().caseStatus !== 'ready') return;
        // Only a case on screen (or under the settings) is read again; another one will be
        // when it is shown.
        const { route } = get();
        const shown = route.name === 'settings' ? route.back : route;
        if (shown.name === 'worklist') return;
        const mine = request;
        try {
          const { case: summary, slides } = await api.getCase({ caseId: open.summary.id });
          const current = get().openCase;
          if (mine !== request || current?.summary.id !== summary.id) return;
          const sorted = [...slides].sort((a, b) => a.position - b.position);
          const next = replaceEqualDeep(current, { summary, slides: sorted });
          if (next !== current) set({ openCase: next });
        } catch {
          // The case left the worklist or the engine is busy: what is on screen stays.
        }
      },
      setCaseStatus: async (status) => {
        const open = get().openCase;
        if (!open || open.summary.status === status) return;
        try {
          const summary = await api.setCaseStatus({ caseId: open.summary.id, status });
          const still = get().openCase;
          if (still?.summary.id === summary.id) set({ openCase: { ...still, summary } });
          get().updateCaseSummary(summary);
        } catch (e) {
          get().reportError('setStatus', e);
        }
      },
    };
  };
