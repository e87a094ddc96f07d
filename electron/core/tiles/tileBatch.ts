/**
 * Serves a batch of tiles (electron/common/tileBatch.ts says why and how it is framed):
 * every tile read as a single request would be, all at once, each failure kept to its own
 * tile with the status a single request would have had.
 */
import { setMaxListeners } from 'node:events';
import type { BatchEntry, BatchTile, TileOrigin } from '../../common/tileBatch';
import { encodeTileBatch } from '../../common/tileBatch';
import type { TileData } from '../sources/slideSource';

/** Reads one tile; a failure is answered with `statusOf(error)`. */
export interface BatchReader {
  read(col: number, row: number, signal?: AbortSignal): Promise<TileData & { origin?: TileOrigin }>;
  statusOf(error: unknown): number;
}

export async function readTileBatch(
  tiles: readonly BatchTile[],
  reader: BatchReader,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  // Every tile's read listens to the one signal of the request (a few listeners each).
  if (signal) setMaxListeners(10 + 4 * tiles.length, signal);
  const entries = await Promise.all(
    tiles.map((t): Promise<BatchEntry> =>
      reader.read(t.col, t.row, signal).then(
        (data) => ({
          status: 200,
          body: data.bytes,
          contentType: data.contentType,
          ...(data.origin ? { origin: data.origin } : {}),
        }),
        (e: unknown) => ({
          status: reader.statusOf(e),
          body: new Uint8Array(0),
          contentType: null,
        }),
      ),
    ),
  );
  return encodeTileBatch(entries);
}
