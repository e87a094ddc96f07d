import { describe, expect, it } from 'vitest';
import type { DisplayInfo, Rect, WindowPlacement } from './layout';
import {
  EMPTY_LAYOUT_MEMORY,
  MAX_REMEMBERED_LAYOUTS,
  displaySetKey,
  fitIntoArea,
  layoutWindows,
  parseLayoutMemory,
  placeOnVisibleDisplay,
  placeReportWindow,
  placeViewerWindow,
  FALLBACK_BOUNDS,
  REPORT_WINDOW_WIDTH,
  recallLayout,
  rememberLayout,
} from './layout';

/** A display with a 40 DIP taskbar at the bottom. */
function display(
  id: number,
  x: number,
  y: number,
  width: number,
  height: number,
  scaleFactor = 1,
): DisplayInfo {
  return {
    id,
    bounds: { x, y, width, height },
    workArea: { x, y, width, height: height - 40 },
    scaleFactor,
  };
}

const within = (r: Rect, area: Rect) =>
  r.x >= area.x &&
  r.y >= area.y &&
  r.x + r.width <= area.x + area.width &&
  r.y + r.height <= area.y + area.height;

const minSize = { width: 960, height: 600 };

describe('layoutWindows', () => {
  it('puts the main window on the single display, inside its work area', () => {
    const d = display(1, 0, 0, 1920, 1080);
    const placements = layoutWindows([d], { primaryDisplayId: 1, minSize });
    expect(placements).toHaveLength(1);
    const [main] = placements;
    expect(main).toMatchObject({ role: 'main', displayId: 1, maximized: true });
    expect(within(main!.bounds, d.workArea)).toBe(true);
    expect(main!.bounds.width).toBeGreaterThanOrEqual(minSize.width);
  });

  it('with two displays: main on the primary, a viewer filling the other one', () => {
    const primary = display(10, 0, 0, 1920, 1080);
    const second = display(20, 1920, 0, 2560, 1440);
    const placements = layoutWindows([second, primary], { primaryDisplayId: 10, minSize });
    expect(placements.map((p) => [p.role, p.displayId])).toEqual([
      ['main', 10],
      ['viewer', 20],
    ]);
    expect(placements[1]!.bounds).toEqual(second.workArea);
    for (const p of placements)
      expect(within(p.bounds, (p.displayId === 10 ? primary : second).workArea)).toBe(true);
  });

  it('with three displays: one viewer per secondary display, sharpest first, honouring maxViewers', () => {
    const primary = display(1, 0, 0, 1920, 1080);
    // Same DIP size, but a 4K panel at 200 % offers four times the physical pixels.
    const hd = display(2, 1920, 0, 1920, 1080, 1);
    const uhd = display(3, -1920, 0, 1920, 1080, 2);
    const all = layoutWindows([primary, hd, uhd], { primaryDisplayId: 1, minSize });
    expect(all.map((p) => `${p.role}@${p.displayId}`)).toEqual(['main@1', 'viewer@3', 'viewer@2']);
    const one = layoutWindows([primary, hd, uhd], { primaryDisplayId: 1, maxViewers: 1, minSize });
    expect(one.map((p) => `${p.role}@${p.displayId}`)).toEqual(['main@1', 'viewer@3']);
    expect(layoutWindows([primary, hd, uhd], { primaryDisplayId: 1, maxViewers: 0 })).toHaveLength(
      1,
    );
  });

  it('keeps bounds in DIP whatever the scale factor', () => {
    const hiDpi = display(1, 0, 0, 1280, 720, 2.5);
    const [main] = layoutWindows([hiDpi], { primaryDisplayId: 1, minSize });
    expect(within(main!.bounds, hiDpi.workArea)).toBe(true);
    expect(main!.bounds.width).toBe(1152); // 90 % of 1280, not multiplied by 2.5
  });

  it('restores remembered bounds, fitted back into a work area that shrank', () => {
    const primary = display(1, 0, 0, 1920, 1080);
    const remembered: WindowPlacement[] = [
      {
        role: 'main',
        displayId: 1,
        bounds: { x: 100, y: 50, width: 1200, height: 800 },
        maximized: false,
      },
    ];
    expect(layoutWindows([primary], { primaryDisplayId: 1, remembered, minSize })[0]).toEqual(
      remembered[0],
    );

    const smaller = display(1, 0, 0, 1280, 720);
    const [main] = layoutWindows([smaller], { primaryDisplayId: 1, remembered, minSize });
    expect(main).toMatchObject({ role: 'main', displayId: 1, maximized: false });
    expect(within(main!.bounds, smaller.workArea)).toBe(true);
    expect(main!.bounds).toEqual({ x: 80, y: 0, width: 1200, height: 680 });
  });

  it('keeps the main window on the display the user moved it to, and puts the viewer on the primary', () => {
    const primary = display(1, 0, 0, 1920, 1080);
    const second = display(2, 1920, 0, 1920, 1080);
    const remembered: WindowPlacement[] = [
      {
        role: 'main',
        displayId: 2,
        bounds: { x: 2000, y: 100, width: 1000, height: 700 },
        maximized: true,
      },
    ];
    const placements = layoutWindows([primary, second], {
      primaryDisplayId: 1,
      remembered,
      minSize,
    });
    expect(placements.map((p) => `${p.role}@${p.displayId}`)).toEqual(['main@2', 'viewer@1']);
    expect(placements[0]!.bounds).toEqual(remembered[0]!.bounds);
  });

  it('ignores a remembered display that is gone and falls back to the primary', () => {
    const primary = display(1, 0, 0, 1920, 1080);
    const remembered: WindowPlacement[] = [
      {
        role: 'main',
        displayId: 99,
        bounds: { x: 5000, y: 100, width: 1000, height: 700 },
        maximized: false,
      },
    ];
    const [main] = layoutWindows([primary], { primaryDisplayId: 1, remembered, minSize });
    expect(main).toMatchObject({ displayId: 1, maximized: true });
    expect(within(main!.bounds, primary.workArea)).toBe(true);
  });

  it('uses the first display when the primary id is unknown, and fallback bounds with no display', () => {
    const d = display(5, 0, 0, 1920, 1080);
    expect(layoutWindows([d], { primaryDisplayId: 1 })[0]!.displayId).toBe(5);
    expect(layoutWindows([], { primaryDisplayId: 1 })).toEqual([
      {
        role: 'main',
        displayId: 1,
        bounds: { x: 0, y: 0, width: 1280, height: 800 },
        maximized: false,
      },
    ]);
  });
});

