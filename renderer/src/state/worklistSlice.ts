import type { CaseSummary } from '../../../electron/common/contract';
import type { SliceCreator, ErrorInfo, LoadStatus } from './types';
import { errorInfo } from './types';
import type { SortKey, SortState } from './worklistLogic';
import { DEFAULT_SORT, nextSort } from './worklistLogic';
import { replaceEqualDeep } from './statusLogic';

export interface WorklistSlice {
  cases: CaseSummary[];
  casesStatus: LoadStatus;
  casesError: ErrorInfo | null;
  sort: SortState;
  filter: string;
  selectedCaseId: string | null;
  /**
   * Reads the worklist. `quiet` (a background reload after a sync): the list on screen
   * stays as it is while loading, rows that did not change keep their objects, and a
   * failure keeps the list (the next change tries again).
   */
  loadCases: (options?: { quiet?: boolean }) => Promise<void>;
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
      loadCases: async (options) => {
        const quiet = options?.quiet === true && get().casesStatus === 'ready';
        const mine = ++request;
        if (!quiet) set({ casesStatus: 'loading', casesError: null });
        try {
          const fresh = await api.listCases({});
          if (mine !== request) return;
          const cases = replaceEqualDeep(get().cases, fresh);
          const selected = get().selectedCaseId;
          const selectedCaseId = cases.some((c) => c.id === selected) ? selected : null;
          if (quiet && cases === get().cases && selectedCaseId === selected) return;
          set({ cases, casesStatus: 'ready', selectedCaseId });
        } catch (e) {
          if (mine !== request || quiet) return;
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
