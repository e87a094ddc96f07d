/**
 * Which window goes on which display. Pure: the shell feeds it what Electron's `screen`
 * module reports. All rectangles are in DIP (device-independent pixels), the unit
 * Electron uses for window bounds on every display, so scale factors never enter the
 * geometry; they only rank displays by how many physical pixels they offer a slide.
 *
 * Rules:
 * - The main window (worklist + case) goes on the primary display, unless the user moved
 *   it to another display of the same set last time.
 * - Each other display gets one slide viewer window, sharpest display first.
 * - The report in its own window (placeReportWindow) fills a display other than the main
 *   window's, the sharpest; with a single display it takes the right-hand side of it.
 * - Placements are remembered per set of display ids; a remembered placement is fitted
 *   back into its display's work area (resolution or taskbar may have changed).
 * - A window whose display disappeared is moved onto a display that is still there.
 */
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/** The subset of Electron's `Display` the layout needs. */
export interface DisplayInfo {
  id: number;
  bounds: Rect;
  /** Bounds minus taskbars, docks and menu bars. */
  workArea: Rect;
  scaleFactor: number;
}

export type WindowRole = 'main' | 'viewer' | 'report';

export interface WindowPlacement {
  role: WindowRole;
  displayId: number;
  /** Normal (unmaximized) bounds. */
  bounds: Rect;
  maximized: boolean;
}

export interface LayoutRequest {
  primaryDisplayId: number;
  /** Viewer windows wanted at most, one per display other than the main one. Default: one per such display. */
  maxViewers?: number;
  /** What was remembered for this same set of displays (see `recallLayout`). */
  remembered?: readonly WindowPlacement[];
  /** Smallest usable window; a work area smaller than this wins. */
  minSize?: Size;
}

/** Used when there is no display at all (headless) so the caller still gets bounds. */
export const FALLBACK_BOUNDS: Rect = { x: 0, y: 0, width: 1280, height: 800 };

/** A first-run main window covers this share of the work area, centred, then is maximized. */
const DEFAULT_MAIN_SHARE = 0.9;

const round = (r: Rect): Rect => ({
  x: Math.round(r.x),
  y: Math.round(r.y),
  width: Math.round(r.width),
  height: Math.round(r.height),
});

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/**
 * Fits `bounds` inside `area`: no smaller than `minSize` unless the area itself is, no
 * larger than the area, and moved (not resized) to be fully inside.
 */
export function fitIntoArea(
  bounds: Rect,
  area: Rect,
  minSize: Size = { width: 0, height: 0 },
): Rect {
  const width = Math.min(Math.max(bounds.width, minSize.width), area.width);
  const height = Math.min(Math.max(bounds.height, minSize.height), area.height);
  return round({
    x: clamp(bounds.x, area.x, area.x + area.width - width),
    y: clamp(bounds.y, area.y, area.y + area.height - height),
    width,
    height,
  });
}

function centredIn(area: Rect, size: Size): Rect {
  return round({
    x: area.x + (area.width - size.width) / 2,
    y: area.y + (area.height - size.height) / 2,
    width: size.width,
    height: size.height,
  });
}

function intersectionArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Physical pixels a display offers: what matters for looking at a slide. */
function physicalPixels(d: DisplayInfo): number {
  return d.workArea.width * d.workArea.height * d.scaleFactor * d.scaleFactor;
}

/** Identifies a set of displays, whatever order the OS lists them in. */
export function displaySetKey(displays: readonly DisplayInfo[]): string {
  return [...displays]
    .map((d) => d.id)
    .sort((a, b) => a - b)
    .join(',');
}

function defaultMainBounds(d: DisplayInfo, minSize: Size): Rect {
  const size = {
    width: Math.min(
      Math.max(d.workArea.width * DEFAULT_MAIN_SHARE, minSize.width),
      d.workArea.width,
    ),
    height: Math.min(
      Math.max(d.workArea.height * DEFAULT_MAIN_SHARE, minSize.height),
      d.workArea.height,
    ),
  };
  return centredIn(d.workArea, size);
}

