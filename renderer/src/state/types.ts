import type { StateCreator, StoreApi } from 'zustand/vanilla';
import type { Api } from '../../../electron/common/contract';
import type { ErrorCode, ErrorReason } from '../../../electron/common/errors';
import { toWorkstationError } from '../../../electron/common/errors';
import type { ReportSlice } from '../features/report/reportSlice';
import type { CaseContextSlice } from '../features/caseContext/caseContextSlice';
import type { DictationSlice } from '../features/dictation/dictationSlice';
import type { TrackingSlice } from '../features/tracking/trackingSlice';
import type { ViewportsSlice } from '../features/viewports/viewportsSlice';
import type { AiOverlaySlice } from './aiOverlaySlice';
import type { AnnotationsSlice } from './annotationsSlice';
import type { ArchivesSlice } from './archivesSlice';
import type { CaseSlice } from './caseSlice';
import type { SettingsSlice } from './settingsSlice';
import type { StatusSlice } from './statusSlice';
import type { UiSlice } from './uiSlice';
import type { UsersSlice } from '../features/users/usersSlice';
import type { ViewerSlice } from './viewerSlice';
import type { WorklistSlice } from './worklistSlice';

/** What the store needs from the outside world; tests pass fakes. */
export interface StoreDeps {
  api: Api;
  /** Base URL of tiles (see api/transport.ts). */
  tileBase: string;
  /**
   * The user's preferred locales (navigator.languages; in Electron, Chromium takes them
   * from the operating system): the language rule of electron/common/language.ts reads
   * them, never the locale of the machine the engine runs on.
   */
  browserLocale: string | readonly string[];
}

export type AppState = WorklistSlice &
  CaseSlice &
  ViewerSlice &
  SettingsSlice &
  UiSlice &
  StatusSlice &
  ArchivesSlice &
  AnnotationsSlice &
  AiOverlaySlice &
  UsersSlice &
  ReportSlice &
  CaseContextSlice &
  DictationSlice &
  TrackingSlice &
  ViewportsSlice;
export type AppStore = StoreApi<AppState>;
export type SliceCreator<T> = (deps: StoreDeps) => StateCreator<AppState, [], [], T>;

/** An error as the UI shows it: a code it can translate and the engine's message. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** A finer reason the UI explains in its own sentence (a library folder that is missing…). */
  reason?: ErrorReason;
}

export function errorInfo(e: unknown): ErrorInfo {
  const w = toWorkstationError(e);
  return { code: w.code, message: w.message, ...(w.reason ? { reason: w.reason } : {}) };
}

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';
