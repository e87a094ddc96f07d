/**
 * Gathers the tiles asked for together into batch requests (electron/common/tileBatch.ts):
 * tiles of the same slide and level, at most TILE_BATCH_MAX a request. A URL that is not a
 * plain tile of ours (an associated image, a placeholder probe) goes alone, as it is.
 */
import { SLIDE_ID_PATTERN } from '../../../electron/common/pyramid';
import type { BatchTile } from '../../../electron/common/tileBatch';
import { TILE_BATCH_MAX, tileBatchPath } from '../../../electron/common/tileBatch';

/**
 * Tiles per request: the engine's limit, so that what OSD asks for in one frame (osdOptions'
 * MAX_TILES_PER_FRAME) goes as one request per level. Every request costs on all sides of a
 * 2-core machine (the worker starts it and reads its answer, the browser's network service
 * carries it, the engine parses and answers it), and the tiles of one batch are read from
 * cache.db in well under a millisecond. With whole fields asked for in one frame, 32 tiles
 * a request against 8, four alternating runs of 40 jumps on the reference slide: p50 95 and
 * 98 ms against 102 and 106, means 105 and 104 against 110 and 119.
 */
export const TILES_PER_REQUEST = Math.min(32, TILE_BATCH_MAX);

export interface Asked {
  id: number;
  url: string;
}

/** One request to make: a batch (its tiles in the order of `ids`) or a single tile. */
export interface Planned {
  url: string;
  ids: number[];
  /** Each tile's own URL, in the order of `ids`. */
  singles: string[];
  batch: boolean;
}

const TILE_URL = /^(.*)\/([^/]+)\/(\d{1,7})\/(\d{1,7})\/(\d{1,7})$/;

/** Splits a tile URL into what a batch needs, or null when it is not a plain tile. */
function tileOf(url: string) {
  const m = TILE_URL.exec(url);
  if (!m || !SLIDE_ID_PATTERN.test(m[2]!)) return null;
  return {
    prefix: `${m[1]!}/`,
    slideId: m[2]!,
    level: Number(m[3]),
    col: Number(m[4]),
    row: Number(m[5]),
  };
}

/**
 * The tiles to ask for now, and those to ask for once these are in: for each slide, the
 * finest level asked goes now, coarser levels wait. OpenSeadragon asks for the level the
 * view needs and, in the same frame, for coarser tiles to show meanwhile; at a jump to a
 * new field at 1:1 those were 4–15 more tiles to decode beside the 30–40 the view needs,
 * on a 2-core machine where decoding is what a jump waits for. A URL that is not a plain
 * tile goes now.
 */
export function finestFirst(asked: readonly Asked[]): { now: Asked[]; later: Asked[] } {
  const finest = new Map<string, number>();
  const parsed = asked.map((a) => ({ a, t: tileOf(a.url) }));
  for (const { t } of parsed) {
    if (!t) continue;
    const key = `${t.prefix}${t.slideId}`;
    finest.set(key, Math.min(finest.get(key) ?? t.level, t.level));
  }
  const now: Asked[] = [];
  const later: Asked[] = [];
  for (const { a, t } of parsed) {
    if (t && t.level > finest.get(`${t.prefix}${t.slideId}`)!) later.push(a);
    else now.push(a);
  }
  return { now, later };
}

export function planRequests(asked: readonly Asked[], max = TILES_PER_REQUEST): Planned[] {
  const plans: Planned[] = [];
  const groups = new Map<
    string,
    {
      prefix: string;
      slideId: string;
      level: number;
      items: { id: number; tile: BatchTile; url: string }[];
    }
  >();
  for (const a of asked) {
    const t = tileOf(a.url);
    if (!t) {
      plans.push({ url: a.url, ids: [a.id], singles: [a.url], batch: false });
      continue;
    }
    const key = `${t.prefix}${t.slideId}/${t.level}`;
    let group = groups.get(key);
    if (!group) {
      group = { prefix: t.prefix, slideId: t.slideId, level: t.level, items: [] };
      groups.set(key, group);
    }
    group.items.push({ id: a.id, tile: { col: t.col, row: t.row }, url: a.url });
  }
  for (const g of groups.values()) {
    for (let i = 0; i < g.items.length; i += max) {
      const chunk = g.items.slice(i, i + max);
      if (chunk.length === 1) {
        plans.push({
          url: chunk[0]!.url,
          ids: [chunk[0]!.id],
          singles: [chunk[0]!.url],
          batch: false,
        });
        continue;
      }
      plans.push({
        url: `${g.prefix}${tileBatchPath(
          g.slideId,
          g.level,
          chunk.map((c) => c.tile),
        )}`,
        ids: chunk.map((c) => c.id),
        singles: chunk.map((c) => c.url),
        batch: true,
      });
    }
  }
  return plans;
}
