/**
 * Applies the panel-folding rule (panelFold.ts) when the viewer's layout changes: measures
 * the viewport grid and the side panels, folds what the rule says, opens again what it had
 * folded when the layout is back to one viewport. What it decided is kept per store, so that
 * going to Settings and back (the viewer screen is mounted again) refolds nothing.
 */
import { useLayoutEffect } from 'react';
import type { RefObject } from 'react';
import type { AppStore } from '../../state/types';
import type { FoldMemory, PanelId, PanelNow } from './panelFold';
import { NO_FOLD, onLayout } from './panelFold';
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

export function usePanelFold(
  store: AppStore,
  count: ViewportCount,
  /** The viewer shows its layout (not while the case or slide is still unknown). */
  ready: boolean,
  layout: RefObject<HTMLElement | null>,
  grid: RefObject<HTMLElement | null>,
): void {
  useLayoutEffect(() => {
    const root = layout.current;
    const gridElement = grid.current;
    if (!ready || !root || !gridElement) return;
    const s = store.getState();
    const panels: PanelNow[] = [];
    for (const { id, selector } of PANELS) {
      const element = root.querySelector<HTMLElement>(selector);
      if (!element) continue;
      const open = id === 'annotations' ? s.annotationPanelOpen : s.reportPanelOpen;
      panels.push({ id, open, width: element.getBoundingClientRect().width });
    }
    const decision = onLayout(
      memories.get(store) ?? NO_FOLD,
      count,
      gridElement.getBoundingClientRect().width,
      panels,
    );
    memories.set(store, decision.memory);
    for (const id of decision.fold) openPanel(store, id, false);
    for (const id of decision.reopen) openPanel(store, id, true);
  }, [store, count, ready, layout, grid]);
}
