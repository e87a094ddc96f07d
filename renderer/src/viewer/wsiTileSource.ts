/**
 * OpenSeadragon tile source for our pyramids: the levels of getSlideInfo as they are (see
 * levelMap.ts for the mapping) and tile URLs built with the shared tilePath(). OSD stays
 * ignorant of where tiles come from: only getTileUrl knows the base URL.
 */
import OpenSeadragon from 'openseadragon';
import type { SlideInfo } from '../../../electron/common/contract';
import { tileUrl } from '../api/transport';
import { LevelMap } from './levelMap';

export class WsiTileSource extends OpenSeadragon.TileSource {
  // Assigned after super(): OSD's constructor runs first and must not see class fields.
  declare readonly map: LevelMap;
  declare readonly slideId: string;
  declare readonly tileBase: string;

  constructor(info: SlideInfo, tileBase: string) {
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
    Object.assign(this, { map, slideId: info.slideId, tileBase });
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