describe('fitIntoArea', () => {
  const area = { x: 0, y: 0, width: 1000, height: 800 };
  it('moves a window back inside without resizing it', () => {
    expect(fitIntoArea({ x: 900, y: -50, width: 400, height: 300 }, area)).toEqual({
      x: 600,
      y: 0,
      width: 400,
      height: 300,
    });
  });
  it('shrinks a window larger than the area, grows one below the minimum size', () => {
    expect(fitIntoArea({ x: 10, y: 10, width: 3000, height: 2000 }, area)).toEqual(area);
    expect(
      fitIntoArea({ x: 10, y: 10, width: 100, height: 100 }, area, { width: 500, height: 400 }),
    ).toEqual({
      x: 10,
      y: 10,
      width: 500,
      height: 400,
    });
    // The area itself is smaller than the minimum: the area wins.
    expect(
      fitIntoArea(
        { x: 0, y: 0, width: 100, height: 100 },
        { x: 0, y: 0, width: 300, height: 200 },
        { width: 500, height: 400 },
      ),
    ).toEqual({
      x: 0,
      y: 0,
      width: 300,
      height: 200,
    });
  });
});

describe('placeOnVisibleDisplay', () => {
  const primary = display(1, 0, 0, 1920, 1080);
  const right = display(2, 1920, 0, 1920, 1080);

  it('keeps a window that is fully visible where it is', () => {
    const bounds = { x: 2000, y: 100, width: 1200, height: 800 };
    expect(placeOnVisibleDisplay(bounds, [primary, right], 1)).toEqual({ displayId: 2, bounds });
  });

  it('pulls a window straddling two displays onto the one it overlaps most', () => {
    const r = placeOnVisibleDisplay(
      { x: 1500, y: 100, width: 1200, height: 800 },
      [primary, right],
      1,
    );
    expect(r.displayId).toBe(2);
    expect(within(r.bounds, right.workArea)).toBe(true);
  });

  it('moves a window whose display was removed onto the primary, centred, same size', () => {
    const onRemovedDisplay = { x: 2000, y: 100, width: 1200, height: 800 };
    const r = placeOnVisibleDisplay(onRemovedDisplay, [primary], 1);
    expect(r).toEqual({ displayId: 1, bounds: { x: 360, y: 120, width: 1200, height: 800 } });
    expect(within(r.bounds, primary.workArea)).toBe(true);
  });

  it('shrinks a window too large for the display that is left', () => {
    const laptop = display(1, 0, 0, 1366, 768, 1.25);
    const r = placeOnVisibleDisplay({ x: 3000, y: 0, width: 2560, height: 1400 }, [laptop], 1, {
      width: 960,
      height: 600,
    });
    expect(r.bounds).toEqual(laptop.workArea);
  });
});

