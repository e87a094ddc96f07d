/**
 * A local HTTP server playing a DICOMweb archive for tests: it answers the series metadata
 * of one small slide (counting the requests), and stalls every frame request until the
 * test answers it, so that a test sees when a client closes its request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const STUDY = '1.2.3';
export const SERIES = '1.2.3.4';
const v = (vr: string, ...Value: Array<string | number | object>) => ({ vr, Value });

/** One 1024 x 1024 level of 256 px tiles, TILED_FULL: frame n is tile n-1 row-major. */
const METADATA = [
  {
    '00080016': v('UI', '1.2.840.10008.5.1.4.1.1.77.1.6'),
    '00080018': v('UI', '1.2.3.4.5'),
    '0020000D': v('UI', STUDY),
    '0020000E': v('UI', SERIES),
    '00080008': v('CS', 'ORIGINAL', 'PRIMARY', 'VOLUME', 'NONE'),
    '00209311': v('CS', 'TILED_FULL'),
    '00280008': v('IS', 16),
    '00280010': v('US', 256),
    '00280011': v('US', 256),
    '00480006': v('UL', 1024),
    '00480007': v('UL', 1024),
    '52009229': v('SQ', {}),
  },
];

export interface StallingArchive {
  url: string;
  /** Series metadata requests answered so far. */
  metadataRequests(): number;
  /**
   * Frame requests received: each with a promise settled when its connection closes, and
   * a way to answer it at last (with `count` small JPEG frames).
   */
  frames: { path: string; closed: Promise<void>; answer(count: number): void }[];
  /** Resolves once `n` frame requests have arrived. */
  received(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function stallingArchive(): Promise<StallingArchive> {
  const frames: StallingArchive['frames'] = [];
  const waiters: { n: number; resolve(): void }[] = [];
  let metadataRequests = 0;
  const server = http.createServer((req, res) => {
    if (req.url?.endsWith('/metadata')) {
      metadataRequests++;
      res.writeHead(200, { 'content-type': 'application/dicom+json' });
      res.end(JSON.stringify(METADATA));
      return;
    }
    // A frame request: never answered; the archive only notices when the client leaves.
    const closed = new Promise<void>((resolve) => res.on('close', () => resolve()));
    const answer = (count: number) => {
      const boundary = 'frames';
      const jpeg = Buffer.from([0xff, 0xd8, 0x01, 0x02, 0xff, 0xd9]);
      const parts = Array.from({ length: count }, () =>
        Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Type: image/jpeg\r\n\r\n`),
          jpeg,
          Buffer.from('\r\n'),
        ]),
      );
      res.writeHead(200, {
        'content-type': `multipart/related; type="image/jpeg"; boundary=${boundary}`,
      });
      res.end(Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]));
    };
    frames.push({ path: req.url ?? '', closed, answer });
    for (const w of waiters.filter((x) => frames.length >= x.n)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/dicom-web`,
    metadataRequests: () => metadataRequests,
    frames,
    received: (n) =>
      frames.length >= n
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ n, resolve })),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
