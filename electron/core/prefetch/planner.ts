/**
 * What to fetch for a slide, and in which order: the associated images (thumbnail, label,
 * macro), then the levels from the coarsest to the finest. At fine levels (downsample at
 * most FINE_DOWNSAMPLE, i.e. 10x and more on a 40x scan) only the tiles whose footprint
 * touches tissue; background is never fetched there. A pinned ("available offline") case
 * takes the whole pyramid.
 *
 * Pure functions: the worker feeds them metadata and the tissue mask.
 */
import type { AssociatedName, Level } from '../../common/pyramid';
import { ASSOCIATED_NAMES, tileGrid } from '../../common/pyramid';
import type { TissueMask } from './tissue';
import { TissueIndex } from './tissue';

/** Level -1 is an associated image, `col` its index in ASSOCIATED_NAMES (the cache's key). */
export interface PlannedTile {
  level: number;
  col: number;
  row: number;
}

/**
 * Levels at or below this downsample are fetched only where there is tissue: on a 40x
 * scan that is 40x, 20x and 10x, which hold ~95% of a pyramid's tiles.
 */
export const FINE_DOWNSAMPLE = 4;

/** Associated images in the order a worklist shows them: thumbnail, then label, then macro. */
export const ASSOCIATED_ORDER: readonly AssociatedName[] = ['thumbnail', 'label', 'macro'];

export interface PlanMetadata {
  width: number;
  height: number;
  levels: readonly Level[];
  associated: readonly AssociatedName[];
}

export interface PlanOptions {
  /** Every tile of every level, background included (pinned cases). */
  whole?: boolean;
  fineDownsample?: number;
  /** Levels of a smaller downsample are not fetched at all, not even when whole. */
  minDownsample?: number;
}

/**
 * Real-size demo slides (format 'demo') are rendered on demand, tens of milliseconds a
 * tile: prefetching their fine levels would keep the CPU busy for many minutes to fill the
 * cache with what the window renders as fast. Only their overview levels are prefetched.
 */
export const RENDERED_MIN_DOWNSAMPLE = 64;

export function associatedTile(name: AssociatedName): PlannedTile {
  return { level: -1, col: ASSOCIATED_NAMES.indexOf(name), row: 0 };
}

export function isFineLevel(level: Level, fineDownsample = FINE_DOWNSAMPLE): boolean {
  return level.downsample <= fineDownsample;
}

/**
 * The ordered tile list of one slide. Without a mask (no thumbnail could be read) fine
 * levels are skipped, not fetched whole: not knowing where the tissue is must not cost
 * the background at 40x.
 */
export function planSlide(
  metadata: PlanMetadata,
  mask: TissueMask | null,
  options: PlanOptions = {},
): PlannedTile[] {
  const fine = options.fineDownsample ?? FINE_DOWNSAMPLE;
  const tiles: PlannedTile[] = [];
  for (const name of ASSOCIATED_ORDER)
    if (metadata.associated.includes(name)) tiles.push(associatedTile(name));
  const index = mask ? new TissueIndex(mask, metadata.width, metadata.height) : null;
  const order = metadata.levels
    .map((level, i) => ({ level, i }))
    .sort((a, b) => b.level.downsample - a.level.downsample);
  for (const { level, i } of order) {
    if (level.downsample < (options.minDownsample ?? 0)) continue;
    const { cols, rows } = tileGrid(level);
    const masked = !options.whole && isFineLevel(level, fine);
    if (masked && !index) continue;
    // Footprint of a tile in level-0 pixels, from the level's own size (downsamples in
    // files are rounded; the ratio of sizes is exact).
    const fx = metadata.width / level.width;
    const fy = metadata.height / level.height;
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col < cols; col++) {
        if (masked) {
          const x0 = col * level.tileWidth * fx;
          const y0 = row * level.tileHeight * fy;
          const x1 = Math.min(level.width, (col + 1) * level.tileWidth) * fx;
          const y1 = Math.min(level.height, (row + 1) * level.tileHeight) * fy;
          if (!index?.touches(x0, y0, x1, y1)) continue;
        }
        tiles.push({ level: i, col, row });
      }
    }
  }
  return tiles;
}

export interface CaseTile extends PlannedTile {
  /** Index of the slide in the case's slide list. */
  slide: number;
}

/**
 * The slides of a case interleaved by phase: every slide's associated images first, then
 * every slide's coarse levels, then fine levels coarsest first, so that a case is usable
 * at low magnification on all its slides before any slide is complete at 40x.
 */
export function planCase(
  slides: readonly { metadata: PlanMetadata; plan: readonly PlannedTile[] }[],
): CaseTile[] {
  const keyed: {
    tile: CaseTile;
    phase: number;
    downsample: number;
    slide: number;
    order: number;
  }[] = [];
  slides.forEach(({ metadata, plan }, slide) => {
    plan.forEach((t, order) => {
      const level = t.level >= 0 ? metadata.levels[t.level] : undefined;
      const phase = !level ? 0 : isFineLevel(level) ? 2 : 1;
      keyed.push({
        tile: { ...t, slide },
        phase,
        downsample: level?.downsample ?? Infinity,
        slide,
        order,
      });
    });
  });
  keyed.sort(
    (a, b) =>
      a.phase - b.phase || b.downsample - a.downsample || a.slide - b.slide || a.order - b.order,
  );
  return keyed.map((k) => k.tile);
}
