/**
 * A slide that lives in the archive: one series of VL Whole Slide Microscopy instances.
 * Opening costs one request (WADO-RS series metadata); tiles are stored frames fetched
 * with WADO-RS and passed through byte for byte.
 *
 * Tiles asked for in the same turn of the event loop (as a viewer does when it pans) are
 * gathered and fetched as a few multi-frame requests, one per instance: archives such as
 * Orthanc read the whole instance for every frame request, so batching saves most of it.
 * A caller that aborts is answered at once; the request itself is aborted when every tile
 * it serves was abandoned.
 */
import type { AssociatedName } from '../../../common/pyramid';
import { WorkstationError } from '../../../common/errors';
import type { SlideSource, TileData } from '../slideSource';
import type { DicomJson } from '../dicom/dicomJson';
import type { WsiPyramid } from '../dicom/wsiMetadata';
import { buildWsiPyramid } from '../dicom/wsiMetadata';
import { blankTile } from '../dicom/blankTile';
import type { DicomwebClient } from './client';

export interface TileRequest {
  col: number;
  row: number;
}

export interface DicomwebSlide extends SlideSource {
  readonly studyUID: string;
  readonly seriesUID: string;
  readonly pyramid: WsiPyramid;
  /** Several tiles of a level in as few requests as the archive allows, in the order asked. */
  readTiles(
    level: number,
    tiles: readonly TileRequest[],
    signal?: AbortSignal,
  ): Promise<TileData[]>;
}

interface Pending {
  level: number;
  col: number;
  row: number;
  resolve: (t: TileData) => void;
  reject: (e: unknown) => void;
  signal: AbortSignal | undefined;
}

/**
 * A signal that aborts once every one of `signals` has aborted (never when one is
 * missing: someone still wants the result). The listeners go when `done` is called.
 */
