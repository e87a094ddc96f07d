/**
 * Serves a batch of tiles (electron/common/tileBatch.ts says why and how it is framed):
 * every tile read as a single request would be, all at once, each failure kept to its own
 * tile with the status a single request would have had.
 *
 * A batch does not wait for its slowest tile: what is not read BATCH_WAIT_MS after the
 * first tile came in (a tile fetched from the archive, or rendered on demand, while the
 * others came from the cache) is answered TILE_LATER, and its read goes on. The viewer then
 * asks for it alone and joins that read (TileService shares a tile's read between its
 * requests), so a field fills in as its tiles arrive instead of all at once at the end.
 */
import { setMaxListeners } from 'node:events';
import type { BatchEntry, BatchTile, TileOrigin } from '../../common/tileBatch';
import { TILE_LATER, encodeTileBatch } from '../../common/tileBatch';
import type { TileData } from '../sources/slideSource';

/** Reads one tile; a failure is answered with `statusOf(error)`. */
export interface BatchReader {
  read(col: number, row: number, signal?: AbortSignal): Promise<TileData & { origin?: TileOrigin }>;
  statusOf(error: unknown): number;
}

/** How long a batch waits for its other tiles once one is in. */
export const BATCH_WAIT_MS = 30;

export async function readTileBatch(
  tiles: readonly BatchTile[],
  reader: BatchReader,
  signal?: AbortSignal,
  waitMs = BATCH_WAIT_MS,
): Promise<Uint8Array> {
  // Every tile's read listens to the one signal of the request (a few listeners each).
  if (signal) setMaxListeners(10 + 4 * tiles.length, signal);
  const entries: (BatchEntry | null)[] = tiles.map(() => null);
  let firstIn: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (firstIn = resolve));
  const all = Promise.all(
    tiles.map((t, i): Promise<void> =>
      reader
        .read(t.col, t.row, signal)
        .then(
          (data) => ({
            status: 200,
            body: data.bytes,
            contentType: data.contentType,
            ...(data.origin ? { origin: data.origin } : {}),
          }),
          (e: unknown): BatchEntry => ({
            status: reader.statusOf(e),
            body: new Uint8Array(0),
            contentType: null,
          }),
        )
        .then((entry) => {
          entries[i] = entry;
          firstIn();
        }),
    ),
  );
  await first;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([all, new Promise<void>((r) => (timer = setTimeout(r, waitMs)))]);
  clearTimeout(timer);
  return encodeTileBatch(
    entries.map((e) => e ?? { status: TILE_LATER, body: new Uint8Array(0), contentType: null }),
  );
}
