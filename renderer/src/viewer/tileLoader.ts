/**
 * How one tile is fetched, behind OpenSeadragon's downloadTileStart/downloadTileAbort.
 *
 * The normal path is the tile worker's (tileDecoder.ts): fetched and decoded off the main
 * thread, handed to OSD as a VideoFrame (or an ImageBitmap), which its drawer draws as it is
 * (gatheringDrawer.ts).
 * Where no worker runs, OSD's own path: an <img> with crossorigin=anonymous, which Chromium
 * decodes on the main thread when the canvas drawer copies it. Only when a tile fails do we
 * ask again with fetch() to learn why: a 504 is the engine's "not in the
 * cache and the archive cannot be reached" (error code `offline`), and the job then finishes
 * with a hatched placeholder instead of failing, so the viewer shows a clear gap, never a
 * broken image, and OSD does not retry it. Any other status fails as before (OSD shows a
 * coarser level and counts the tile). A 200 on the second try (the archive came back in
 * between) is used as it is.
 */
import { HTTP_STATUS } from '../../../electron/common/errors';
import type { TileDecoder } from './tileDecoder';
import { VIDEO_FRAME_TYPE, isVideoFrame } from './videoFrameTiles';

/** The engine's status for `offline` (see HTTP_STATUS in electron/common/errors.ts). */
export const OFFLINE_STATUS = HTTP_STATUS.offline;

/** The part of OSD's ImageJob we use. */
export interface TileJob<T = unknown> {
  src: string;
  crossOriginPolicy: string | false | null | undefined;
  tile?: T;
  userData: Record<string, unknown>;
  finish(data: unknown, request: null, dataType: string): void;
  fail(message: string, request: null): void;
}

/** A tile's data as OSD takes it: its data type names what it is. */
export type LoadedTile =
  | { data: HTMLImageElement; type: 'image' }
  | { data: ImageBitmap; type: 'imageBitmap' }
  | { data: VideoFrame; type: typeof VIDEO_FRAME_TYPE };

export type LoadTile = (
  src: string,
  crossOrigin: string | null,
  done: (tile: LoadedTile | null) => void,
) => { cancel(): void };

export interface TileLoaderDeps<T = unknown> {
  /** Starts loading a tile; calls back once (null: it failed). */
  loadTile: LoadTile;
  /** A second request, to read the status of a tile whose image failed. */
  probe(src: string, signal: AbortSignal): Promise<Response>;
  /** The placeholder for `tile`, or null when none can be drawn. */
  placeholder(tile: T | undefined): CanvasRenderingContext2D | null;
  onPlaceholder(tile: T | undefined): void;
  onFailure(tile: T | undefined): void;
}

interface JobState {
  cancelImage?: () => void;
  probe?: AbortController;
  done?: boolean;
}

const stateOf = (job: TileJob): JobState => {
  const existing = job.userData['wsi'] as JobState | undefined;
  if (existing) return existing;
  const state: JobState = {};
  job.userData['wsi'] = state;
  return state;
};

export function startTileJob<T>(job: TileJob<T>, deps: TileLoaderDeps<T>): void {
  // OSD retries a failed job with the same userData: start clean.
  const state: JobState = {};
  job.userData['wsi'] = state;
  const crossOrigin = typeof job.crossOriginPolicy === 'string' ? job.crossOriginPolicy : null;
  const image = deps.loadTile(job.src, crossOrigin, (loaded) => {
    state.cancelImage = undefined;
    if (state.done) {
      if (loaded && loaded.type !== 'image') loaded.data.close();
      return;
    }
    if (loaded) {
      state.done = true;
      job.finish(loaded.data, null, loaded.type);
      return;
    }
    void explainFailure(job, state, deps);
  });
  state.cancelImage = () => image.cancel();
}

async function explainFailure<T>(
  job: TileJob<T>,
  state: JobState,
  deps: TileLoaderDeps<T>,
): Promise<void> {
  const controller = new AbortController();
  state.probe = controller;
  let response: Response;
  try {
    response = await deps.probe(job.src, controller.signal);
  } catch {
    if (state.done) return;
    state.done = true;
    deps.onFailure(job.tile);
    job.fail('Tile request failed (network)', null);
    return;
  }
  if (state.done) return;
  if (response.status === OFFLINE_STATUS) {
    const ctx = deps.placeholder(job.tile);
    state.done = true;
    if (ctx) {
      deps.onPlaceholder(job.tile);
      job.finish(ctx, null, 'context2d');
    } else {
      deps.onFailure(job.tile);
      job.fail('Tile not available offline', null);
    }
    return;
  }
  if (response.ok) {
    const blob = await response.blob().catch(() => null);
    if (state.done) return;
    state.done = true;
    if (blob && blob.size > 0) job.finish(blob, null, 'rasterBlob');
    else {
      deps.onFailure(job.tile);
      job.fail('Empty tile', null);
    }
    return;
  }
  state.done = true;
  deps.onFailure(job.tile);
  job.fail(`Tile request failed (HTTP ${response.status})`, null);
}

/** OSD gave up on the job (timeout, tile no longer needed): stop whatever is running. */
export function abortTileJob(job: TileJob): void {
  const state = stateOf(job);
  state.done = true;
  state.cancelImage?.();
  state.probe?.abort();
}

/** The browser's <img> loader, as OSD's own downloadTileStart does it. */
export const loadImageTile: LoadTile = (src, crossOrigin, done) =>
  loadImageElement(src, crossOrigin, (image) =>
    done(image ? { data: image, type: 'image' } : null),
  );

/** Tiles through the tile worker while it runs, else as <img>. */
export function decodedTiles(decoder: () => TileDecoder | null, base: string): LoadTile {
  return (src, crossOrigin, done) => {
    const worker = decoder();
    if (!worker) return loadImageTile(src, crossOrigin, done);
    // The worker resolves URLs against its own script's address: give it an absolute one.
    return worker.load(new URL(src, base).href, (image) =>
      done(
        image === null
          ? null
          : isVideoFrame(image)
            ? { data: image, type: VIDEO_FRAME_TYPE }
            : { data: image, type: 'imageBitmap' },
      ),
    );
  };
}

function loadImageElement(
  src: string,
  crossOrigin: string | null,
  done: (image: HTMLImageElement | null) => void,
): { cancel(): void } {
  const image = new Image();
  const clear = () => {
    image.onload = image.onerror = image.onabort = null;
  };
  image.onload = () => {
    clear();
    done(image);
  };
  image.onerror = image.onabort = () => {
    clear();
    done(null);
  };
  if (crossOrigin !== null) image.crossOrigin = crossOrigin;
  image.src = src;
  return {
    cancel: () => {
      clear();
      image.src = '';
    },
  };
}

/** Reads a tile's answer again, in the same CORS mode and with the page's credentials. */
export function probeTile(src: string, signal: AbortSignal): Promise<Response> {
  return fetch(src, { signal, cache: 'no-store', credentials: 'same-origin' });
}
