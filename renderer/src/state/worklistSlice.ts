import type { CaseSummary } from '../../../electron/common/contract';
import type { SliceCreator, ErrorInfo, LoadStatus } from './types';
import { errorInfo } from './types';
import type { SortKey, SortState } from './worklistLogic';
import { DEFAULT_SORT, nextSort } from './worklistLogic';

export interface WorklistSlice {
  cases: CaseSummary[];
  casesStatus: LoadStatus;
  casesError: ErrorInfo | null;
  sort: SortState;
  filter: string;
  selectedCaseId: string | null;
  loadCases: () => Promise<void>;
  sortBy: (key: SortKey) => void;
  setFilter: (filter: string) => void;
  selectCase: (caseId: string | null) => void;
  /** Replaces one case of the list (after its status changed). */
  updateCaseSummary: (summary: CaseSummary) => void;
}

export const createWorklistSlice: SliceCreator<WorklistSlice> =
  ({ api }) =>
  (set, get) => {
    let request = 0;
    return {
      cases: [],
      casesStatus: 'idle',
      casesError: null,
      sort: DEFAULT_SORT,
      filter: '',
      selectedCaseId: null,
      loadCases: async () => {
        const mine = ++request;
        set({ casesStatus: 'loading', casesError: null });
        try {
          const cases = await api.listCases({});
          if (mine !== request) return;
          const selected = get().selectedCaseId;
          set({
            cases,
            casesStatus: 'ready',
            selectedCaseId: cases.some((c) => c.id === selected) ? selected : null,
          });
        } catch (e) {
          if (mine !== request) return;
          set({ casesStatus: 'error', casesError: errorInfo(e) });
        }
      },
      sortBy: (key) => set((s) => ({ sort: nextSort(s.sort, key) })),
      setFilter: (filter) => set({ filter }),
      selectCase: (selectedCaseId) => set({ selectedCaseId }),
      updateCaseSummary: (summary) =>
        set((s) => ({ cases: s.cases.map((c) => (c.id === summary.id ? summary : c)) })),
    };
  };
