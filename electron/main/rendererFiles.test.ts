import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_CSP, resolveRendererPath, serveRendererFile } from './rendererFiles';

describe('resolveRendererPath', () => {
  it('maps paths to segments with their MIME type', () => {
    expect(resolveRendererPath('app://renderer/assets/index-abc.js')).toEqual({
      ok: true,
      segments: ['assets', 'index-abc.js'],
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveRendererPath('app://renderer/assets/app.CSS')).toMatchObject({
      ok: true,
      contentType: 'text/css; charset=utf-8',
    });
    expect(resolveRendererPath('app://renderer/fonts/a%20b.woff2')).toMatchObject({
      ok: true,
      segments: ['fonts', 'a b.woff2'],
    });
  });

  it('serves index.html for the root and for client-side routes', () => {
    for (const url of [
      'app://renderer',
      'app://renderer/',
      'app://renderer/worklist',
      'app://renderer/case/42?x=1#top',
    ]) {
      expect(resolveRendererPath(url), url).toMatchObject({ ok: true, segments: ['index.html'] });
    }
  });

  it('refuses traversal in every spelling', () => {
    for (const url of [
      'app://renderer/..%2f..%2fetc%2fpasswd.txt',
      'app://renderer/assets/%2e%2e%2fsecret.js',
      'app://renderer/a%5c..%5c..%5csecret.js',
      'app://renderer/C:%5cWindows%5cwin.ini',
      'app://renderer/x%00.js',
      'app://renderer/%E0%A4%A.js',
    ]) {
      expect(resolveRendererPath(url), url).toMatchObject({ ok: false, status: 400 });
    }
    // A whole `..` segment, literal or encoded, is resolved by the URL parser and cannot
    // climb above the root.
    expect(resolveRendererPath('app://renderer/../../etc/passwd.txt')).toMatchObject({
      ok: true,
      segments: ['etc', 'passwd.txt'],
    });
    expect(resolveRendererPath('app://renderer/assets/%2e%2e/%2E%2E/x.js')).toMatchObject({
      ok: true,
      segments: ['x.js'],
    });
  });

  it('refuses other hosts and file types the build does not produce', () => {
    expect(resolveRendererPath('app://other/index.html')).toMatchObject({ ok: false, status: 404 });
    expect(resolveRendererPath('wsi://renderer/index.html')).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(resolveRendererPath('app://renderer/package.exe')).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(resolveRendererPath('app://renderer/.env.local')).toMatchObject({
      ok: false,
      status: 404,
    });
  });
});

describe('serveRendererFile', () => {
  let root: string;
  beforeAll(() => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'renderer-'));
    root = path.join(dir, 'renderer');
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>ws</title>');
    writeFileSync(path.join(root, 'assets', 'main.js'), 'console.log(1)');
    // A file next to the root, which must stay out of reach.
    writeFileSync(path.join(dir, 'secret.txt'), 'secret');
    writeFileSync(path.join(dir, 'renderer-evil.txt'), 'secret');
  });

  const get = (url: string, method = 'GET') =>
    serveRendererFile(root, new Request(url, { method }));

  it('serves files with MIME type, CSP and nosniff', async () => {
    const res = await get('app://renderer/assets/main.js');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('console.log(1)');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const index = await get('app://renderer/');
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<title>ws</title>');
  });

  it('answers 404 for missing files and directories, never a file outside the root', async () => {
    expect((await get('app://renderer/assets/missing.js')).status).toBe(404);
    expect((await get('app://renderer/assets.js')).status).toBe(404);
    expect((await get('app://renderer/../secret.txt')).status).toBe(404);
    expect((await get('app://renderer/..%2fsecret.txt')).status).toBe(400);
    expect((await get('app://renderer/..%2frenderer-evil.txt')).status).toBe(400);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://renderer/assets/main.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get('app://renderer/assets/main.js', 'POST')).status).toBe(405);
  });
});
