/**
 * Where dictation actions go: a dictation device's buttons (hidDevices.ts), and the test
 * hook, publish; the report editor (sections, recording, signature) and the viewer (next
 * and previous slide) subscribe to the actions they own.
 */
import { useEffect, useRef } from 'react';
import type { DictationAction } from './buttonMapping';

type Listener = (action: DictationAction) => void;
const listeners = new Set<Listener>();

export function publishDictationAction(action: DictationAction): void {
  for (const listener of [...listeners]) listener(action);
}

export function subscribeDictationActions(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Runs the given handlers for their actions while the component is mounted. */
export function useDictationActions(handlers: Partial<Record<DictationAction, () => void>>): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => subscribeDictationActions((action) => latest.current[action]?.()), []);
}