export function layoutWindows(
  displays: readonly DisplayInfo[],
  request: LayoutRequest,
): WindowPlacement[] {
  const minSize = request.minSize ?? { width: 0, height: 0 };
  const first = displays[0];
  if (first === undefined) {
    return [
      {
        role: 'main',
        displayId: request.primaryDisplayId,
        bounds: FALLBACK_BOUNDS,
        maximized: false,
      },
    ];
  }
  const byId = new Map(displays.map((d) => [d.id, d]));
  const remembered = request.remembered ?? [];
  const rememberedMain = remembered.find((p) => p.role === 'main' && byId.has(p.displayId));
  const mainDisplay =
    (rememberedMain && byId.get(rememberedMain.displayId)) ??
    byId.get(request.primaryDisplayId) ??
    first;

  const main: WindowPlacement = rememberedMain
    ? {
        role: 'main',
        displayId: mainDisplay.id,
        bounds: fitIntoArea(rememberedMain.bounds, mainDisplay.workArea, minSize),
        maximized: rememberedMain.maximized,
      }
    : {
        role: 'main',
        displayId: mainDisplay.id,
        bounds: defaultMainBounds(mainDisplay, minSize),
        maximized: true,
      };

  const others = displays
    .filter((d) => d.id !== mainDisplay.id)
    .sort(
      (a, b) => physicalPixels(b) - physicalPixels(a) || a.bounds.x - b.bounds.x || a.id - b.id,
    );
  const viewerDisplays = others.slice(0, Math.max(0, request.maxViewers ?? others.length));
  const viewers = viewerDisplays.map((d): WindowPlacement => {
    const saved = remembered.find((p) => p.role === 'viewer' && p.displayId === d.id);
    return saved
      ? {
          role: 'viewer',
          displayId: d.id,
          bounds: fitIntoArea(saved.bounds, d.workArea, minSize),
          maximized: saved.maximized,
        }
      : {
          role: 'viewer',
          displayId: d.id,
          bounds: fitIntoArea(d.workArea, d.workArea, minSize),
          maximized: true,
        };
  });
  return [main, ...viewers];
}

/**
 * Where a window with `bounds` should be now: on the display it overlaps most, fitted
 * into that display's work area; if it overlaps none (its display was unplugged), the
 * same size centred on the primary display.
 */
export function placeOnVisibleDisplay(
  bounds: Rect,
  displays: readonly DisplayInfo[],
  primaryDisplayId: number,
  minSize?: Size,
): { displayId: number; bounds: Rect } {
  let best: DisplayInfo | undefined;
  let bestArea = 0;
  for (const d of displays) {
    const area = intersectionArea(bounds, d.workArea);
    if (area > bestArea) {
      best = d;
      bestArea = area;
    }
  }
  if (best !== undefined)
    return { displayId: best.id, bounds: fitIntoArea(bounds, best.workArea, minSize) };
  const primary = displays.find((d) => d.id === primaryDisplayId) ?? displays[0];
  if (primary === undefined) return { displayId: primaryDisplayId, bounds: round(bounds) };
  const fitted = fitIntoArea(bounds, primary.workArea, minSize);
  return { displayId: primary.id, bounds: centredIn(primary.workArea, fitted) };
}

/** Width of a report window sharing the main window's display (renderer: REPORT_WINDOW_WIDTH). */
export const REPORT_WINDOW_WIDTH = 760;

export interface ReportWindowRequest {
  primaryDisplayId: number;
  /** Where the main window is now: the report goes to another display than this one. */
  mainBounds: Rect | null;
  /** What was remembered for this same set of displays (see `recallLayout`). */
  remembered?: readonly WindowPlacement[];
  minSize?: Size;
}

/**
 * Where the report in its own window goes: where the user left it last time with the same
 * displays; else filling the sharpest display other than the main window's; else, with one
 * display, a column on the right of it, full height, beside the main window.
 */
export function placeReportWindow(
  displays: readonly DisplayInfo[],
  request: ReportWindowRequest,
): WindowPlacement {
  const minSize = request.minSize ?? { width: 0, height: 0 };
  const first = displays[0];
  if (first === undefined) {
    return {
      role: 'report',
      displayId: request.primaryDisplayId,
      bounds: { ...FALLBACK_BOUNDS, width: REPORT_WINDOW_WIDTH },
      maximized: false,
    };
  }
  const byId = new Map(displays.map((d) => [d.id, d]));
  const saved = (request.remembered ?? []).find(
    (p) => p.role === 'report' && byId.has(p.displayId),
  );
  if (saved) {
    const d = byId.get(saved.displayId)!;
    return { ...saved, bounds: fitIntoArea(saved.bounds, d.workArea, minSize) };
  }
  const mainDisplayId =
    request.mainBounds === null
      ? request.primaryDisplayId
      : placeOnVisibleDisplay(request.mainBounds, displays, request.primaryDisplayId).displayId;
  const other = displays
    .filter((d) => d.id !== mainDisplayId)
    .sort(
      (a, b) => physicalPixels(b) - physicalPixels(a) || a.bounds.x - b.bounds.x || a.id - b.id,
    )[0];
  if (other) {
    return {
      role: 'report',
      displayId: other.id,
      bounds: fitIntoArea(other.workArea, other.workArea, minSize),
      maximized: true,
    };
  }
  const d = byId.get(mainDisplayId) ?? first;
  const area = d.workArea;
  const width = Math.min(REPORT_WINDOW_WIDTH, area.width);
  return {
    role: 'report',
    displayId: d.id,
    bounds: fitIntoArea(
      { x: area.x + area.width - width, y: area.y, width, height: area.height },
      area,
      { width: Math.min(minSize.width, REPORT_WINDOW_WIDTH), height: minSize.height },
    ),
    maximized: false,
  };
}