describe('placeReportWindow', () => {
  const primary = display(1, 0, 0, 1920, 1080);
  const second = display(2, 1920, 0, 2560, 1440);
  const third = display(3, -1280, 0, 1280, 1024);
  const onPrimary = { x: 100, y: 50, width: 1600, height: 900 };

  it('fills the sharpest display other than the main window’s', () => {
    const p = placeReportWindow([primary, third, second], {
      primaryDisplayId: 1,
      mainBounds: onPrimary,
      minSize,
    });
    expect(p).toEqual({ role: 'report', displayId: 2, bounds: second.workArea, maximized: true });
    // The main window was moved to the large display: the report takes the primary.
    const q = placeReportWindow([primary, second], {
      primaryDisplayId: 1,
      mainBounds: { x: 2000, y: 10, width: 1500, height: 1000 },
      minSize,
    });
    expect(q.displayId).toBe(1);
  });

  it('with one display, a column on its right, full height, beside the main window', () => {
    const p = placeReportWindow([primary], { primaryDisplayId: 1, mainBounds: onPrimary, minSize });
    expect(p).toEqual({
      role: 'report',
      displayId: 1,
      bounds: { x: 1920 - REPORT_WINDOW_WIDTH, y: 0, width: REPORT_WINDOW_WIDTH, height: 1040 },
      maximized: false,
    });
    const small = display(5, 0, 0, 640, 480);
    const q = placeReportWindow([small], { primaryDisplayId: 5, mainBounds: null, minSize });
    expect(q.bounds).toEqual(small.workArea);
  });

  it('goes back where it was left with the same displays; falls back when that display is gone', () => {
    const left: WindowPlacement = {
      role: 'report',
      displayId: 3,
      bounds: { x: -1200, y: 40, width: 1000, height: 2000 },
      maximized: false,
    };
    const memory = rememberLayout(EMPTY_LAYOUT_MEMORY, [primary, second, third], [left]);
    const remembered = recallLayout(memory, [third, second, primary]);
    const p = placeReportWindow([primary, second, third], {
      primaryDisplayId: 1,
      mainBounds: onPrimary,
      remembered,
      minSize,
    });
    // Fitted back into the work area (1024 - 40 high).
    expect(p).toEqual({ ...left, bounds: { x: -1200, y: 0, width: 1000, height: 984 } });
    // Display 3 unplugged: another set of displays, nothing remembered for it, the other display.
    const q = placeReportWindow([primary, second], {
      primaryDisplayId: 1,
      mainBounds: onPrimary,
      remembered: recallLayout(memory, [primary, second]),
      minSize,
    });
    expect(q.displayId).toBe(2);
    // A remembered display that is not connected is never used, even if offered.
    const r = placeReportWindow([primary, second], {
      primaryDisplayId: 1,
      mainBounds: onPrimary,
      remembered,
      minSize,
    });
    expect(r.displayId).toBe(2);
  });

  it('never gives bounds without a display', () => {
    const p = placeReportWindow([], { primaryDisplayId: 7, mainBounds: null });
    expect(p).toMatchObject({ role: 'report', displayId: 7, maximized: false });
    expect(p.bounds.width).toBe(REPORT_WINDOW_WIDTH);
  });
});

