/** What the page and the tile worker (tileWorker.ts) say to each other. */
export type TileRequest =
  | { op: 'load'; id: number; url: string }
  | { op: 'cancel'; id: number }
  /** The worker's tile requests since the last ask, in the page's time (`timeOrigin`: the page's). */
  | { op: 'timings'; timeOrigin: number }
  /** How the worker decodes from now on (tileWorker.ts; the benchmark compares both). */
  | { op: 'decodeAs'; as: DecodeAs };

/** How the tile worker decodes tiles (tileWorker.ts). */
export type DecodeAs = 'frames' | 'bitmaps';

/** A decoded tile: a VideoFrame from WebCodecs' ImageDecoder, or an ImageBitmap. */
export type DecodedImage = ImageBitmap | VideoFrame;

/** One tile request of the worker, in ms of the page's clock (performance.now()). */
export interface RequestTiming {
  /** When the request was made. */
  start: number;
  /** When it left the browser's queue for the server. */
  requestStart: number;
  /** When its answer had arrived whole. */
  end: number;
}

export type TileReply =
  { id: number; image: DecodedImage } | { id: number; failed: true } | { timings: RequestTiming[] };
