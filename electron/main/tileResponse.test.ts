import { describe, expect, it } from 'vitest';
import { TILE_BATCH_CONTENT_TYPE, decodeTileBatch } from '../common/tileBatch';
import { fakeTileBytes } from '../core/testing/fakeSource';
import { fakeLibrary, fakeWorkstation } from '../core/testing/fakeWorkstation';
import type { TileResponse } from '../core/tiles/tileRoute';
import { APP_ORIGIN } from './origins';
import type { GetTile } from './tileResponse';
import { responseBytes, serveTile, tilePathFromUrl } from './tileResponse';

describe('tilePathFromUrl', () => {
  it('takes the path after wsi://tiles/', () => {
    expect(tilePathFromUrl('wsi://tiles/s1/0/3/4')).toBe('s1/0/3/4');
    expect(tilePathFromUrl('wsi://tiles/s1/associated/label?cache=1')).toBe('s1/associated/label');
    expect(tilePathFromUrl('wsi://tiles/')).toBeNull();
    expect(tilePathFromUrl('wsi://other/s1/0/0/0')).toBeNull();
    expect(tilePathFromUrl('app://tiles/s1/0/0/0')).toBeNull();
    expect(tilePathFromUrl('nonsense')).toBeNull();
  });
});

describe('serveTile', () => {
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
  const calls: string[] = [];
  const getTile: GetTile = (path) => {
    calls.push(path);
    return Promise.resolve({
      status: 200,
      body: jpeg,
      contentType: 'image/jpeg',
      cacheControl: 'private, max-age=86400',
    });
  };

  it('passes the path to getTile and the bytes back unchanged, with CORS for our origin', async () => {
    const res = await serveTile(getTile, new Request('wsi://tiles/s1/2/3/4'));
    expect(calls.at(-1)).toBe('s1/2/3/4');
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(jpeg);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toBe('private, max-age=86400');
    expect(res.headers.get('access-control-allow-origin')).toBe('app://renderer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('keeps engine error statuses, and turns a throwing or broken getTile into 500', async () => {
    const notFound: GetTile = () =>
      Promise.resolve({
        status: 404,
        body: new TextEncoder().encode('No such tile'),
        contentType: 'text/plain',
      });
    const res = await serveTile(notFound, new Request('wsi://tiles/s1/0/99/0'));
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('No such tile');
    expect(
      (
        await serveTile(
          () => Promise.reject(new Error('boom')),
          new Request('wsi://tiles/s1/0/0/0'),
        )
      ).status,
    ).toBe(500);
    const weird: GetTile = () =>
      Promise.resolve({ status: 42, body: jpeg, contentType: 'image/jpeg' } as TileResponse);
    expect((await serveTile(weird, new Request('wsi://tiles/s1/0/0/0'))).status).toBe(500);
  });

  it('answers 404 for foreign hosts and 405 for writes, without calling the engine', async () => {
    const before = calls.length;
    expect((await serveTile(getTile, new Request('wsi://elsewhere/s1/0/0/0'))).status).toBe(404);
    expect(
      (await serveTile(getTile, new Request('wsi://tiles/s1/0/0/0', { method: 'PUT', body: 'x' })))
        .status,
    ).toBe(405);
    expect(calls.length).toBe(before);
  });

  it('copies a SharedArrayBuffer view, and passes an ArrayBuffer view through', () => {
    const shared = new Uint8Array(new SharedArrayBuffer(4));
    shared.set(jpeg);
    const copy = responseBytes(shared);
    expect(copy.buffer).toBeInstanceOf(ArrayBuffer);
    expect(copy).toEqual(jpeg);
    expect(responseBytes(jpeg)).toBe(jpeg);
  });

  it('serves real tiles of the engine: the same getTile the web host uses', async () => {
    const ws = await fakeWorkstation({ libraryFolders: [fakeLibrary()] });
    try {
      const [c] = await ws.handlers.listCases({});
      const { slides } = await ws.handlers.getCase({ caseId: c!.id });
      const good = slides.find((s) => s.error === null || s.error === undefined)!;
      const res = await serveTile(
        (p) => ws.getTile(p),
        new Request(`wsi://tiles/${good.id}/0/1/2`),
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(fakeTileBytes(0, 1, 2));
      expect(
        (await serveTile((p) => ws.getTile(p), new Request(`wsi://tiles/${good.id}/0/99/0`)))
          .status,
      ).toBe(404);
      expect(
        (await serveTile((p) => ws.getTile(p), new Request('wsi://tiles/not%20a%20slide/0/0/0')))
          .status,
      ).toBe(400);
      // A batch, as the tile worker asks for it: one body, each tile framed, CORS for us.
      const batch = await serveTile(
        (p) => ws.getTile(p),
        new Request(`wsi://tiles/${good.id}/0/many/1.2-0.0`),
      );
      expect(batch.status).toBe(200);
      expect(batch.headers.get('content-type')).toBe(TILE_BATCH_CONTENT_TYPE);
      expect(batch.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
      const entries = decodeTileBatch(new Uint8Array(await batch.arrayBuffer()), 2);
      expect(entries.map((e) => e.body)).toEqual([fakeTileBytes(0, 1, 2), fakeTileBytes(0, 0, 0)]);
    } finally {
      await ws.close();
    }
  });
});
