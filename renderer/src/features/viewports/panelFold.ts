/**
 * Side panels that fold away by themselves when the viewer goes to 2 or 4 viewports in a
 * narrow window (at 1366 px, with the annotation and report panels open, two viewports get
 * about 270 px each), or when the window narrows under several viewports (moved to a smaller
 * screen). A panel the user opens again stays open until the layout changes again; back to
 * one viewport, the panels folded by this rule (and still folded) open again. Pure, tested
 * without React or a browser.
 */
import type { ViewportCount } from './viewportLayout';

export type PanelId = 'annotations' | 'report';

/**
 * Narrowest a viewport should be beside others, in CSS pixels: its identity header (slide
 * number, stain, label, the prior's date) and its scale bar need about 320 px, and under
 * about a third of a 1366 px screen there is too little tissue left to compare with the
 * slide beside it. Chosen, not measured; a 1920 px screen keeps both panels open with two
 * viewports (about 550 px each) while 1366 px folds them (about 575 px each once folded).
 */
export const MIN_VIEWPORT_PX = 480;
/** Width of a folded panel (.annotation-panel.is-collapsed, .report-panel.is-collapsed). */
export const FOLDED_PANEL_PX = 40;
/** The gap between viewports (.viewport-grid gap). */
export const VIEWPORT_GAP_PX = 3;

/** A side panel as the window shows it now, in the order panels are folded. */
export interface PanelNow {
  id: PanelId;
  open: boolean;
  /** Its width now, in CSS pixels. */
  width: number;
}

/** Viewports side by side in a row for a layout (4 is 2 × 2). */
export function columnsFor(count: ViewportCount): number {
  return count === 1 ? 1 : 2;
}

/** Width of each viewport when the grid is `gridWidth` wide. */
export function viewportWidth(gridWidth: number, count: ViewportCount): number {
  const columns = columnsFor(count);
  return (gridWidth - VIEWPORT_GAP_PX * (columns - 1)) / columns;
}

/**
 * The panels to fold, in order, until each viewport is at least MIN_VIEWPORT_PX wide (all
 * of them when even that is not enough: every pixel goes to the slides then).
 */
export function panelsToFold(
  count: ViewportCount,
  gridWidth: number,
  panels: readonly PanelNow[],
): PanelId[] {
  if (count === 1) return [];
  const fold: PanelId[] = [];
  let width = gridWidth;
  for (const panel of panels) {
    if (viewportWidth(width, count) >= MIN_VIEWPORT_PX) break;
    if (!panel.open) continue;
    fold.push(panel.id);
    width += Math.max(0, panel.width - FOLDED_PANEL_PX);
  }
  return fold;
}

/** What the rule remembers between layouts: the layout it decided for, what it folded. */
export interface FoldMemory {
  count: ViewportCount;
  folded: readonly PanelId[];
}

/** The viewer starts with one viewport and nothing folded. */
export const NO_FOLD: FoldMemory = { count: 1, folded: [] };

export interface FoldDecision {
  fold: PanelId[];
  reopen: PanelId[];
  memory: FoldMemory;
}

/**
 * The layout is `count` now, the grid `gridWidth` wide with `panels` as they are. Nothing
 * happens while the layout stays the one decided for (the user's reopening is respected).
 */
export function onLayout(
  memory: FoldMemory,
  count: ViewportCount,
  gridWidth: number,
  panels: readonly PanelNow[],
): FoldDecision {
  if (count === memory.count) return { fold: [], reopen: [], memory };
  const stillFolded = memory.folded.filter((id) => panels.some((p) => p.id === id && !p.open));
  if (count === 1) return { fold: [], reopen: stillFolded, memory: { count, folded: [] } };
  const fold = panelsToFold(count, gridWidth, panels);
  return { fold, reopen: [], memory: { count, folded: [...stillFolded, ...fold] } };
}

/**
 * The window was resized under the same layout: folds what the rule says again, except the
 * panels the user opened again after the rule folded them (theirs until the layout changes).
 */
export function onResize(
  memory: FoldMemory,
  count: ViewportCount,
  gridWidth: number,
  panels: readonly PanelNow[],
): FoldDecision {
  const none = { fold: [], reopen: [], memory };
  if (count === 1 || count !== memory.count) return none;
  const reopened = (p: PanelNow) => p.open && memory.folded.includes(p.id);
  const fold = panelsToFold(
    count,
    gridWidth,
    panels.filter((p) => !reopened(p)),
  );
  if (fold.length === 0) return none;
  return { fold, reopen: [], memory: { count, folded: [...memory.folded, ...fold] } };
}
