import { describe, expect, it } from 'vitest';
import type { PanelNow } from './panelFold';
import { NO_FOLD, onLayout, onResize, panelsToFold, viewportWidth } from './panelFold';

/** The viewer's columns: slide strip 132 px, annotation panel 300 px, report panel 380 px. */
const STRIP = 132;
const open = (annotations = 300, report = 380): PanelNow[] => [
  { id: 'annotations', open: true, width: annotations },
  { id: 'report', open: true, width: report },
];
const grid = (screen: number, panels: PanelNow[]) =>
  screen - STRIP - panels.reduce((sum, p) => sum + (p.open ? p.width : 40), 0);

describe('side panels folded for several viewports', () => {
  it('folds both panels at 1366 px: two viewports of about 275 px become about 575 px', () => {
    const panels = open();
    expect(Math.round(viewportWidth(grid(1366, panels), 2))).toBe(276);
    expect(panelsToFold(2, grid(1366, panels), panels)).toEqual(['annotations', 'report']);
    const folded = panels.map((p) => ({ ...p, open: false }));
    expect(Math.round(viewportWidth(grid(1366, folded), 2))).toBe(576);
  });

  it('folds nothing at 1920 px, with two or four viewports (two columns either way)', () => {
    const panels = open();
    expect(panelsToFold(2, grid(1920, panels), panels)).toEqual([]);
    expect(panelsToFold(4, grid(1920, panels), panels)).toEqual([]);
  });

  it('folds only as many panels as needed, the annotation panel first', () => {
    // 1600 px: 788 px of grid, 392 px each; the annotation panel folded gives 1048 px, 522 each.
    const panels = open();
    expect(panelsToFold(2, grid(1600, panels), panels)).toEqual(['annotations']);
    // The annotation panel already folded by the user: the report panel goes.
    const [annotations, report] = panels;
    const mixed = [{ ...annotations!, open: false, width: 40 }, report!];
    expect(panelsToFold(2, grid(1366, mixed), mixed)).toEqual(['report']);
  });

  it('folds nothing for one viewport, however narrow', () => {
    const panels = open();
    expect(panelsToFold(1, grid(1024, panels), panels)).toEqual([]);
  });

  it('folds everything when even that leaves the viewports narrow', () => {
    const panels = open();
    expect(panelsToFold(2, grid(1024, panels), panels)).toEqual(['annotations', 'report']);
  });
});

describe('once per layout change', () => {
  it('folds when the layout goes to 2, leaves the reopened panel, refolds on the next change', () => {
    const panels = open();
    const two = onLayout(NO_FOLD, 2, grid(1366, panels), panels);
    expect(two.fold).toEqual(['annotations', 'report']);
    // The user opens the report panel again: same layout, nothing folded.
    const reopened: PanelNow[] = [
      { id: 'annotations', open: false, width: 40 },
      { id: 'report', open: true, width: 380 },
    ];
    const again = onLayout(two.memory, 2, grid(1366, reopened), reopened);
    expect(again.fold).toEqual([]);
    expect(again.memory).toBe(two.memory);
    // Four viewports: a layout change, the report panel folds again.
    const four = onLayout(again.memory, 4, grid(1366, reopened), reopened);
    expect(four.fold).toEqual(['report']);
    expect(four.memory.folded).toEqual(['annotations', 'report']);
  });

  it('opens again, back to one viewport, the panels it folded that are still folded', () => {
    const panels = open();
    const two = onLayout(NO_FOLD, 2, grid(1366, panels), panels);
    // The user opened the annotation panel again and left the report panel folded.
    const now: PanelNow[] = [
      { id: 'annotations', open: true, width: 300 },
      { id: 'report', open: false, width: 40 },
    ];
    const one = onLayout(two.memory, 1, grid(1366, now), now);
    expect(one.reopen).toEqual(['report']);
    expect(one.fold).toEqual([]);
    expect(one.memory).toEqual(NO_FOLD);
  });

  it('reopens nothing the user had folded before the layout changed', () => {
    const closed: PanelNow[] = [
      { id: 'annotations', open: false, width: 40 },
      { id: 'report', open: false, width: 40 },
    ];
    const two = onLayout(NO_FOLD, 2, grid(1366, closed), closed);
    expect(two.fold).toEqual([]);
    expect(onLayout(two.memory, 1, grid(1366, closed), closed).reopen).toEqual([]);
  });
});

describe('when the window is resized under the same layout', () => {
  it('folds when the window narrows (moved from a 1920 px screen to a 1366 px one)', () => {
    const panels = open();
    const wide = onLayout(NO_FOLD, 2, grid(1920, panels), panels);
    expect(wide.fold).toEqual([]);
    const narrow = onResize(wide.memory, 2, grid(1366, panels), panels);
    expect(narrow.fold).toEqual(['annotations', 'report']);
    expect(narrow.memory.folded).toEqual(['annotations', 'report']);
    // Already folded: nothing more to do on the next resize event.
    const folded = panels.map((p) => ({ ...p, open: false, width: 40 }));
    expect(onResize(narrow.memory, 2, grid(1360, folded), folded).fold).toEqual([]);
  });

  it('never folds again a panel the user opened again, until the layout changes', () => {
    const panels = open();
    const two = onLayout(NO_FOLD, 2, grid(1366, panels), panels);
    const reopened: PanelNow[] = [
      { id: 'annotations', open: false, width: 40 },
      { id: 'report', open: true, width: 380 },
    ];
    expect(onResize(two.memory, 2, grid(1300, reopened), reopened).fold).toEqual([]);
  });

  it('does nothing with one viewport, or before the layout change is decided', () => {
    const panels = open();
    expect(onResize(NO_FOLD, 1, grid(1024, panels), panels).fold).toEqual([]);
    expect(onResize(NO_FOLD, 2, grid(1024, panels), panels).fold).toEqual([]);
  });
});
