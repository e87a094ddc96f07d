/**
 * The report editor's lock (editorLock.ts) for a component: whether its editor is live,
 * and the ways to take it over or hand it back.
 */
import { useEffect, useRef, useState } from 'react';
import { draftsSettled } from '../report/useReportDraft';
import type { EditorLock, EditorState, Locks } from './editorLock';
import { REPORT_CHANNEL, startEditorLock } from './editorLock';

/** This window, among the workstation's windows (claims name their sender). */
const WINDOW_ID =
  typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `w-${Date.now()}-${Math.random()}`;

function webLocks(): Locks | null {
  const locks = (globalThis.navigator as { locks?: unknown } | undefined)?.locks;
  return locks ? (locks as Locks) : null;
}

export interface EditorLockHandle {
  state: EditorState;
  /** Takes the editor into this window ("Bring it here"). */
  claim: () => void;
  /** Hands the editor to the window waiting for it (the report window going back). */
  yieldEditor: () => Promise<void>;
}

/**
 * `panel`: the report beside the slides, which gets the editor back when the other window
 * lets it go. `window`: the report in its own window, which claims the editor when it
 * opens and closes itself when it hands it over.
 */
export function useEditorLock(role: 'panel' | 'window'): EditorLockHandle {
  const [state, setState] = useState<EditorState>(() => (webLocks() ? 'waiting' : 'live'));
  const lock = useRef<EditorLock | null>(null);
  /** Resolved after the next commit: the editor has unmounted and started its last save. */
  const committed = useRef<(() => void)[]>([]);

  useEffect(() => {
    const waiters = committed.current.splice(0);
    for (const resolve of waiters) resolve();
  }, [state]);

  useEffect(() => {
    const channel =
      typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(REPORT_CHANNEL);
    let mounted = true;
    const started = startEditorLock({
      locks: webLocks(),
      channel,
      windowId: WINDOW_ID,
      requeue: role === 'panel',
      onState: (s) => {
        if (mounted) setState(s);
      },
      handOver: async () => {
        if (mounted) await new Promise<void>((resolve) => committed.current.push(resolve));
        // Cleanups run in the same commit as the unmount; their saves are then registered.
        await Promise.resolve();
        await draftsSettled();
      },
      onHandedOver: role === 'window' ? () => window.close() : undefined,
    });
    lock.current = started;
    if (role === 'window') started.claim();
    return () => {
      mounted = false;
      // The editor unmounts in this same commit: its save is registered by the time this runs.
      started.stop();
      lock.current = null;
    };
  }, [role]);

  return {
    state,
    claim: () => lock.current?.claim(),
    yieldEditor: () => lock.current?.yieldEditor() ?? Promise.resolve(),
  };
}
