/**
 * The engine's answer to a tile path, for Electron's wsi:// protocol and the web host's
 * /tiles route alike: a single tile (`<slide>/<level>/<col>/<row>`), an associated image
 * (`<slide>/associated/<name>`) or a batch of tiles (`<slide>/<level>/many/…`,
 * electron/common/tileBatch.ts). Never throws: every failure is a status, mapped once
 * (statusOf), whether the tile was asked for alone or in a batch.
 */
import { HTTP_STATUS, WorkstationError, toWorkstationError } from '../../common/errors';
import { parseTilePath } from '../../common/pyramid';
import { TILE_BATCH_CONTENT_TYPE } from '../../common/tileBatch';
import type { Logger } from '../log/logger';
import { readTileBatch } from './tileBatch';
import type { TileService } from './tileService';

export interface TileResponse {
  status: number;
  body: Uint8Array;
  contentType: string;
  cacheControl?: string;
  /** Where a served tile came from (for support and tests): the local cache or its source. */
  origin?: 'cache' | 'source';
}

/** Status of a tile request whose client went away first (nginx's "client closed request"). */
const CLIENT_GONE = 499;

const OFFLINE_TILE =
  'Not available offline: this part of the slide is not in the local cache and the archive cannot be reached.';

/** An archive that cannot be reached turns a cache miss into "not available offline". */
export function offlineIfUnreachable(e: unknown): never {
  const error = toWorkstationError(e);
  if (error.code === 'unavailable') throw new WorkstationError('offline', OFFLINE_TILE);
  throw error;
}

const text = (status: number, message: string): TileResponse => ({
  status,
  body: new TextEncoder().encode(message),
  contentType: 'text/plain; charset=utf-8',
  cacheControl: 'no-store',
});

/**
 * A tile of a given slide identity never changes, so browsers may keep it. Label and
 * macro images show the patient's name and identifiers: they are never kept by the
 * browser (nothing on disk outside our own cache, which the user can clear).
 */
export function tileCacheControl(address: { kind: 'tile' } | { kind: 'associated'; name: string }) {
  if (address.kind === 'associated' && address.name !== 'thumbnail') return 'no-store';
  return 'private, max-age=86400';
}

export function tileRoute(
  tiles: Pick<TileService, 'getTile' | 'getAssociated'>,
  log: Logger,
): (tilePath: string, signal?: AbortSignal) => Promise<TileResponse> {
  /** The status of a failed read; an unexpected failure is logged (no patient data in it). */
  const failure = (e: unknown) => {
    const error = toWorkstationError(e);
    if (error.code === 'internal') log.error('tile.failed', { error: e });
    return error;
  };
  return async (tilePath, signal) => {
    const address = parseTilePath(tilePath);
    if (!address) return text(400, 'Malformed tile address');
    if (address.kind === 'batch') {
      const { slideId, level } = address;
      const body = await readTileBatch(
        address.tiles,
        {
          read: (col, row, s) =>
            tiles.getTile(slideId, level, col, row, s).catch(offlineIfUnreachable),
          statusOf: (e) => HTTP_STATUS[failure(e).code],
        },
        signal,
      );
      if (signal?.aborted) return text(CLIENT_GONE, 'Request abandoned');
      return { status: 200, body, contentType: TILE_BATCH_CONTENT_TYPE, cacheControl: 'no-store' };
    }
    try {
      const data = await (
        address.kind === 'tile'
          ? tiles.getTile(address.slideId, address.level, address.col, address.row, signal)
          : tiles.getAssociated(address.slideId, address.name, signal)
      ).catch(offlineIfUnreachable);
      return {
        status: 200,
        body: data.bytes,
        contentType: data.contentType,
        cacheControl: tileCacheControl(address),
        origin: data.origin,
      };
    } catch (e) {
      // Nobody is listening any more (the viewer gave up on the tile): no error to report.
      if (signal?.aborted) return text(CLIENT_GONE, 'Request abandoned');
      const error = failure(e);
      return text(HTTP_STATUS[error.code], error.message);
    }
  };
}
