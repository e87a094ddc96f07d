/**
 * How OpenSeadragon sees one of our pyramids. OSD numbers levels from 0 (coarsest) to
 * maxLevel (full resolution) and, by default, assumes each level is half the next one.
 * Our pyramids are the source's own: Aperio files step by 4 (downsamples 1, 4, 16), some
 * files skip levels, and level sizes are rounded. So we expose exactly the real levels,
 * each with its true size, and never ask OSD to invent one:
 *
 *   OSD level k  <->  source level (n - 1 - k)
 *   scale(k)      =  level width / full width (the true ratio, not 1 / 2^(maxLevel - k))
 *
 * Tile bounds are computed against the true level size, so an edge tile delivered padded
 * to the full tile size (TIFF stores them that way) has its padding cropped when drawn.
 *
 * Pure math in normalized OSD coordinates: the image spans x in [0, 1] and
 * y in [0, height / width].
 */
import type { Level, TileRect } from '../../../electron/common/pyramid';
import { tileGrid, tileRect } from '../../../electron/common/pyramid';

export interface PyramidShape {
  width: number;
  height: number;
  levels: readonly Level[];
}

export interface NormalizedRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class LevelMap {
  /** Source levels in OSD order: index 0 is the coarsest. */
  private readonly osdLevels: { source: number; level: Level }[];
  readonly width: number;
  readonly height: number;

  constructor(shape: PyramidShape) {
    if (shape.levels.length === 0) throw new Error('A pyramid needs at least one level');
    this.width = shape.width;
    this.height = shape.height;
    this.osdLevels = shape.levels
      .map((level, source) => ({ source, level }))
      // Coarsest first; a source listing its levels out of order still maps correctly.
      .sort((a, b) => a.level.width - b.level.width || b.source - a.source);
  }

  get maxLevel(): number {
    return this.osdLevels.length - 1;
  }

  private at(k: number): { source: number; level: Level } {
    const entry = this.osdLevels[k];
    if (!entry) throw new RangeError(`No OSD level ${k}`);
    return entry;
  }

  has(k: number): boolean {
    return Number.isInteger(k) && k >= 0 && k <= this.maxLevel;
  }

  /** The source level (as in tile URLs: 0 = full resolution) shown at OSD level k. */
  sourceLevel(k: number): number {
    return this.at(k).source;
  }

  level(k: number): Level {
    return this.at(k).level;
  }

  /** Level pixels per full-resolution pixel (1 at full resolution, 0.25 for a 4× level). */
  scale(k: number): number {
    return this.at(k).level.width / this.width;
  }

  numTiles(k: number): { x: number; y: number } {
    const { cols, rows } = tileGrid(this.at(k).level);
    return { x: cols, y: rows };
  }

  tileExists(k: number, col: number, row: number): boolean {
    if (!this.has(k)) return false;
    const { x, y } = this.numTiles(k);
    return (
      Number.isInteger(col) && Number.isInteger(row) && col >= 0 && row >= 0 && col < x && row < y
    );
  }

  /** The part of the level a tile really covers, in level pixels (edge tiles clipped). */
  sourceRect(k: number, col: number, row: number): TileRect {
    return tileRect(this.at(k).level, col, row);
  }

  /** Where a tile goes in normalized coordinates; the level always spans the whole image. */
  tileBounds(k: number, col: number, row: number): NormalizedRect {
    const level = this.at(k).level;
    const r = tileRect(level, col, row);
    const aspect = this.height / this.width;
    return {
      x: r.x / level.width,
      y: (r.y / level.height) * aspect,
      width: r.width / level.width,
      height: (r.height / level.height) * aspect,
    };
  }

  /** The tile under a normalized point, clamped to the grid. */
  tileAtPoint(k: number, point: { x: number; y: number }): { x: number; y: number } {
    const level = this.at(k).level;
    const { x: cols, y: rows } = this.numTiles(k);
    const aspect = this.height / this.width;
    const px = point.x * level.width;
    const py = (point.y / aspect) * level.height;
    const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, Math.floor(v)));
    return { x: clamp(px / level.tileWidth, cols), y: clamp(py / level.tileHeight, rows) };
  }

  /** The largest ratio between the downsamples of two neighbouring levels (2 for a dyadic pyramid). */
  largestStep(): number {
    let step = 1;
    for (let k = 1; k <= this.maxLevel; k++) {
      step = Math.max(step, this.at(k).level.width / this.at(k - 1).level.width);
    }
    return step;
  }
}

/**
 * OSD's `minPixelRatio`: it draws the finest level whose pixels are at least this many
 * screen pixels wide. OSD's default 0.5 suits a pyramid that halves at each level (a level
 * is never enlarged). With 4× steps the same 0.5 would show a level enlarged up to 2×, which
 * looks out of focus; 1/step keeps every level at or below 1 screen pixel per level pixel.
 * The 2% slack keeps the coarser level when the zoom sits exactly on it (10× on a 40× scan).
 * Never below 0.25: with 8× steps, staying sharp would mean reading up to 64 pixels per
 * screen pixel; 2× enlargement is the lesser evil there.
 */
export function minPixelRatioFor(map: LevelMap): number {
  return Math.max(0.25, Math.min(0.5, 1.02 / map.largestStep()));
}

/**
 * Images OSD may keep decoded. Too few and OSD evicts tiles it is still drawing, then loads
 * them again forever; so: the tiles of a full screen at the finest level `minPixelRatio`
 * allows, ×2 for a rotated view (its bounding box is up to twice the area), +10% for the
 * coarser levels underneath. Between 300 and 1500 so memory stays bounded (1500 decoded
 * tiles of 256² RGBA ≈ 400 MB).
 */
export function imageCacheCountFor(
  screen: { width: number; height: number },
  tile: { width: number; height: number },
  minPixelRatio: number,
): number {
  const across =
    (screen.width / minPixelRatio / tile.width + 2) *
    (screen.height / minPixelRatio / tile.height + 2);
  return Math.round(Math.min(1500, Math.max(300, across * 2 * 1.1)));
}
