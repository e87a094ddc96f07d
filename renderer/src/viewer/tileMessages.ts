/** What the page and the tile worker (tileWorker.ts) say to each other. */
export type TileRequest = { op: 'load'; id: number; url: string } | { op: 'cancel'; id: number };

export type TileReply = { id: number; bitmap: ImageBitmap } | { id: number; failed: true };
