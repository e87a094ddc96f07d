/**
 * OpenSeadragon tile source for our pyramids: the levels of getSlideInfo as they are (see
 * levelMap.ts for the mapping) and tile URLs built with the shared tilePath(). OSD stays
 * ignorant of where tiles come from: only getTileUrl knows the base URL.
 */
import OpenSeadragon from 'openseadragon';
import type { SlideInfo } from '../../../electron/common/contract';
import { tileUrl } from '../api/transport';
import { LevelMap } from './levelMap';
import { lookAgain } from './lookAgain';
import type { PlaceholderFactory } from './offlinePlaceholder';
import type { TileJob, TileLoaderDeps } from './tileLoader';
import { tileDecoder } from './tileDecoder';
import { abortTileJob, decodedTiles, probeTile, startTileJob } from './tileLoader';

type Tile = OpenSeadragon.Tile;

export class WsiTileSource extends OpenSeadragon.TileSource {
  // Assigned after super(): OSD's constructor runs first and must not see class fields.
  declare readonly map: LevelMap;
  declare readonly slideId: string;
  declare readonly tileBase: string;
  /** Tiles shown as "not available offline", and tiles that failed, until revived. */
  declare readonly placeholderTiles: Set<Tile>;
  declare readonly failedTiles: Set<Tile>;
  declare private readonly loader: TileLoaderDeps<Tile>;

  constructor(info: SlideInfo, tileBase: string, placeholders: PlaceholderFactory | null = null) {
    const map = new LevelMap(info);
    const finest = map.level(map.maxLevel);
    super({
      width: info.width,
      height: info.height,
      tileWidth: finest.tileWidth,
      tileHeight: finest.tileHeight,
      tileOverlap: 0,
      minLevel: 0,
      maxLevel: map.maxLevel,
      ready: true,
    });
    const placeholderTiles = new Set<Tile>();
    const failedTiles = new Set<Tile>();
    const loader: TileLoaderDeps<Tile> = {
      loadTile: decodedTiles(tileDecoder, document.baseURI),
      probe: probeTile,
      placeholder: (tile) => {
        const size = tile?.sourceBounds;
        return (
          placeholders?.make(size?.width ?? finest.tileWidth, size?.height ?? finest.tileHeight) ??
          null
        );
      },
      onPlaceholder: (tile) => {
        if (tile) placeholderTiles.add(tile);
      },
      onFailure: (tile) => {
        if (tile) failedTiles.add(tile);
      },
    };
    Object.assign(this, {
      map,
      slideId: info.slideId,
      tileBase,
      placeholderTiles,
      failedTiles,
      loader,
    });
  }

  override downloadTileStart(job: OpenSeadragon.ImageJob): void {
    startTileJob(job as unknown as TileJob<Tile>, this.loader);
  }

  override downloadTileAbort(job: OpenSeadragon.ImageJob): void {
    abortTileJob(job);
  }

  /**
   * Placeholders drawn by the last frame of `viewer` (the main view; the navigator has its
   * own). Placeholders of another zoom level kept in memory do not count.
   */
  offlineTileCount(viewer: OpenSeadragon.Viewer): number {
    let n = 0;
    for (const tile of this.placeholderTiles) {
      if (tile.loaded && tile.beingDrawn && tile.tiledImage?.viewer === viewer) n++;
    }
    return n;
  }

  /**
   * The archive is back: placeholders are dropped (with their cache, so they cannot be
   * found again under the same key) and failed tiles may be tried again. Each tiled image
   * concerned re-evaluates its tiles at once. Returns how many tiles will load again.
   */
  reviveTiles(): number {
    const images = new Set<OpenSeadragon.TiledImage>();
    let n = 0;
    for (const tile of this.placeholderTiles) {
      if (tile.tiledImage) images.add(tile.tiledImage);
      if (tile.loaded) {
        tile.unload(true);
        n++;
      }
    }
    for (const tile of this.failedTiles) {
      if (tile.tiledImage) images.add(tile.tiledImage);
      // OSD marks a tile that failed as missing for good; it exists again now.
      tile.exists = true;
      tile.loading = false;
      n++;
    }
    this.placeholderTiles.clear();
    this.failedTiles.clear();
    for (const image of images) lookAgain(image);
    return n;
  }

  override getLevelScale(level: number): number {
    return this.map.has(level) ? this.map.scale(level) : Number.NaN;
  }

  override getNumTiles(level: number): OpenSeadragon.Point {
    if (!this.map.has(level)) return new OpenSeadragon.Point(0, 0);
    const { x, y } = this.map.numTiles(level);
    return new OpenSeadragon.Point(x, y);
  }

  override getTileWidth(level: number): number {
    return this.map.has(level)
      ? this.map.level(level).tileWidth
      : this.map.level(this.map.maxLevel).tileWidth;
  }

  override getTileHeight(level: number): number {
    return this.map.has(level)
      ? this.map.level(level).tileHeight
      : this.map.level(this.map.maxLevel).tileHeight;
  }

  override getTileBounds(
    level: number,
    x: number,
    y: number,
    isSource?: boolean,
  ): OpenSeadragon.Rect {
    if (isSource) {
      const r = this.map.sourceRect(level, x, y);
      return new OpenSeadragon.Rect(0, 0, r.width, r.height);
    }
    const b = this.map.tileBounds(level, x, y);
    return new OpenSeadragon.Rect(b.x, b.y, b.width, b.height);
  }

  // OSD's typings say Tile, its code returns a Point (TiledImage reads .x and .y).
  override getTileAtPoint(level: number, point: OpenSeadragon.Point): OpenSeadragon.Tile {
    const { x, y } = this.map.tileAtPoint(level, point);
    return new OpenSeadragon.Point(x, y) as unknown as OpenSeadragon.Tile;
  }

  override tileExists(level: number, x: number, y: number): boolean {
    return this.map.tileExists(level, x, y);
  }

  override getTileUrl(level: number, x: number, y: number): string {
    return tileUrl(this.tileBase, this.slideId, this.map.sourceLevel(level), x, y);
  }

  override supports(): boolean {
    return false; // never picked by OSD's automatic tile source detection
  }
}
