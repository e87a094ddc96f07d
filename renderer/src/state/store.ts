/**
 * The one store of the renderer, made of typed slices (zustand's slices pattern). It is a
 * vanilla store: tests create a fresh one per test with a fake Api, and React reads it
 * through StoreProvider / useAppStore.
 */
import { createStore } from 'zustand/vanilla';
import { createDictationSlice } from '../features/dictation/dictationSlice';
import { createReportSlice } from '../features/report/reportSlice';
import { createCaseContextSlice } from '../features/caseContext/caseContextSlice';
import { createTrackingSlice } from '../features/tracking/trackingSlice';
import { createViewportsSlice } from '../features/viewports/viewportsSlice';
import { createAiOverlaySlice } from './aiOverlaySlice';
import { createAnnotationsSlice } from './annotationsSlice';
import { createArchivesSlice } from './archivesSlice';
import { createCaseSlice } from './caseSlice';
import { createSettingsSlice } from './settingsSlice';
import { createStatusSlice } from './statusSlice';
import type { AppState, AppStore, StoreDeps } from './types';
import { createUiSlice } from './uiSlice';
import { createUsersSlice } from '../features/users/usersSlice';
import { createViewerSlice } from './viewerSlice';
import { createWorklistSlice } from './worklistSlice';

export function createAppStore(deps: StoreDeps): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createUiSlice(deps)(...a),
    ...createWorklistSlice(deps)(...a),
    ...createCaseSlice(deps)(...a),
    ...createViewerSlice(deps)(...a),
    ...createSettingsSlice(deps)(...a),
    ...createStatusSlice(deps)(...a),
    ...createArchivesSlice(deps)(...a),
    ...createAnnotationsSlice(deps)(...a),
    ...createAiOverlaySlice(deps)(...a),
    ...createUsersSlice(deps)(...a),
    ...createReportSlice(deps)(...a),
    ...createCaseContextSlice(deps)(...a),
    ...createDictationSlice(deps)(...a),
    ...createTrackingSlice(deps)(...a),
    ...createViewportsSlice(deps)(...a),
  }));
}
