/**
 * All windows of the workstation share the case: when the user opens another case in one
 * window, every other window that shows a case follows it, so that no window ever keeps
 * showing a slide of another patient than the case being worked on.
 *
 * Windows talk over a BroadcastChannel (same origin: the web host's tabs and windows, or
 * Electron's windows, which all load app://renderer). A window announces the case it
 * opened; a window showing another case (its gallery, a slide, its report alone, or a
 * missing-case page) opens the announced one (a report window shows that case's report). A window on the worklist or in Settings stays where it is.
 * Plain TypeScript over the store, tested without React.
 */
import type { AppStore } from '../../state/types';

export const CASE_CHANNEL = 'lille-pathology-workstation.case';

export interface CaseMessage {
  type: 'case-opened';
  caseId: string;
  accession: string;
  /** The patient of that case, so a receiver can check what it shows. */
  patientId: string;
}

/** The part of BroadcastChannel we use (a fake in tests). */
export interface Channel {
  postMessage(message: CaseMessage): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

function isCaseMessage(x: unknown): x is CaseMessage {
  const m = x as Partial<CaseMessage> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.type === 'case-opened' &&
    typeof m.caseId === 'string' &&
    typeof m.accession === 'string' &&
    typeof m.patientId === 'string'
  );
}

/** The case a window shows (gallery, slide or report), or null on the worklist and in Settings. */
function shownCaseId(store: AppStore): string | null {
  const { route } = store.getState();
  return route.name === 'case' || route.name === 'slide' || route.name === 'report'
    ? route.caseId
    : null;
}

export function startCaseSync(store: AppStore, channel: Channel): () => void {
  // The case this window last announced or followed: never announced back.
  let shared: string | null = null;

  const unsubscribe = store.subscribe((state, prev) => {
    if (state.openCase === prev.openCase && state.route === prev.route) return;
    const open = state.openCase;
    const caseId = shownCaseId(store);
    if (open === null || caseId === null || open.summary.id !== caseId) return;
    if (caseId === shared) return;
    shared = caseId;
    channel.postMessage({
      type: 'case-opened',
      caseId,
      accession: open.summary.accession,
      patientId: open.summary.patient.id,
    });
  });

  channel.addEventListener('message', (event) => {
    if (!isCaseMessage(event.data)) return;
    const { caseId } = event.data;
    shared = caseId;
    const { route } = store.getState();
    const showsCase = route.name === 'missing' || shownCaseId(store) !== null;
    if (!showsCase || shownCaseId(store) === caseId) return;
    // Another case of the same patient (a prior opened in a new window) is read beside this
    // one: no slide of another patient is left on screen, so this window stays.
    const shownPatient = store.getState().openCase?.summary.patient.id ?? '';
    if (shownPatient !== '' && shownPatient === event.data.patientId) return;
    void store.getState().showCase(caseId);
  });

  return () => {
    unsubscribe();
    channel.close();
  };
}
