import type { Address } from '../../../electron/common/address';
import type { SliceCreator, ErrorInfo } from './types';
import { errorInfo } from './types';

/**
 * Where the user is. State-based routing: worklist → case → slide, settings on top; the
 * URL's fragment follows it (features/address). `missing`: an address named a case or a
 * slide that is not there.
 */
export type Route =
  | { name: 'worklist' }
  | { name: 'case'; caseId: string }
  | { name: 'slide'; caseId: string; slideId: string }
  /** The case's report alone: a window of its own (features/reportWindow). */
  | { name: 'report'; caseId: string }
  | { name: 'missing'; address: Address }
  | { name: 'settings'; back: Exclude<Route, { name: 'settings' }> };

/** What was being done when an error happened; translated in the toast ("errors.during.*"). */
export type Task =
  | 'listCases'
  | 'openCase'
  | 'openSlide'
  | 'setStatus'
  | 'settings'
  | 'rescan'
  | 'start'
  | 'offline'
  | 'downloads'
  | 'sync'
  | 'annotations';

export interface Toast {
  id: number;
  task: Task;
  error: ErrorInfo;
}

/** More toasts than this and the oldest goes: they must never cover the work. */
export const MAX_TOASTS = 3;

export interface UiSlice {
  route: Route;
  cheatSheetOpen: boolean;
  toasts: Toast[];
  navigate: (route: Route) => void;
  openSettings: () => void;
  closeSettings: () => void;
  setCheatSheetOpen: (open: boolean) => void;
  reportError: (task: Task, e: unknown) => void;
  dismissToast: (id: number) => void;
}

export const createUiSlice: SliceCreator<UiSlice> = () => (set, get) => {
  let nextId = 1;
  return {
    route: { name: 'worklist' },
    cheatSheetOpen: false,
    toasts: [],
    navigate: (route) => set({ route }),
    openSettings: () => {
      const { route } = get();
      if (route.name !== 'settings') set({ route: { name: 'settings', back: route } });
    },
    closeSettings: () => {
      const { route } = get();
      if (route.name === 'settings') set({ route: route.back });
    },
    setCheatSheetOpen: (open) => set({ cheatSheetOpen: open }),
    reportError: (task, e) => {
      const toast: Toast = { id: nextId++, task, error: errorInfo(e) };
      set((s) => ({ toasts: [...s.toasts, toast].slice(-MAX_TOASTS) }));
    },
    dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  };
};
