/**
 * The report editor's part of the store: the report calls (the editor's hooks take them
 * from here, so tests pass a fake Api as for every slice), whether the panel is open, and
 * the user's autotext, shared by every section field and by Settings.
 */
import type { AutotextEntry } from '../../../../electron/common/reports/model';
import type { SliceCreator } from '../../state/types';
import type { ReportApi } from './reportApi';

/** Where the panel's state is remembered on this computer (not patient data). */
const PANEL_KEY = 'lpw.reportPanel';

export interface ReportSlice {
  reportApi: ReportApi;
  reportPanelOpen: boolean;
  /**
   * Opens or folds the panel; `remember: false` when the viewer folds it by itself (several
   * viewports in a narrow window): the user's choice for next time stays as it was.
   */
  setReportPanelOpen: (open: boolean, remember?: boolean) => void;
  autotext: readonly AutotextEntry[];
  loadAutotext: () => Promise<void>;
  saveAutotext: (entries: AutotextEntry[]) => Promise<void>;
}

function storedOpen(): boolean {
  try {
    return globalThis.localStorage?.getItem(PANEL_KEY) !== 'closed';
  } catch {
    return true;
  }
}

export const createReportSlice: SliceCreator<ReportSlice> = (deps) => (set) => ({
  reportApi: deps.api,
  reportPanelOpen: storedOpen(),
  setReportPanelOpen: (open, remember = true) => {
    try {
      if (remember) globalThis.localStorage?.setItem(PANEL_KEY, open ? 'open' : 'closed');
    } catch {
      // Private mode: the panel's state is not remembered, nothing else changes.
    }
    set({ reportPanelOpen: open });
  },
  autotext: [],
  loadAutotext: async () => {
    set({ autotext: await deps.api.listAutotext({}) });
  },
  saveAutotext: async (entries) => {
    set({ autotext: await deps.api.setAutotext({ entries }) });
  },
});
