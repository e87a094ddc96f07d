/**
 * Pyramid math, magnification and the tile URL format. Pure functions shared by the
 * engine, the transports and the renderer.
 *
 * Conventions: level 0 is full resolution; levels, columns and rows are the source's own
 * grid (we never synthesise levels). Coordinates are branded so that a point in slide
 * pixels cannot be mixed up with a point on screen.
 */

import { z } from 'zod';
import type { BatchTile } from './tileBatch';
import { TILE_BATCH_SEGMENT, parseBatchTiles } from './tileBatch';

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A length or coordinate in full-resolution (level 0) slide pixels. */
export type SlidePx = Brand<number, 'SlidePx'>;
/** A length or coordinate in CSS pixels on screen. */
export type ScreenPx = Brand<number, 'ScreenPx'>;
/** Micrometres on the glass. */
export type Microns = Brand<number, 'Microns'>;

export const slidePx = (n: number): SlidePx => n as SlidePx;
export const screenPx = (n: number): ScreenPx => n as ScreenPx;
export const microns = (n: number): Microns => n as Microns;

export const LevelSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Full-resolution pixels per pixel of this level (1 for level 0). */
  downsample: z.number().positive(),
  tileWidth: z.number().int().positive(),
  tileHeight: z.number().int().positive(),
});
export type Level = z.infer<typeof LevelSchema>;

export interface TileRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function tileGrid(level: Level): { cols: number; rows: number } {
  return {
    cols: Math.ceil(level.width / level.tileWidth),
    rows: Math.ceil(level.height / level.tileHeight),
  };
}

export function isTileInGrid(level: Level, col: number, row: number): boolean {
  const { cols, rows } = tileGrid(level);
  return (
    Number.isInteger(col) &&
    Number.isInteger(row) &&
    col >= 0 &&
    row >= 0 &&
    col < cols &&
    row < rows
  );
}

/** The part of the level a tile covers, in that level's pixels; edge tiles are clipped. */
export function tileRect(level: Level, col: number, row: number): TileRect {
  const x = col * level.tileWidth;
  const y = row * level.tileHeight;
  return {
    x,
    y,
    width: Math.min(level.tileWidth, level.width - x),
    height: Math.min(level.tileHeight, level.height - y),
  };
}

/**
 * The level to read when drawing at `downsample` full-resolution pixels per screen pixel:
 * the coarsest level that is still at least as sharp as the screen needs.
 */
export function levelForDownsample(levels: readonly Level[], downsample: number): number {
  let best = 0;
  levels.forEach((level, i) => {
    // 1% slack so that a level whose downsample is 3.99 instead of 4 is still chosen.
    if (
      level.downsample <= downsample * 1.01 &&
      level.downsample >= (levels[best]?.downsample ?? 1)
    )
      best = i;
  });
  return best;
}

/**
 * Reference for magnification: an objective of 10× shows 1 µm per screen pixel on a
 * typical viewer, so 20× is 0.5 µm/px and 40× is 0.25 µm/px. This is the convention used
 * by Aperio (AppMag 20 ≈ MPP 0.5) and by most WSI viewers.
 */
export const MICRONS_PER_PIXEL_AT_1X = 10;

/** Magnification presets offered in the viewer. */
export const MAGNIFICATION_PRESETS = [1.25, 2.5, 5, 10, 20, 40] as const;

/** Magnification shown on screen when one image pixel takes `screenPxPerImagePx` pixels. */
export function magnificationFor(mppMicrons: number, screenPxPerImagePx: number): number {
  return (MICRONS_PER_PIXEL_AT_1X * screenPxPerImagePx) / mppMicrons;
}

/** Screen pixels per level-0 image pixel needed to show `magnification`. */
export function zoomForMagnification(mppMicrons: number, magnification: number): number {
  return (magnification * mppMicrons) / MICRONS_PER_PIXEL_AT_1X;
}

/** Formats a magnification for display: 1.25×, 2.5×, 10×, 40×. */
export function formatMagnification(m: number): string {
  const rounded = m >= 10 ? Math.round(m) : Math.round(m * 100) / 100;
  return `${rounded}×`;
}

export interface ScaleBar {
  /** Bar length on screen, in CSS pixels. */
  px: number;
  lengthMicrons: number;
  label: string;
}

/**
 * A scale bar of a round length (1, 2 or 5 × 10^n µm) no longer than `maxPx` on screen.
 * Returns null when the scale is unknown or degenerate.
 */
export function scaleBar(micronsPerScreenPx: number, maxPx: number): ScaleBar | null {
  if (!(micronsPerScreenPx > 0) || !(maxPx > 0) || !Number.isFinite(micronsPerScreenPx))
    return null;
  const maxMicrons = micronsPerScreenPx * maxPx;
  const exp = Math.floor(Math.log10(maxMicrons));
  let length = 10 ** exp;
  for (const m of [5, 2, 1]) {
    if (m * 10 ** exp <= maxMicrons) {
      length = m * 10 ** exp;
      break;
    }
  }
  const label = length >= 1000 ? `${length / 1000} mm` : `${length} µm`;
  return { px: length / micronsPerScreenPx, lengthMicrons: length, label };
}

// ---------------------------------------------------------------------------------------
// Tile URLs: `<base>/<slideId>/<level>/<col>/<row>` and `<base>/<slideId>/associated/<name>`.
// The base is `wsi://tiles` in Electron and `/tiles` on the web host.

export const SLIDE_ID_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;
export const ASSOCIATED_NAMES = ['label', 'macro', 'thumbnail'] as const;
export type AssociatedName = (typeof ASSOCIATED_NAMES)[number];

export type TileAddress =
  | { kind: 'tile'; slideId: string; level: number; col: number; row: number }
  | { kind: 'associated'; slideId: string; name: AssociatedName }
  | { kind: 'batch'; slideId: string; level: number; tiles: BatchTile[] };

export function tilePath(slideId: string, level: number, col: number, row: number): string {
  return `${slideId}/${level}/${col}/${row}`;
}

export function associatedPath(slideId: string, name: AssociatedName): string {
  return `${slideId}/associated/${name}`;
}

const MAX_INDEX = 1_000_000;

function parseIndex(s: string | undefined): number | null {
  if (s === undefined || !/^\d{1,7}$/.test(s)) return null;
  const n = Number(s);
  return n <= MAX_INDEX ? n : null;
}

/** Parses the part of a tile URL after the base. Returns null for anything malformed. */
export function parseTilePath(path: string): TileAddress | null {
  const parts = path.replace(/^\/+/, '').split('/');
  const [slideId, a, b, c] = parts;
  if (slideId === undefined || !SLIDE_ID_PATTERN.test(slideId)) return null;
  if (parts.length === 3 && a === 'associated') {
    return (ASSOCIATED_NAMES as readonly string[]).includes(b ?? '')
      ? { kind: 'associated', slideId, name: b as AssociatedName }
      : null;
  }
  if (parts.length !== 4) return null;
  if (b === TILE_BATCH_SEGMENT) {
    const level = parseIndex(a);
    const tiles = parseBatchTiles(c ?? '');
    return level === null || tiles === null ? null : { kind: 'batch', slideId, level, tiles };
  }
  const level = parseIndex(a);
  const col = parseIndex(b);
  const row = parseIndex(c);
  if (level === null || col === null || row === null) return null;
  return { kind: 'tile', slideId, level, col, row };
}