describe('layout memory', () => {
  const primary = display(1, 0, 0, 1920, 1080);
  const second = display(2, 1920, 0, 1920, 1080);
  const main: WindowPlacement = {
    role: 'main',
    displayId: 1,
    bounds: { x: 10, y: 20, width: 1000, height: 700 },
    maximized: false,
  };

  it('keys layouts by the set of display ids, in any order', () => {
    expect(displaySetKey([second, primary])).toBe('1,2');
    expect(displaySetKey([primary, second])).toBe('1,2');
  });

  it('remembers per display set, replaces a role, and recalls only for the same set', () => {
    let memory = rememberLayout(EMPTY_LAYOUT_MEMORY, [primary, second], [main]);
    const viewer: WindowPlacement = {
      role: 'viewer',
      displayId: 2,
      bounds: second.workArea,
      maximized: true,
    };
    memory = rememberLayout(memory, [primary, second], [viewer]);
    const moved = { ...main, bounds: { ...main.bounds, x: 50 } };
    memory = rememberLayout(memory, [primary, second], [moved]);
    expect(recallLayout(memory, [second, primary])).toEqual([moved, viewer]);
    expect(recallLayout(memory, [primary])).toEqual([]);

    memory = rememberLayout(memory, [primary], [main]);
    expect(recallLayout(memory, [primary])).toEqual([main]);
    expect(recallLayout(memory, [primary, second])).toHaveLength(2);

    // One report window: the last place replaces the earlier one, whatever its display.
    const report: WindowPlacement = { ...viewer, role: 'report' };
    memory = rememberLayout(memory, [primary, second], [report]);
    const back = { ...report, displayId: 1, bounds: main.bounds, maximized: false };
    memory = rememberLayout(memory, [primary, second], [back]);
    expect(recallLayout(memory, [primary, second]).filter((p) => p.role === 'report')).toEqual([
      back,
    ]);
    expect(parseLayoutMemory(JSON.parse(JSON.stringify(memory)))).toEqual(memory);
  });

  it('forgets the oldest display sets beyond the limit', () => {
    let memory = EMPTY_LAYOUT_MEMORY;
    for (let id = 1; id <= MAX_REMEMBERED_LAYOUTS + 2; id++)
      memory = rememberLayout(memory, [display(id, 0, 0, 800, 600)], [main]);
    expect(memory.layouts).toHaveLength(MAX_REMEMBERED_LAYOUTS);
    expect(recallLayout(memory, [display(1, 0, 0, 800, 600)])).toEqual([]);
    expect(recallLayout(memory, [display(MAX_REMEMBERED_LAYOUTS + 2, 0, 0, 800, 600)])).toEqual([
      main,
    ]);
  });

  it('parses stored memory, and treats anything malformed as empty', () => {
    const memory = rememberLayout(EMPTY_LAYOUT_MEMORY, [primary], [main]);
    expect(parseLayoutMemory(JSON.parse(JSON.stringify(memory)))).toEqual(memory);
    expect(parseLayoutMemory({ version: 2, layouts: [] })).toEqual(EMPTY_LAYOUT_MEMORY);
    expect(
      parseLayoutMemory({ version: 1, layouts: [{ key: '1', placements: [{ role: 'x' }] }] }),
    ).toEqual(EMPTY_LAYOUT_MEMORY);
    expect(parseLayoutMemory('garbage')).toEqual(EMPTY_LAYOUT_MEMORY);
  });
});

