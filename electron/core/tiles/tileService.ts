/**
 * TileService.getTile: the one function behind every tile the viewer shows, whether it is
 * asked for over Electron's wsi:// protocol or the web host's /tiles route.
 *
 * cache.db first; on a miss, the slide's source, whose bytes are written back to the cache
 * and returned. Compressed tiles travel byte for byte. Concurrent requests for the same
 * tile share one source read.
 */
import type { AssociatedName } from '../../common/pyramid';
import { ASSOCIATED_NAMES } from '../../common/pyramid';
import type { TileData } from '../sources/slideSource';
import type { TileCache, TileKey } from './tileCache';
import type { SlideRegistry } from './slideRegistry';

export type TileOrigin = 'cache' | 'source';

export class TileService {
  private readonly inFlight = new Map<string, Promise<TileData>>();

  constructor(
    private readonly registry: SlideRegistry,
    private readonly cache: TileCache,
    /** Brackets each source read the viewer waits for, so that prefetching yields to it. */
    private readonly interactive?: { track<T>(work: Promise<T>): Promise<T> },
  ) {}

  async getTile(
    slideId: string,
    level: number,
    col: number,
    row: number,
  ): Promise<TileData & { origin: TileOrigin }> {
    const identity = await this.registry.identity(slideId);
    return this.fetch({ slide: identity, level, col, row }, async () => {
      const source = await this.registry.get(slideId);
      return source.readTile(level, col, row);
    });
  }

  async getAssociated(
    slideId: string,
    name: AssociatedName,
  ): Promise<TileData & { origin: TileOrigin }> {
    const identity = await this.registry.identity(slideId);
    const key = { slide: identity, level: -1, col: ASSOCIATED_NAMES.indexOf(name), row: 0 };
    return this.fetch(key, async () => (await this.registry.get(slideId)).readAssociated(name));
  }

  private async fetch(
    key: TileKey,
    read: () => Promise<TileData>,
  ): Promise<TileData & { origin: TileOrigin }> {
    const hit = this.cache.get(key);
    if (hit) {
      return { ...hit, origin: 'cache' };
    }
    const id = `${key.slide}/${key.level}/${key.col}/${key.row}`;
    let pending = this.inFlight.get(id);
    if (!pending) {
      pending = (this.interactive ? this.interactive.track(read()) : read())
        .then((data) => {
          this.cache.put(key, data);
          return data;
        })
        .finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, pending);
    }
    return { ...(await pending), origin: 'source' };
  }
}
