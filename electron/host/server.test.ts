import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeTileBytes } from '../core/testing/fakeSource';
import { fakeLibrary, fakeWorkstation } from '../core/testing/fakeWorkstation';
import type { Workstation } from '../core/workstation';
import http from 'node:http';
import { createHostServer, listen } from './server';

const TOKEN = 'test-token-123';
let ws: Workstation;
let base: string;
let close: () => void;

beforeAll(async () => {
  ws = await fakeWorkstation({ libraryFolders: [fakeLibrary()] });
  const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>ws</title>');
  fs.writeFileSync(path.join(os.tmpdir(), 'secret.txt'), 'secret');
  const server = createHostServer({ workstation: ws, token: TOKEN, rendererDir });
  const port = await listen(server, 0);
  base = `http://127.0.0.1:${port}`;
  close = () => server.close();
});

afterAll(async () => {
  close();
  await ws.close();
});

const auth = { authorization: `Bearer ${TOKEN}` };
const call = (method: string, body: unknown, headers: Record<string, string> = auth) =>
  fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** A raw request, with headers fetch() would not let us set (Host, Origin, Sec-Fetch-Site). */
function rawRequest(
  p: string,
  headers: Record<string, string>,
  method = 'GET',
  body = '',
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: p,
        method,
        headers,
        setHost: !('host' in headers),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('web host', () => {
  it('answers 401 without the token for calls, tiles and the session', async () => {
    for (const p of ['/tiles/s1/0/0/0', '/session']) {
      expect((await fetch(base + p)).status, p).toBe(401);
    }
    expect((await call('listCases', {}, {})).status).toBe(401);
    expect((await call('listCases', {}, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`, { redirect: 'manual' })).status).toBe(401);
  });

  it('never accepts the token from a cookie', async () => {
    const res = await call('listCases', {}, { cookie: `wst=${TOKEN}` });
    expect(res.status).toBe(401);
  });

  it('serves the page for the one-time ?token= entry without a cookie or a redirect', async () => {
    const res = await fetch(`${base}/?token=${TOKEN}`, { redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-eval/);
    expect(await res.text()).toContain('<title>ws</title>');
  });

  it('never redirects off-site, whatever the path', async () => {
    for (const p of [`/.//evil.example/x?token=${TOKEN}`, `//evil.example/?token=${TOKEN}`]) {
      const res = await rawRequest(p, {});
      expect(res.status >= 300 && res.status < 400, p).toBe(false);
      expect(res.headers.location, p).toBeUndefined();
    }
  });

  it('refuses other host names (DNS rebinding), other origins and non-JSON calls', async () => {
    const port = new URL(base).port;
    const bearer = { authorization: `Bearer ${TOKEN}` };
    const json = { 'content-type': 'application/json' };
    expect((await rawRequest('/session', { ...bearer, host: `evil.example:${port}` })).status).toBe(
      421,
    );
    expect((await rawRequest('/', { host: `evil.example:${port}` })).status).toBe(421);
    expect((await rawRequest('/session', { ...bearer, host: `localhost:${port}` })).status).toBe(
      200,
    );
    const crossOrigin = await rawRequest(
      '/api/updateSettings',
      { ...bearer, ...json, origin: 'http://127.0.0.1:1' },
      'POST',
      '{"libraryFolders":["/etc"]}',
    );
    expect(crossOrigin.status).toBe(403);
    const crossSite = await rawRequest(
      '/api/listCases',
      { ...bearer, ...json, 'sec-fetch-site': 'same-site' },
      'POST',
      '{}',
    );
    expect(crossSite.status).toBe(403);
    const textPlain = await rawRequest(
      '/api/updateSettings',
      { ...bearer, 'content-type': 'text/plain' },
      'POST',
      '{"libraryFolders":["/etc"]}',
    );
    expect(textPlain.status).toBe(415);
  });

  it('serves the contract with validation and typed errors', async () => {
    const list = await call('listCases', {});
    expect(list.status).toBe(200);
    const body = (await list.json()) as { ok: boolean; value: { accession: string }[] };
    expect(body.value[0]?.accession).toBe('B26-000001');
    const bad = await call('getCase', { caseId: '../../x' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect((await call('noSuchCall', {})).status).toBe(400);
    const notJson = await fetch(`${base}/api/listCases`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
    expect((await fetch(`${base}/api/listCases`, { headers: auth })).status).toBe(405);
    const huge = await fetch(`${base}/api/listCases`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: 'x'.repeat(2 << 20),
    }).catch(() => null);
    expect(huge === null || huge.status === 413).toBe(true);
    // A bulk import may carry a file: a 3 MB QuPath export reaches the engine, which
    // answers for its content (here: the slide does not exist), not a refused body.
    const features = Array.from({ length: 20_000 }, (_, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [i, i] },
      properties: { objectType: 'detection' },
    }));
    const bulk = await call('importAnnotations', {
      slideId: 'sMissing',
      geojson: JSON.stringify({ type: 'FeatureCollection', features }),
    });
    expect(bulk.status).not.toBe(413);
    expect((await bulk.json()) as { ok: boolean }).toMatchObject({ ok: false });
    // Prototype names are not calls with a larger limit.
    const proto = await fetch(`${base}/api/constructor`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: 'x'.repeat(2 << 20),
    }).catch(() => null);
    expect(proto === null || proto.status === 413).toBe(true);
    expect((await call('getCase', { caseId: 'cmissing' })).status).toBe(404);
  });

  it('serves tiles through the same getTile as Electron', async () => {
    const [c] = (
      await ((await call('listCases', {})).json() as Promise<{ value: { id: string }[] }>)
    ).value;
    const { value } = (await (await call('getCase', { caseId: c!.id })).json()) as {
      value: { slides: { id: string }[] };
    };
    const res = await fetch(`${base}/tiles/${value.slides[0]!.id}/1/0/0`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-tile-origin')).toBe('source');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(fakeTileBytes(1, 0, 0));
    const again = await fetch(`${base}/tiles/${value.slides[0]!.id}/1/0/0`, { headers: auth });
    expect(again.headers.get('x-tile-origin')).toBe('cache');
    expect(
      (await fetch(`${base}/tiles/${value.slides[1]!.id}/0/0/0`, { headers: auth })).status,
    ).toBe(422);
    // fetch() normalises the dots away: what is asked is /etc/passwd, which is not a file
    // of the renderer build and gets the page, never the system file.
    const escape = await fetch(`${base}/tiles/../../etc/passwd`, { headers: auth });
    expect(await escape.text()).not.toMatch(/root:/);
    expect((await rawRequest('/tiles/../../etc/passwd', auth)).status).toBe(400);
  });
  it('gives the page a capability path for tiles, which reads tiles and nothing else', async () => {
    const session = (await (await fetch(`${base}/session`, { headers: auth })).json()) as {
      tileBase: string;
      testHooks: boolean;
    };
    expect(session.tileBase).toMatch(/^\/c\/[A-Za-z0-9_-]{16,}\/tiles$/);
    expect(session.testHooks).toBe(false);
    const [c] = (
      await ((await call('listCases', {})).json() as Promise<{ value: { id: string }[] }>)
    ).value;
    const { value } = (await (await call('getCase', { caseId: c!.id })).json()) as {
      value: { slides: { id: string }[] };
    };
    const tile = await fetch(`${base}${session.tileBase}/${value.slides[0]!.id}/1/0/0`);
    expect(tile.status).toBe(200);
    expect(tile.headers.get('content-type')).toBe('image/jpeg');
    const wrongKey = session.tileBase.replace(/\/c\/./, '/c/_');
    expect((await fetch(`${base}${wrongKey}/${value.slides[0]!.id}/1/0/0`)).status).toBe(404);
    const keyPrefix = session.tileBase.replace(/\/tiles$/, '');
    expect((await fetch(`${base}${keyPrefix}/api/listCases`, { method: 'POST' })).status).toBe(404);
  });
});

describe('web host tile cancellation', () => {
  it('aborts the read of a tile whose client went away', async () => {
    let seen: AbortSignal | undefined;
    let aborted!: () => void;
    const wasAborted = new Promise<void>((resolve) => (aborted = resolve));
    const stub = {
      getTile: (_path: string, signal?: AbortSignal) => {
        seen = signal;
        signal?.addEventListener('abort', aborted);
        // A read that never finishes by itself, like a stalled archive.
        return new Promise(() => undefined);
      },
    } as unknown as Workstation;
    const server = createHostServer({ workstation: stub, token: TOKEN, rendererDir: os.tmpdir() });
    const port = await listen(server, 0);
    const req = http.get({
      host: '127.0.0.1',
      port,
      path: '/tiles/s1/0/0/0',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    req.on('error', () => undefined);
    await vi.waitFor(() => expect(seen).toBeDefined());
    expect(seen?.aborted).toBe(false);
    req.destroy();
    await wasAborted;
    expect(seen?.aborted).toBe(true);
    server.closeAllConnections();
    server.close();
  });
});
