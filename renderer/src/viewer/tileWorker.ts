/**
 * The tile worker: fetches a tile and decodes it (createImageBitmap on the response's
 * bytes), so that neither the request's bookkeeping nor the JPEG decode runs on the main
 * thread, which draws the view. The decoded tile goes back to the page by transfer (no
 * copy). A failure (a network error, an HTTP error such as the engine's 504 "offline", bytes
 * that are not an image) is answered with `failed`: the page then asks again itself to learn
 * why (tileLoader.ts). Messages are tileDecoder.ts's.
 */
import type { TileReply, TileRequest } from './tileMessages';

interface WorkerScope {
  onmessage: ((e: MessageEvent<TileRequest>) => void) | null;
  postMessage(message: TileReply, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const running = new Map<number, AbortController>();

async function load(id: number, url: string): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  try {
    const response = await fetch(url, { signal: controller.signal, credentials: 'same-origin' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const bitmap = await createImageBitmap(await response.blob());
    if (controller.signal.aborted) {
      bitmap.close();
      return;
    }
    scope.postMessage({ id, bitmap }, [bitmap]);
  } catch {
    if (!controller.signal.aborted) scope.postMessage({ id, failed: true });
  } finally {
    running.delete(id);
  }
}

scope.onmessage = (e) => {
  const message = e.data;
  if (message.op === 'load') void load(message.id, message.url);
  else running.get(message.id)?.abort();
};
