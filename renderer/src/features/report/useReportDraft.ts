/**
 * The report of one case in the editor: loads it, keeps the text being typed in React
 * state (the field never waits for the engine), and saves it through the autosave
 * scheduler (autosave.ts). The text in the fields is the truth while editing: what the
 * engine answers to a save only updates the version and the time.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  ReportContent,
  ReportSectionId,
  ReportState,
  SynopticValues,
} from '../../../../electron/common/reports/model';
import type { ErrorInfo } from '../../state/types';
import { errorInfo } from '../../state/types';
import type { SaveStatus } from './autosave';
import { createAutosave } from './autosave';
import type { Autosave } from './autosave';
import type { ReportApi } from './reportApi';

export interface ReportDraft {
  report: ReportState | null;
  content: ReportContent | null;
  loadError: ErrorInfo | null;
  saveStatus: SaveStatus;
  saveError: ErrorInfo | null;
  setSection: (id: ReportSectionId, text: string) => void;
  setSynoptic: (values: SynopticValues) => void;
  /** Any change of the content (template, snapshots), saved like a keystroke. */
  update: (change: (c: ReportContent) => ReportContent) => void;
  retrySave: () => void;
  /** Saves what is pending now; resolves when it is stored (or failed). */
  flush: () => Promise<void>;
  /** The engine's state after signing, an addendum or a restore. */
  replace: (state: ReportState) => void;
  reload: () => void;
}

/**
 * Saves still running for a case whose editor was closed: an editor opened again (the case
 * screen to the viewer) reads the report only after them, so it never shows older text.
 */
const closing = new Map<string, Promise<void>>();
/** The autosave of every editor open in this window. */
const openSavers = new Set<Autosave<ReportContent>>();

/**
 * Resolves once every editor closed in this window has stored what was typed: the report
 * editor is handed to another window only then (features/reportWindow/editorLock.ts).
 */
export async function draftsSettled(): Promise<void> {
  await Promise.all([...closing.values()]);
}

/** Whether text typed in this window is not stored yet (asked before the window closes). */
export function hasUnsavedDraft(): boolean {
  return (
    closing.size > 0 ||
    [...openSavers].some((s) => ['pending', 'saving', 'error'].includes(s.status()))
  );
}

/** Saves what every editor of this window has pending now. */
export async function flushDrafts(): Promise<void> {
  await Promise.all([...[...openSavers].map((s) => s.flush()), draftsSettled()]);
}

export function useReportDraft(api: ReportApi, caseId: string): ReportDraft {
  const [report, setReport] = useState<ReportState | null>(null);
  const [content, setContent] = useState<ReportContent | null>(null);
  const [loadError, setLoadError] = useState<ErrorInfo | null>(null);
  const [saveStatus, setSaveStatus] = useState<SaveStatus>('idle');
  const [saveError, setSaveError] = useState<ErrorInfo | null>(null);
  const [loads, setLoads] = useState(0);
  const autosave = useRef<Autosave<ReportContent> | null>(null);
  const contentRef = useRef<ReportContent | null>(null);

  useEffect(() => {
    let live = true;
    setReport(null);
    setContent(null);
    contentRef.current = null;
    setLoadError(null);
    setSaveStatus('idle');
    setSaveError(null);
    const saver = createAutosave<ReportContent>({
      save: async (value) => {
        const state = await api.saveReportDraft({ caseId, content: value });
        if (!live) return;
        // Keep the fields as typed; take the engine's version and time.
        setReport((r) => (r ? { ...state, content: contentRef.current ?? state.content } : state));
      },
      onStatus: (status, error) => {
        if (!live) return;
        setSaveStatus(status);
        setSaveError(status === 'error' ? errorInfo(error) : null);
      },
    });
    autosave.current = saver;
    openSavers.add(saver);
    const before = closing.get(caseId) ?? Promise.resolve();
    void before
      .then(() => api.getReport({ caseId }))
      .then(
        (state) => {
          if (!live) return;
          setReport(state);
          setContent(state.content);
          contentRef.current = state.content;
        },
        (e: unknown) => live && setLoadError(errorInfo(e)),
      );
    return () => {
      live = false;
      openSavers.delete(saver);
      // Leaving the case: what was typed is still saved.
      const done = saver.flush().finally(() => {
        saver.dispose();
        if (closing.get(caseId) === done) closing.delete(caseId);
      });
      closing.set(caseId, done);
    };
  }, [api, caseId, loads]);

  const update = useCallback((change: (c: ReportContent) => ReportContent) => {
    const current = contentRef.current;
    if (!current) return;
    const next = change(current);
    contentRef.current = next;
    setContent(next);
    autosave.current?.change(next);
  }, []);

  const setSection = useCallback(
    (id: ReportSectionId, text: string) =>
      update((c) => ({ ...c, sections: { ...c.sections, [id]: text } })),
    [update],
  );
  const setSynoptic = useCallback(
    (values: SynopticValues) => update((c) => ({ ...c, synoptic: values })),
    [update],
  );

  const replace = useCallback((state: ReportState) => {
    setReport(state);
    setContent(state.content);
    contentRef.current = state.content;
  }, []);

  return {
    report,
    content,
    loadError,
    saveStatus,
    saveError,
    setSection,
    setSynoptic,
    update,
    retrySave: () => autosave.current?.retry(),
    flush: async () => {
      await autosave.current?.flush();
    },
    replace,
    reload: () => setLoads((n) => n + 1),
  };
}