export interface ViewerWindowRequest {
  primaryDisplayId: number;
  /** Where the main window is now: a viewer goes to another display than this one. */
  mainBounds: Rect | null;
  /** Displays that already have a viewer window of ours. */
  occupied: readonly number[];
  /** What was remembered for this same set of displays (see `recallLayout`). */
  remembered?: readonly WindowPlacement[];
  minSize?: Size;
}

/**
 * Where a slide sent to another screen goes (a viewer window): on a display other than the
 * main window's that has no viewer yet, where a viewer was left last time with the same
 * displays, else filling the sharpest such display; with no such display, the right half
 * of the main window's display (or where a viewer was left on it).
 */
export function placeViewerWindow(
  displays: readonly DisplayInfo[],
  request: ViewerWindowRequest,
): WindowPlacement {
  const minSize = request.minSize ?? { width: 0, height: 0 };
  const first = displays[0];
  if (first === undefined) {
    return {
      role: 'viewer',
      displayId: request.primaryDisplayId,
      bounds: FALLBACK_BOUNDS,
      maximized: false,
    };
  }
  const remembered = (request.remembered ?? []).filter((p) => p.role === 'viewer');
  const savedOn = (d: DisplayInfo): WindowPlacement | null => {
    const saved = remembered.find((p) => p.displayId === d.id);
    return saved ? { ...saved, bounds: fitIntoArea(saved.bounds, d.workArea, minSize) } : null;
  };
  const mainDisplayId =
    request.mainBounds === null
      ? request.primaryDisplayId
      : placeOnVisibleDisplay(request.mainBounds, displays, request.primaryDisplayId).displayId;
  const free = displays
    .filter((d) => d.id !== mainDisplayId && !request.occupied.includes(d.id))
    .sort(
      (a, b) => physicalPixels(b) - physicalPixels(a) || a.bounds.x - b.bounds.x || a.id - b.id,
    );
  for (const d of free) {
    const saved = savedOn(d);
    if (saved) return saved;
  }
  const other = free[0];
  if (other) {
    return {
      role: 'viewer',
      displayId: other.id,
      bounds: fitIntoArea(other.workArea, other.workArea, minSize),
      maximized: true,
    };
  }
  const d = displays.find((x) => x.id === mainDisplayId) ?? first;
  const saved = savedOn(d);
  if (saved) return saved;
  const area = d.workArea;
  const width = Math.round(area.width / 2);
  return {
    role: 'viewer',
    displayId: d.id,
    bounds: fitIntoArea(
      { x: area.x + area.width - width, y: area.y, width, height: area.height },
      area,
      { width: Math.min(minSize.width, width), height: minSize.height },
    ),
    maximized: false,
  };
}

// ---------------------------------------------------------------------------------------
// Memory: the last placements for each set of displays, most recent first.

/** Sets of displays remembered (home, office, sign-out room...): older ones are dropped. */
export const MAX_REMEMBERED_LAYOUTS = 8;

const RectSchema = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number().positive(),
  height: z.number().positive(),
});
const PlacementSchema = z.object({
  role: z.enum(['main', 'viewer', 'report']),
  displayId: z.number(),
  bounds: RectSchema,
  maximized: z.boolean(),
});
export const LayoutMemorySchema = z.object({
  version: z.literal(1),
  layouts: z.array(z.object({ key: z.string(), placements: z.array(PlacementSchema) })).max(64),
});
export type LayoutMemory = z.infer<typeof LayoutMemorySchema>;

export const EMPTY_LAYOUT_MEMORY: LayoutMemory = { version: 1, layouts: [] };

/** Reads stored memory; anything unreadable is an empty memory (it is only a convenience). */
export function parseLayoutMemory(raw: unknown): LayoutMemory {
  const parsed = LayoutMemorySchema.safeParse(raw);
  return parsed.success ? parsed.data : EMPTY_LAYOUT_MEMORY;
}

export function recallLayout(
  memory: LayoutMemory,
  displays: readonly DisplayInfo[],
): WindowPlacement[] {
  const key = displaySetKey(displays);
  return memory.layouts.find((l) => l.key === key)?.placements ?? [];
}

/**
 * Records `placements` for the current set of displays. A placement replaces the one of
 * the same role on the same display (main and report: the one window, wherever it was).
 */
export function rememberLayout(
  memory: LayoutMemory,
  displays: readonly DisplayInfo[],
  placements: readonly WindowPlacement[],
): LayoutMemory {
  const key = displaySetKey(displays);
  const previous = memory.layouts.find((l) => l.key === key)?.placements ?? [];
  const replaced = (p: WindowPlacement) =>
    placements.some(
      (n) => n.role === p.role && (p.role !== 'viewer' || n.displayId === p.displayId),
    );
  const merged = [
    ...placements.map((p) => ({ ...p, bounds: round(p.bounds) })),
    ...previous.filter((p) => !replaced(p)),
  ];
  const others = memory.layouts.filter((l) => l.key !== key);
  return {
    version: 1,
    layouts: [{ key, placements: merged }, ...others].slice(0, MAX_REMEMBERED_LAYOUTS),
  };
}
