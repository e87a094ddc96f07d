import type { CaseStatus, CaseSummary, SlideSummary } from '../../../electron/common/contract';
import type { SliceCreator, ErrorInfo, LoadStatus } from './types';
import { errorInfo } from './types';

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
        get().navigate({ name: 'case', caseId });
        get().selectCase(caseId);
        const current = get().openCase;
        if (current?.summary.id === caseId && get().caseStatus === 'ready') return;
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