function allAborted(signals: ReadonlyArray<AbortSignal | undefined>): {
  signal: AbortSignal | undefined;
  done(): void;
} {
  if (signals.length === 0 || signals.some((s) => s === undefined)) {
    return { signal: undefined, done: () => undefined };
  }
  const controller = new AbortController();
  const unique = [...new Set(signals as AbortSignal[])];
  let live = unique.filter((s) => !s.aborted).length;
  const onAbort = () => {
    if (--live === 0) controller.abort(new DOMException('Every caller went away.', 'AbortError'));
  };
  for (const s of unique) if (!s.aborted) s.addEventListener('abort', onAbort, { once: true });
  if (live === 0) controller.abort(new DOMException('Every caller went away.', 'AbortError'));
  return {
    signal: controller.signal,
    done: () => {
      for (const s of unique) s.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Opens a series of the archive as a slide; throws not_found / corrupt / unavailable.
 * `known`: the series metadata from an earlier open, which saves its request.
 */
export async function openDicomwebSlide(
  client: DicomwebClient,
  studyUID: string,
  seriesUID: string,
  signal?: AbortSignal,
  known?: DicomJson[],
): Promise<DicomwebSlide> {
  const metadata = known ?? (await client.seriesMetadata(studyUID, seriesUID, signal));
  if (metadata.length === 0)
    throw new WorkstationError('not_found', 'The archive has no images in this series.');
  const pyramid = buildWsiPyramid(metadata);
  return new DicomwebSlideImpl(client, studyUID, seriesUID, pyramid);
}

class DicomwebSlideImpl implements DicomwebSlide {
  readonly identity: string;
  private pending: Pending[] = [];
  private flushScheduled = false;

  constructor(
    private readonly client: DicomwebClient,
    readonly studyUID: string,
    readonly seriesUID: string,
    readonly pyramid: WsiPyramid,
  ) {
    // The series UID is globally unique and names the content wherever it is stored.
    this.identity = `dicom:${seriesUID}`;
  }

  get metadata() {
    return this.pyramid.metadata;
  }

  readTile(level: number, col: number, row: number, signal?: AbortSignal): Promise<TileData> {
    try {
      // Validate now so that a bad address fails alone, not its batch.
      this.pyramid.frameAt(level, col, row);
      signal?.throwIfAborted();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    return new Promise<TileData>((resolve, reject) => {
      const onAbort = () => reject(abortReason(signal as AbortSignal));
      signal?.addEventListener('abort', onAbort, { once: true });
      const settled = () => signal?.removeEventListener('abort', onAbort);
      this.pending.push({
        level,
        col,
        row,
        resolve: (t) => {
          settled();
          resolve(t);
        },
        reject: (e) => {
          settled();
          reject(e instanceof Error ? e : new Error(String(e)));
        },
        signal,
      });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending.filter((p) => !p.signal?.aborted);
    this.pending = [];
    const byLevel = new Map<number, Pending[]>();
    for (const p of batch) {
      const list = byLevel.get(p.level) ?? [];
      list.push(p);
      byLevel.set(p.level, list);
    }
    for (const [level, list] of byLevel) {
      // The batch serves several callers: one caller's abort must not cancel the others
      // (only all of theirs), and a failed instance fails only the tiles it holds.
      const shared = allAborted(list.map((p) => p.signal));
      void this.settleTiles(level, list, shared.signal).then((results) => {
        shared.done();
        results.forEach((r, i) => {
          const p = list[i];
          if (r.status === 'fulfilled') p?.resolve(r.value);
          else p?.reject(r.reason);
        });
      });
    }
  }

  async readTiles(
    level: number,
    tiles: readonly TileRequest[],
    signal?: AbortSignal,
  ): Promise<TileData[]> {
    const results = await this.settleTiles(level, tiles, signal);
    return results.map((r) => {
      if (r.status === 'rejected') throw r.reason;
      return r.value;
    });
  }

  /** One multi-frame request per instance (split by the client if long); a result per tile. */
  private settleTiles(
    level: number,
    tiles: readonly TileRequest[],
    signal?: AbortSignal,
  ): Promise<Array<PromiseSettledResult<TileData>>> {
    const lev = this.pyramid.metadata.levels[level];
    const refs = tiles.map((t) => {
      try {
        return this.pyramid.frameAt(level, t.col, t.row);
      } catch (e) {
        return e instanceof Error ? e : new Error(String(e));
      }
    });
    const framesByInstance = new Map<string, number[]>();
    for (const ref of refs) {
      if (ref === null || ref instanceof Error) continue;
      const frames = framesByInstance.get(ref.instanceUID) ?? [];
      if (!frames.includes(ref.frameNumber)) frames.push(ref.frameNumber);
      framesByInstance.set(ref.instanceUID, frames);
    }
    const fetched = new Map<string, Promise<Map<number, TileData>>>();
    for (const [instanceUID, frames] of framesByInstance) {
      fetched.set(
        instanceUID,
        this.fetchFrames(instanceUID, frames, signal).then(
          (data) => new Map(frames.map((f, i) => [f, data[i] as TileData])),
        ),
      );
    }
    return Promise.allSettled(
      refs.map(async (ref) => {
        if (ref instanceof Error) throw ref;
        if (ref === null) return blankTile(lev?.tileWidth ?? 256, lev?.tileHeight ?? 256);
        const tile = (await fetched.get(ref.instanceUID))?.get(ref.frameNumber);
        if (tile === undefined)
          throw new WorkstationError('internal', 'A frame went missing from a batch.');
        return tile;
      }),
    );
  }

  private async fetchFrames(
    instanceUID: string,
    frames: number[],
    signal?: AbortSignal,
  ): Promise<TileData[]> {
    try {
      return await this.client.retrieveFrames(
        this.studyUID,
        this.seriesUID,
        instanceUID,
        frames,
        signal,
      );
    } catch (e) {
      // An archive that cannot send JPEG (406) may still render the frame itself.
      if (!(e instanceof WorkstationError) || e.code !== 'unsupported') throw e;
      return Promise.all(
        frames.map((f) =>
          this.client.retrieveRendered(this.studyUID, this.seriesUID, instanceUID, f, signal),
        ),
      );
    }
  }

  async readAssociated(name: AssociatedName, signal?: AbortSignal): Promise<TileData> {
    const a = this.pyramid.associated[name];
    if (a === undefined)
      throw new WorkstationError('not_found', `This slide has no ${name} image.`);
    if (!a.singleFrame) {
      // A label stored as several tiles: let the archive assemble it.
      return this.client.retrieveRendered(
        this.studyUID,
        this.seriesUID,
        a.instanceUID,
        undefined,
        signal,
      );
    }
    const [frame] = await this.fetchFrames(a.instanceUID, [a.frameNumber], signal);
    if (frame === undefined) throw new WorkstationError('corrupt', 'The archive sent no image.');
    return frame;
  }

  close(): Promise<void> {
    for (const p of this.pending)
      p.reject(new WorkstationError('unavailable', 'The slide was closed.'));
    this.pending = [];
    return Promise.resolve();
  }
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new DOMException('The operation was aborted.', 'AbortError');
}