describe('placeViewerWindow', () => {
  const primary = display(1, 0, 0, 1920, 1080);
  const second = display(2, 1920, 0, 2560, 1440);
  const third = display(3, -1280, 0, 1280, 1024);
  const onPrimary = { x: 100, y: 50, width: 1600, height: 900 };

  it('with one display, the right half of it, beside the main window', () => {
    const p = placeViewerWindow([primary], {
      primaryDisplayId: 1,
      mainBounds: onPrimary,
      occupied: [],
      minSize,
    });
    expect(p).toEqual({
      role: 'viewer',
      displayId: 1,
      bounds: { x: 960, y: 0, width: 960, height: 1040 },
      maximized: false,
    });
  });

  it('with two and three displays: the sharpest free one other than the main window’s, then the next', () => {
    const two = placeViewerWindow([primary, second], {
      primaryDisplayId: 1,
      mainBounds: onPrimary,
      occupied: [],
      minSize,
    });
    expect(two).toEqual({ role: 'viewer', displayId: 2, bounds: second.workArea, maximized: true });
    const next = placeViewerWindow([primary, third, second], {
      primaryDisplayId: 1,
      mainBounds: onPrimary,
      occupied: [2],
      minSize,
    });
    expect(next.displayId).toBe(3);
    // Every other display has its viewer: beside the main window on its display.
    const full = placeViewerWindow([primary, third, second], {
      primaryDisplayId: 1,
      mainBounds: onPrimary,
      occupied: [2, 3],
      minSize,
    });
    expect(full.displayId).toBe(1);
    expect(full.maximized).toBe(false);
  });

  it('counts physical pixels with mixed DPI, and keeps bounds in DIP', () => {
    // A 4K display at 200 % (1920 × 1080 DIP) is sharper than a 2560 × 1440 one at 100 %.
    const hiDpi = display(4, 1920, 0, 1920, 1080, 2);
    const p = placeViewerWindow([primary, second, hiDpi], {
      primaryDisplayId: 1,
      mainBounds: onPrimary,
      occupied: [],
      minSize,
    });
    expect(p.displayId).toBe(4);
    expect(p.bounds).toEqual(hiDpi.workArea);
  });

  it('goes back where a viewer was left with the same displays; never on an unplugged display', () => {
    const left: WindowPlacement = {
      role: 'viewer',
      displayId: 3,
      bounds: { x: -1200, y: 40, width: 1000, height: 700 },
      maximized: false,
    };
    const memory = rememberLayout(EMPTY_LAYOUT_MEMORY, [primary, second, third], [left]);
    const p = placeViewerWindow([primary, second, third], {
      primaryDisplayId: 1,
      mainBounds: onPrimary,
      occupied: [],
      remembered: recallLayout(memory, [primary, second, third]),
      minSize,
    });
    expect(p).toEqual(left);
    // Display 3 unplugged: its placement is not used even if offered; the other display.
    const q = placeViewerWindow([primary, second], {
      primaryDisplayId: 1,
      mainBounds: onPrimary,
      occupied: [],
      remembered: recallLayout(memory, [primary, second, third]),
      minSize,
    });
    expect(q).toEqual({ role: 'viewer', displayId: 2, bounds: second.workArea, maximized: true });
  });

  it('never gives bounds without a display', () => {
    const p = placeViewerWindow([], { primaryDisplayId: 7, mainBounds: null, occupied: [] });
    expect(p).toEqual({ role: 'viewer', displayId: 7, bounds: FALLBACK_BOUNDS, maximized: false });
  });
});
