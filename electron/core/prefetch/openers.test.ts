import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../log/logger';
import { writePyramidalTiff } from '../demo/tiffWriter';
import { Prefetcher } from './prefetcher';
import type { DownloadsStatus, SlideOpened } from './types';

let dir: string | null = null;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/** 2048 x 1536 white glass with a pink block over x 256-767, y 256-767. */
function slideImage(): { data: Uint8Array; width: number; height: number } {
  const width = 2048;
  const height = 1536;
  const data = new Uint8Array(width * height * 3).fill(244);
  for (let y = 256; y < 768; y++) {
    for (let x = 256; x < 768; x++) data.set([205, 120, 175], (y * width + x) * 3);
  }
  return { data, width, height };
}

describe('default opener (real slide files in the worker)', () => {
  it('prefetches an SVS file: its thumbnail finds the tissue, 40x background is skipped', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prefetch-svs-'));
    const file = path.join(dir, 'slide.svs');
    await writePyramidalTiff(file, {
      image: slideImage(),
      format: 'svs',
      tileSize: 256,
      levelDownsamples: [1, 4, 16],
    });
    const cachePath = path.join(dir, 'cache.db');
    const prefetcher = await Prefetcher.start({
      cachePath,
      budgetBytes: 1 << 30,
      log: memoryLogger(),
      tuning: { progressIntervalMs: 20 },
    });
    try {
      const opened = new Promise<SlideOpened>((resolve) => prefetcher.onSlideOpened(resolve));
      const done = new Promise<DownloadsStatus>((resolve) =>
        prefetcher.onProgress((s) => s.cases[0]?.state === 'done' && resolve(s)),
      );
      prefetcher.setWorklist([
        {
          caseId: 'c1',
          priority: 'routine',
          slides: [{ slideId: 's1', identity: null, locator: { kind: 'file', path: file } }],
        },
      ]);
      const slide = await opened;
      expect(slide.slideId).toBe('s1');
      expect(slide.metadata.levels).toHaveLength(3);
      const status = await done;
      await prefetcher.sync();
      const db = new Database(cachePath, { readonly: true });
      const tiles = db
        .prepare('SELECT level, col, row FROM tiles WHERE slide = ?')
        .all(slide.identity) as {
        level: number;
        col: number;
        row: number;
      }[];
      db.close();
      expect(tiles.length).toBe(status.cases[0]?.tilesTotal);
      expect(tiles.some((t) => t.level === -1)).toBe(true); // thumbnail
      const level0 = tiles.filter((t) => t.level === 0);
      // Tissue covers level-0 tiles 1-2 x 1-2 (plus the detection margin): not the 48-tile level.
      expect(level0.length).toBeGreaterThanOrEqual(4);
      expect(level0.length).toBeLessThanOrEqual(16);
      expect(level0.some((t) => t.col === 1 && t.row === 1)).toBe(true);
      expect(level0.some((t) => t.col === 7 && t.row === 5)).toBe(false);
      expect(tiles.filter((t) => t.level === 2)).toHaveLength(1);
    } finally {
      await prefetcher.close();
    }
  });
});
