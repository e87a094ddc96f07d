/**
 * Tiles on screen that are still VideoFrames are turned into ImageBitmaps once the view
 * has settled, a few at a time in idle time.
 *
 * Why: the tile worker decodes with WebCodecs' ImageDecoder (tileWorker.ts). A VideoFrame
 * keeps its colours as YUV, converted at every draw. Drawn as they are, a field is sharp
 * sooner (no conversion before the first draw); converted, it pans faster. So the drawer
 * draws frames while a field comes in, and this converts them after (README, "Against
 * Orthanc's own viewer", has the figures). Each conversion (OpenSeadragon's
 * CacheRecord.transformTo, through the 'videoFrame' to 'imageBitmap' converter of
 * videoFrameTiles.ts) is synchronous, so no frame ever sees a tile half-converted, and
 * the bitmap holds the pixels the frame drew.
 */

/** The part of OpenSeadragon's CacheRecord used here. */
export interface SettleCache {
  readonly type: string;
  readonly loaded: boolean;
  transformTo(type: string): unknown;
}

/** The part of OpenSeadragon's Tile used here. */
export interface SettleTile {
  readonly cacheKey: string;
  getCache(key: string): SettleCache | undefined | null;
}

/** Runs `work` when the page is idle; `work` gets how many ms it may take. */
export type WhenIdle = (work: (remainingMs: () => number) => void) => { cancel(): void };

export const whenIdle: WhenIdle = (work) => {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback((deadline) => work(() => deadline.timeRemaining()), {
      timeout: 1000,
    });
    return { cancel: () => cancelIdleCallback(handle) };
  }
  const handle = setTimeout(() => {
    const end = performance.now() + 8;
    work(() => end - performance.now());
  }, 50);
  return { cancel: () => clearTimeout(handle) };
};

/** Leave an idle period once less than this is left in it (a conversion takes ~0.2 ms). */
const MARGIN_MS = 1;

export class FrameSettler {
  private pending: { cancel(): void } | null = null;
  private tiles: () => Iterable<SettleTile> = () => [];

  constructor(
    private readonly from: string,
    private readonly to: string,
    private readonly idle: WhenIdle = whenIdle,
  ) {}

  /** The view is complete: convert what `tiles` lists, in idle time, until none is left. */
  settle(tiles: () => Iterable<SettleTile>): void {
    this.tiles = tiles;
    this.pending ??= this.idle((remaining) => this.run(remaining));
  }

  /** Nothing more is converted unless asked again (the drawer is destroyed). */
  cancel(): void {
    this.pending?.cancel();
    this.pending = null;
  }

  private run(remaining: () => number): void {
    this.pending = null;
    let left = false;
    for (const tile of this.tiles()) {
      const cache = tile.getCache(tile.cacheKey);
      if (!cache || !cache.loaded || cache.type !== this.from) continue;
      if (remaining() < MARGIN_MS) {
        left = true;
        break;
      }
      cache.transformTo(this.to);
    }
    if (left) this.pending = this.idle((r) => this.run(r));
  }
}
