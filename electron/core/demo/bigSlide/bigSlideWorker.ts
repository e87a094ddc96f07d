/**
 * Worker-thread entry that renders tiles of real-size demo slides (sources/demo): the
 * rendering is CPU-bound JavaScript (10–40 ms a level-0 tile, up to a second for a coarse
 * one), kept off the engine's event loop. One layout is kept per slide asked for.
 */
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import type { BigTileRequest, BigTileResponse } from '../../sources/synthetic/demoSlideDescriptor';
import { BIG_TILE } from '../../sources/synthetic/demoSlideDescriptor';
import { BigLayout } from './layout';
import { renderBigTile } from './coarseTile';
import { lowerThreadPriority } from '../../tiles/workerEntry';

/** JPEG quality of the tiles: as the demo SVS files (Aperio's 70, a little more). */
const QUALITY = 75;
const layouts = new Map<string, BigLayout>();

function layoutOf(req: BigTileRequest): BigLayout {
  const key = `${req.kind}:${req.seed}`;
  let l = layouts.get(key);
  if (!l) {
    if (layouts.size > 8) layouts.clear();
    l = new BigLayout(req.kind, req.seed);
    layouts.set(key, l);
  }
  return l;
}

export async function renderTileJpeg(req: BigTileRequest): Promise<Uint8Array> {
  const rgb = renderBigTile(layoutOf(req), req.stain, req.palette, req.level, req.col, req.row);
  const buf = await sharp(rgb, { raw: { width: BIG_TILE, height: BIG_TILE, channels: 3 } })
    .jpeg({ quality: QUALITY })
    .toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

const port = parentPort;
if (port) {
  lowerThreadPriority();
  port.on('message', (req: BigTileRequest) => {
    renderTileJpeg(req).then(
      (bytes) =>
        port.postMessage({ id: req.id, bytes } satisfies BigTileResponse, [
          bytes.buffer as ArrayBuffer,
        ]),
      (e: unknown) =>
        port.postMessage({
          id: req.id,
          error: e instanceof Error ? e.message : String(e),
        } satisfies BigTileResponse),
    );
  });
}
