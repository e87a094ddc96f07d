/**
 * Applies the panel-folding rule (panelFold.ts) when the viewer's layout changes, and when
 * the window is resized: measures the viewport grid and the side panels, folds what the rule
 * says, opens again what it had folded when the layout is back to one viewport. What it
 * decided is kept per store, so that going to Settings and back (the viewer screen is
 * mounted again) refolds nothing.
 */
import { useEffect, useLayoutEffect } from 'react';
import type { RefObject } from 'react';
import type { AppStore } from '../../state/types';
import type { FoldDecision, FoldMemory, PanelId, PanelNow } from './panelFold';
import { NO_FOLD, onLayout, onResize } from './panelFold';
import type { ViewportCount } from './viewportLayout';

const memories = new WeakMap<AppStore, FoldMemory>();

/** The side panels, in the order they fold, found by their class in the viewer layout. */
const PANELS: readonly { id: PanelId; selector: string }[] = [
  { id: 'annotations', selector: '.annotation-panel' },
  { id: 'report', selector: '.report-panel' },
];

function openPanel(store: AppStore, id: PanelId, open: boolean): void {
  const s = store.getState();
  if (id === 'annotations') s.setAnnotationPanelOpen(open);
  // Folded by the viewer, not by the user: the user's choice for next time is kept.
  else s.setReportPanelOpen(open, false);
}

type Rule = typeof onLayout | typeof onResize;

/** Measures the grid and the panels, asks `rule`, and folds or opens what it says. */
function apply(
  store: AppStore,
  rule: Rule,
  count: ViewportCount,
  root: HTMLElement,
  grid: HTMLElement,
): void {
  const s = store.getState();
  const panels: PanelNow[] = [];
  for (const { id, selector } of PANELS) {
    const element = root.querySelector<HTMLElement>(selector);
    if (!element) continue;
    const open = id === 'annotations' ? s.annotationPanelOpen : s.reportPanelOpen;
    panels.push({ id, open, width: element.getBoundingClientRect().width });
  }
  const decision: FoldDecision = rule(
    memories.get(store) ?? NO_FOLD,
    count,
    grid.getBoundingClientRect().width,
    panels,
  );
  memories.set(store, decision.memory);
  for (const id of decision.fold) openPanel(store, id, false);
  for (const id of decision.reopen) openPanel(store, id, true);
}

export function usePanelFold(
  store: AppStore,
  count: ViewportCount,
  /** The viewer shows its layout (not while the case or slide is still unknown). */
  ready: boolean,
  layout: RefObject<HTMLElement | null>,
  grid: RefObject<HTMLElement | null>,
): void {
  useLayoutEffect(() => {
    if (ready && layout.current && grid.current)
      apply(store, onLayout, count, layout.current, grid.current);
  }, [store, count, ready, layout, grid]);
  useEffect(() => {
    if (!ready || count === 1) return;
    const resized = () => {
      if (layout.current && grid.current)
        apply(store, onResize, count, layout.current, grid.current);
    };
    window.addEventListener('resize', resized);
    return () => window.removeEventListener('resize', resized);
  }, [store, count, ready, layout, grid]);
}
