import type { CaseSummary } from '../../../electron/common/contract';
import type { AssignmentSync, WorklistPrefs } from '../../../electron/common/worklist/model';
import { DEFAULT_WORKLIST_PREFS } from '../../../electron/common/worklist/model';
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
  /** The filter bar's choices (status, priority, received, assignment, view), per user. */
  worklistPrefs: WorklistPrefs;
  /** Reads the current user's filters (at start and whenever the user changes). */
  loadWorklistPrefs: () => Promise<void>;
  /** Changes some filters at once on screen and remembers them for the current user. */
  setWorklistPrefs: (patch: Partial<WorklistPrefs>) => void;
  /**
   * Assigns a case to a profile (null: nobody); the list and the open case show it at
   * once. Resolves with where the assignment lives, or the error to show beside the menu.
   */
  assignCase: (
    caseId: string,
    userId: string | null,
  ) => Promise<{ ok: true; sync: AssignmentSync } | { ok: false; error: ErrorInfo }>;
  /** Where the case's assignment lives (its tooltip); null when the engine cannot say. */
  assignmentSync: (caseId: string) => Promise<AssignmentSync | null>;
}

export const createWorklistSlice: SliceCreator<WorklistSlice> =
  ({ api }) =>
  (set, get) => {
    let request = 0;
    let prefsRequest = 0;
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
      worklistPrefs: DEFAULT_WORKLIST_PREFS,
      loadWorklistPrefs: async () => {
        const mine = ++prefsRequest;
        try {
          const prefs = await api.getWorklistPrefs({});
          if (mine === prefsRequest) set({ worklistPrefs: prefs });
        } catch {
          // The filters on screen stay; the worklist itself says when the engine is gone.
        }
      },
      setWorklistPrefs: (patch) => {
        prefsRequest++;
        const worklistPrefs = { ...get().worklistPrefs, ...patch };
        set({ worklistPrefs });
        // Remembered for next time; the choice on screen holds even if saving fails.
        api.setWorklistPrefs(worklistPrefs).catch(() => undefined);
      },
      assignmentSync: async (caseId) => {
        try {
          return (await api.getAssignment({ caseId })).sync;
        } catch {
          return null;
        }
      },
      assignCase: async (caseId, userId) => {
        try {
          const { assignedTo, sync } = await api.assignCase({ caseId, userId });
          set((s) => ({
            cases: s.cases.map((c) => (c.id === caseId ? { ...c, assignedTo } : c)),
            ...(s.openCase?.summary.id === caseId
              ? { openCase: { ...s.openCase, summary: { ...s.openCase.summary, assignedTo } } }
              : {}),
          }));
          return { ok: true, sync };
        } catch (e) {
          return { ok: false, error: errorInfo(e) };
        }
      },
    };
  };
