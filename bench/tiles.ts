/**
 * Tile serving: the same level-0 tiles read (1) from the slide file by its reader, (2) from
 * plain files on disk, (3) from our cache.db, in-process; then serving those cached tiles
 * over HTTP and through Electron's protocol handler (serving.ts). The baseline is the
 * source file, measured in the same run.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SlideInfo } from '../electron/common/contract';
import { tileGrid } from '../electron/common/pyramid';
import { openSlideAny } from '../electron/core/sources/openSlide';
import type { TestHost } from '../e2e/support/testHost';
import type { Timing } from './stats';
import { benchServing } from './serving';
import { fmt, shuffle, table, timeEach } from './stats';

export interface BenchSlide {
  slideId: string;
  path: string;
  identity: string;
  info: SlideInfo;
}

/** Level-0 tiles of the slide, shuffled (random access, as a viewer jumping around). */
export function levelZeroTiles(info: SlideInfo, max: number): { col: number; row: number }[] {
  const { cols, rows } = tileGrid(info.levels[0]!);
  const all: { col: number; row: number }[] = [];
  for (let row = 0; row < rows; row++) for (let col = 0; col < cols; col++) all.push({ col, row });
  return shuffle(all, 7).slice(0, max);
}

export async function benchTiles(
  host: TestHost,
  slide: BenchSlide,
  workDir: string,
): Promise<string> {
  const ws = host.workstation;
  await ws.cache.removeSlide(slide.identity);
  const source = await openSlideAny(slide.path);
  // Tissue tiles only (glass compresses to a few KB and would flatter every method); this
  // untimed pass also puts the file in the OS page cache for every method alike.
  const sized = [];
  for (const t of levelZeroTiles(slide.info, 100_000))
    sized.push({ ...t, size: (await source.readTile(0, t.col, t.row)).bytes.length });
  sized.sort((a, b) => b.size - a.size);
  const tiles = shuffle(
    sized.slice(0, Math.max(200, Math.min(2000, sized.filter((t) => t.size >= 8192).length))),
    3,
  );
  const fromSource = await timeEach(tiles, (t) => source.readTile(0, t.col, t.row));

  const plainDir = path.join(workDir, 'plain-tiles');
  fs.mkdirSync(plainDir, { recursive: true });
  let bytes = 0;
  for (const t of tiles) {
    const tile = await source.readTile(0, t.col, t.row);
    bytes += tile.bytes.length;
    fs.writeFileSync(path.join(plainDir, `${t.col}_${t.row}.jpg`), tile.bytes);
  }
  await source.close();
  const fromFiles = await timeEach(tiles, (t) =>
    fs.promises.readFile(path.join(plainDir, `${t.col}_${t.row}.jpg`)),
  );

  const coldFill = await timeEach(tiles, (t) => ws.tiles.getTile(slide.slideId, 0, t.col, t.row));
  await ws.cache.flush();
  const fromCache = await timeEach(tiles, async (t) => {
    const tile = await ws.tiles.getTile(slide.slideId, 0, t.col, t.row);
    if (tile.origin !== 'cache') throw new Error('expected a cache hit');
  });
  const row = (name: string, t: Timing) => [
    name,
    t.perSecond,
    t.p50 * 1000,
    t.p95 * 1000,
    fromSource.perSecond / t.perSecond,
  ];
  return [
    `Tiles: ${tiles.length} level-0 tiles of ${slide.info.width}×${slide.info.height} (${slide.info.format}), mean ${fmt(bytes / tiles.length / 1024)} KB, random order`,
    table([
      ['method', 'tiles/s', 'p50 µs', 'p95 µs', 'source time ×'],
      row('source file (reader, baseline)', fromSource),
      row('plain files on disk (fs.readFile)', fromFiles),
      row('cache.db miss: source + write-back', coldFill),
      row('cache.db hit (TileService)', fromCache),
    ]),
    '("source time ×" = time per tile relative to the source file; below 1 is faster.)',
    '',
    await benchServing(host, slide.slideId, tiles),
  ].join('\n');
}
