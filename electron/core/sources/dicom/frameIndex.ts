/**
 * The frame holding each tile of one pyramid level, indexed sparsely: memory grows with
 * the frames a series really lists, never with the grid its attributes declare (an 11 KB
 * folder declaring 2,000,000² pixels once cost 3.9 GB of per-tile typed arrays).
 *
 * - Frames with per-frame positions go in a Map keyed by tile, one entry per frame.
 * - TILED_FULL instances (PS3.3 C.7.6.17.3) are kept as runs: tiles [start, end) of the
 *   row-major grid are frames 1.. of one instance, found by arithmetic at lookup.
 * Where frames overlap, the first instance in `compareInstances` order wins (first optical
 * path, first concatenation part); within an instance, the first frame wins.
 */
import type { Level } from '../../../common/pyramid';
import { tileGrid } from '../../../common/pyramid';
import { MAX_TILES_PER_LEVEL } from '../limits';
import type { FrameRef, WsiInstance } from './wsiMetadata';

export interface LevelIndex {
  level: Level;
  cols: number;
  rows: number;
  /** The frame at an in-grid tile, or null for a gap (TILED_SPARSE, missing frames). */
  lookup(col: number, row: number): FrameRef | null;
}

/** A TILED_FULL instance: grid tiles [start, end) are its frames 1, 2... */
interface Run {
  start: number;
  end: number;
  rank: number;
}

/**
 * A positioned frame packed in one number: rank × FRAME_RADIX + (frame − 1). Frames per
 * instance are at most MAX_TILES_PER_LEVEL (< FRAME_RADIX), so this stays exact.
 */
const FRAME_RADIX = 2 * MAX_TILES_PER_LEVEL;

export function compareInstances(a: WsiInstance, b: WsiInstance): number {
  const pa = a.opticalPath ?? '';
  const pb = b.opticalPath ?? '';
  if (pa !== pb) return pa < pb ? -1 : 1;
  const ca = a.inConcatenationNumber ?? a.instanceNumber ?? 0;
  const cb = b.inConcatenationNumber ?? b.instanceNumber ?? 0;
  if (ca !== cb) return ca < cb ? -1 : 1;
  return a.instanceUID < b.instanceUID ? -1 : a.instanceUID > b.instanceUID ? 1 : 0;
}

export function indexLevel(level: Level, members: readonly WsiInstance[]): LevelIndex {
  const { cols, rows } = tileGrid(level);
  const plane = cols * rows;
  const sorted = [...members].sort(compareInstances);
  const positioned = new Map<number, number>();
  const runs: Run[] = [];

  // The plane shown: that of the first positioned frame of the level.
  let chosenZ: number | null | undefined;
  let chosenPath: string | null | undefined;
  // TILED_FULL: frame counts per concatenation, when offsets are not stated.
  const nextOffset = new Map<string, number>();
  sorted.forEach((inst, rank) => {
    if (inst.framePositions !== null) {
      inst.framePositions.forEach((p, i) => {
        if (chosenZ === undefined) chosenZ = p.z;
        if (chosenPath === undefined) chosenPath = p.opticalPath;
        if (p.z !== null && chosenZ !== null && Math.abs(p.z - chosenZ) > 1e-6) return;
        if (p.opticalPath !== null && chosenPath !== null && p.opticalPath !== chosenPath) return;
        const col = Math.round(p.x / level.tileWidth);
        const row = Math.round(p.y / level.tileHeight);
        if (col >= cols || row >= rows) return; // a last partial tile rounded up
        const at = row * cols + col;
        if (!positioned.has(at)) positioned.set(at, rank * FRAME_RADIX + i);
      });
      return;
    }
    const group = inst.concatenationUID ?? inst.instanceUID;
    if (chosenPath === undefined) chosenPath = inst.opticalPath;
    if (inst.opticalPath !== null && chosenPath !== null && inst.opticalPath !== chosenPath) return;
    const offset = inst.concatenationFrameOffset ?? nextOffset.get(group) ?? 0;
    nextOffset.set(group, offset + inst.numberOfFrames);
    // Frames past the first plane are later focal planes and optical paths.
    const end = Math.min(offset + inst.numberOfFrames, plane);
    if (offset < end) runs.push({ start: offset, end, rank });
  });

  // Disjoint runs (a concatenation's parts, the usual case) are binary-searched; any
  // overlap falls back to a scan in rank order, so that the first instance still wins.
  const byStart = [...runs].sort((a, b) => a.start - b.start);
  const disjoint = byStart.every((r, i) => i === 0 || r.start >= (byStart[i - 1]?.end ?? 0));
  const runAt = (g: number): Run | undefined => {
    if (!disjoint) return runs.find((r) => g >= r.start && g < r.end);
    let lo = 0;
    let hi = byStart.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const r = byStart[mid] as Run;
      if (g < r.start) hi = mid - 1;
      else if (g >= r.end) lo = mid + 1;
      else return r;
    }
    return undefined;
  };

  return {
    level,
    cols,
    rows,
    lookup(col, row) {
      const g = row * cols + col;
      const packed = positioned.get(g);
      const run = runAt(g);
      const rank = packed === undefined ? Infinity : Math.floor(packed / FRAME_RADIX);
      if (run !== undefined && run.rank < rank) {
        const inst = sorted[run.rank] as WsiInstance;
        return { instanceUID: inst.instanceUID, frameNumber: g - run.start + 1 };
      }
      if (packed === undefined) return null;
      const inst = sorted[rank] as WsiInstance;
      return { instanceUID: inst.instanceUID, frameNumber: (packed % FRAME_RADIX) + 1 };
    },
  };
}
