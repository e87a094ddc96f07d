import type { Archive, ArchiveInput, ResultOf } from '../../../electron/common/contract';
import type { SliceCreator, ErrorInfo } from './types';
import { errorInfo } from './types';

export type ArchiveTestResult = ResultOf<'testArchive'>;

/** What a call answered: its value, or why it failed (shown beside the form, not as a toast). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export interface ArchivesSlice {
  syncing: boolean;
  saveArchive: (input: ArchiveInput) => Promise<Outcome<Archive>>;
  removeArchive: (id: string) => Promise<Outcome<null>>;
  testArchive: (id: string) => Promise<Outcome<ArchiveTestResult>>;
  /** Tests an archive as typed, without saving it or changing any archive's state. */
  testArchiveInput: (input: ArchiveInput) => Promise<Outcome<ArchiveTestResult>>;
  /** Re-reads every archive's worklist now; the worklist reloads when its version changes. */
  syncArchives: () => Promise<void>;
}

export const createArchivesSlice: SliceCreator<ArchivesSlice> =
  ({ api }) =>
  (set, get) => {
    const run = async <T>(fn: () => Promise<T>): Promise<Outcome<T>> => {
      try {
        const value = await fn();
        return { ok: true, value };
      } catch (e) {
        return { ok: false, error: errorInfo(e) };
      } finally {
        // The archive list and states live in the polled status: read it at once.
        await get().pollStatus();
      }
    };
    return {
      syncing: false,
      saveArchive: (input) => run(() => api.saveArchive(input)),
      removeArchive: (id) => run(() => api.removeArchive({ id }).then(() => null)),
      testArchive: (id) => run(() => api.testArchive({ id })),
      testArchiveInput: async (input) => {
        try {
          return { ok: true, value: await api.testArchiveInput(input) };
        } catch (e) {
          return { ok: false, error: errorInfo(e) };
        }
      },
      syncArchives: async () => {
        set({ syncing: true });
        try {
          await api.syncArchives({});
        } catch (e) {
          get().reportError('sync', e);
        } finally {
          set({ syncing: false });
        }
        await get().pollStatus();
      },
    };
  };
