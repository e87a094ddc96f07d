import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeTileBytes } from '../core/testing/fakeSource';
import { fakeLibrary, fakeWorkstation } from '../core/testing/fakeWorkstation';
import type { Workstation } from '../core/workstation';
import { createHostServer, listen, resolveStatic } from './server';

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

describe('web host', () => {
  it('answers 401 without the token, everywhere', async () => {
    for (const p of ['/', '/index.html', '/tiles/s1/0/0/0']) {
      expect((await fetch(base + p)).status, p).toBe(401);
    }
    expect((await call('listCases', {}, {})).status).toBe(401);
    expect((await call('listCases', {}, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`, { redirect: 'manual' })).status).toBe(401);
  });

  it('turns ?token= into an HttpOnly cookie and serves the page with a CSP', async () => {
    const res = await fetch(`${base}/?token=${TOKEN}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    const page = await fetch(base + '/', { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe-eval/);
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
      headers: auth,
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
    expect((await fetch(`${base}/api/listCases`, { headers: auth })).status).toBe(405);
    const huge = await fetch(`${base}/api/listCases`, {
      method: 'POST',
      headers: auth,
      body: 'x'.repeat(2 << 20),
    }).catch(() => null);
    expect(huge === null || huge.status === 413).toBe(true);
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
    expect((await fetch(`${base}/tiles/../../etc/passwd`, { headers: auth })).status).toBe(404);
  });

  it('never serves files outside the renderer folder', () => {
    expect(resolveStatic('/srv/r', '/../secret.txt')).toBeNull();
    expect(resolveStatic('/srv/r', '/%2e%2e/secret.txt')).toBeNull();
    expect(resolveStatic('/srv/r', '/a/%00')).toBeNull();
    expect(resolveStatic('/srv/r', '/%E0%A4%A')).toBeNull();
    expect(resolveStatic('/srv/r', '/')).toBe('/srv/r/index.html');
    expect(resolveStatic('/srv/r', '/assets/app.js')).toBe('/srv/r/assets/app.js');
  });
});
