/**
 * TileService.getTile: the one function behind every tile the viewer shows, whether it is
 * asked for over Electron's wsi:// protocol or the web host's /tiles route.
 *
 * cache.db first; on a miss, the slide's source, whose bytes are written back to the cache
 * and returned. Compressed tiles travel byte for byte.
 *
 * Concurrent requests for the same tile share one source read. Each request may carry an
 * AbortSignal (the viewer gave up on the tile): an aborted request is answered at once,
 * and the shared read is aborted, all the way to the archive's HTTP request, when every
 * request waiting for it was aborted. An aborted read writes nothing.
 *
 * A tile the archive could not be reached for is remembered for a few seconds (see
 * OFFLINE_MEMO_MS): asked again meanwhile, it is answered "not available offline" without
 * asking the archive again, so a viewer retrying its tiles costs one attempt per tile.
 */
import type { AssociatedName } from '../../common/pyramid';
import { ASSOCIATED_NAMES } from '../../common/pyramid';
import { toWorkstationError } from '../../common/errors';
import type { TileData } from '../sources/slideSource';
import type { TileKey } from './cacheStatements';
import { tileKeyString } from './cacheStatements';
import type { SlideRegistry } from './slideRegistry';
import type { TileStore } from './tileStore';
import { OFFLINE_MEMO_MS } from './offlineMemo';

export type TileOrigin = 'cache' | 'source';

interface SharedRead {
  promise: Promise<TileData>;
  controller: AbortController;
  /** Requests still waiting for it. */
  waiting: number;
}

export class TileService {
  private readonly inFlight = new Map<string, SharedRead>();
  /** Tile key -> when its "unreachable" answer expires, and that answer. */
  private readonly offline = new Map<string, { until: number; error: unknown }>();

  constructor(
    private readonly registry: SlideRegistry,
    private readonly cache: TileStore,
    /** Brackets each source read the viewer waits for, so that prefetching yields to it. */
    private readonly interactive?: { track<T>(work: Promise<T>): Promise<T> },
  ) {}

  async getTile(
    slideId: string,
    level: number,
    col: number,
    row: number,
    signal?: AbortSignal,
  ): Promise<TileData & { origin: TileOrigin }> {
    const identity = await this.registry.identity(slideId);
    return this.fetch(
      { slide: identity, level, col, row },
      async (shared) => {
        const source = await this.registry.get(slideId);
        return source.readTile(level, col, row, shared);
      },
      signal,
    );
  }

  async getAssociated(
    slideId: string,
    name: AssociatedName,
    signal?: AbortSignal,
  ): Promise<TileData & { origin: TileOrigin }> {
    const identity = await this.registry.identity(slideId);
    const key = { slide: identity, level: -1, col: ASSOCIATED_NAMES.indexOf(name), row: 0 };
    return this.fetch(
      key,
      async (shared) => (await this.registry.get(slideId)).readAssociated(name, shared),
      signal,
    );
  }

  /** The archive answers again: tiles and slides it could not send may be asked for at once. */
  archiveBack(): void {
    this.offline.clear();
    this.registry.archiveBack();
  }

  private async fetch(
    key: TileKey,
    read: (signal: AbortSignal) => Promise<TileData>,
    signal?: AbortSignal,
  ): Promise<TileData & { origin: TileOrigin }> {
    signal?.throwIfAborted();
    const hit = this.cache.get(key);
    if (hit) return { ...hit, origin: 'cache' };
    const id = tileKeyString(key);
    const remembered = this.offline.get(id);
    if (remembered) {
      if (remembered.until > Date.now()) throw remembered.error;
      this.offline.delete(id);
    }
    let shared = this.inFlight.get(id);
    if (!shared) shared = this.startRead(id, key, read);
    shared.waiting++;
    return { ...(await this.wait(shared, signal)), origin: 'source' };
  }

  private startRead(
    id: string,
    key: TileKey,
    read: (signal: AbortSignal) => Promise<TileData>,
  ): SharedRead {
    const controller = new AbortController();
    const work = read(controller.signal);
    const promise = (this.interactive ? this.interactive.track(work) : work)
      .then(
        (data) => {
          // A read finished after everyone left is still a good tile; an aborted one threw.
          this.cache.put(key, data);
          return data;
        },
        (e: unknown) => {
          if (!controller.signal.aborted && unreachable(e))
            this.offline.set(id, { until: Date.now() + OFFLINE_MEMO_MS, error: e });
          throw e;
        },
      )
      .finally(() => {
        if (this.inFlight.get(id)?.promise === promise) this.inFlight.delete(id);
      });
    // Nobody may be left to see a failure: not an unhandled rejection.
    promise.catch(() => undefined);
    const shared: SharedRead = { promise, controller, waiting: 0 };
    this.inFlight.set(id, shared);
    return shared;
  }

  /** The shared read's result for one request; that request's abort leaves it at once. */
  private wait(shared: SharedRead, signal?: AbortSignal): Promise<TileData> {
    if (!signal) return shared.promise;
    return new Promise<TileData>((resolve, reject) => {
      const leave = () => {
        reject(signal.reason as Error);
        if (--shared.waiting === 0) {
          shared.controller.abort(signal.reason);
          // A new request for the tile starts a new read.
          for (const [id, s] of this.inFlight) if (s === shared) this.inFlight.delete(id);
        }
      };
      signal.addEventListener('abort', leave, { once: true });
      shared.promise.then(
        (data) => {
          signal.removeEventListener('abort', leave);
          resolve(data);
        },
        (e: Error) => {
          signal.removeEventListener('abort', leave);
          reject(e);
        },
      );
    });
  }
}

/** The archive (or the disk) could not be reached: the same answer for a few seconds. */
function unreachable(e: unknown): boolean {
  const code = toWorkstationError(e).code;
  return code === 'unavailable' || code === 'offline';
}
