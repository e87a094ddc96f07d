/**
 * The web host against another origin, in a real browser: a page on another port of
 * 127.0.0.1 (another origin, but the same site for cookies) must learn nothing of the
 * session and change nothing. Also: the token leaves the address bar at once, labels
 * are never kept by the browser, and `window.__viewer` exists only when the host was
 * started for tests.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { callApi } from './support/api';
import { hostEnv } from './support/env';
import { expect, test } from './support/fixtures';
import { startTestHost } from './support/testHost';

interface Attacker {
  url: string;
  /** Every request the other server received, with its headers. */
  seen: { url: string; headers: http.IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

/** A plain web server on another loopback port, with a page that attacks the host. */
async function startAttacker(target: string): Promise<Attacker> {
  const seen: Attacker['seen'] = [];
  const page = `<!doctype html><meta charset="utf-8"><title>other site</title>
<img src="/pixel.png">
<form id="f" method="POST" action="${target}/api/updateSettings" enctype="text/plain" target="sink">
  <input name='{"libraryFolders":["/etc"],"x":"' value='"}'>
</form>
<iframe name="sink"></iframe>
<script>
  (async () => {
    const body = JSON.stringify({ libraryFolders: ['/etc'] });
    const attempts = [
      fetch('${target}/api/updateSettings', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body }),
      fetch('${target}/api/updateSettings', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body }),
      fetch('${target}/api/listCases', { method: 'POST', mode: 'no-cors', credentials: 'include', body: '{}' }),
    ];
    await Promise.allSettled(attempts);
    document.getElementById('f').submit();
    setTimeout(() => { document.title = 'done'; }, 500);
  })();
</script>`;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(req.url === '/' ? page : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

test('another port of 127.0.0.1 receives no token and cannot change settings', async ({
  app,
  context,
}) => {
  const { baseUrl, token } = hostEnv();
  const before = await callApi(app.page.request, 'getSettings', {});
  // The app is open in this browser: whatever it keeps (cookies, storage) is in play.
  expect(app.page.url()).not.toContain(token);
  expect(await context.cookies()).toEqual([]);

  const attacker = await startAttacker(baseUrl);
  try {
    const other = await context.newPage();
    await other.goto(attacker.url);
    await expect(other).toHaveTitle('done');
    for (const request of attacker.seen) {
      expect(JSON.stringify(request.headers), request.url).not.toContain(token);
      expect(request.headers.cookie, request.url).toBeUndefined();
    }
    expect(attacker.seen.length).toBeGreaterThan(0);
    await other.close();
  } finally {
    await attacker.close();
  }
  const after = await callApi(app.page.request, 'getSettings', {});
  expect(after.libraryFolders).toEqual(before.libraryFolders);
  expect(after.libraryFolders).not.toContain('/etc');
});

test('the token leaves the address at once and a reload keeps the session', async ({ app }) => {
  const { token } = hostEnv();
  expect(app.page.url()).not.toContain(token);
  expect(await app.page.evaluate(() => document.referrer)).toBe('');
  await app.reload();
  expect(app.page.url()).not.toContain(token);
});

test('label images are never kept by the browser; tiles of the page carry no token', async ({
  app,
}) => {
  const { token } = hostEnv();
  await app.worklist.open('-013102');
  const label = app.case.cards.first().getByRole('img', { name: /^Label of slide 1$/ });
  const src = await label.evaluate((i: HTMLImageElement) => i.src);
  expect(src).toMatch(/\/c\/[A-Za-z0-9_-]+\/tiles\/.+\/associated\/label$/);
  expect(src).not.toContain(token);
  const response = await app.page.request.get(src);
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toBe('no-store');
});

test('window.__viewer exists only on a host started with test hooks', async ({ browser }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-nohooks-'));
  const host = await startTestHost({
    dataDir,
    testHooks: false,
    // The shared host's demo library, already generated: no second generation.
    deps: {
      prepareDemoLibrary: (dir) =>
        fs.promises.cp(path.join(hostEnv().dataDir, 'demo-library'), dir, { recursive: true }),
    },
  });
  try {
    const page = await browser.newPage();
    await page.goto(host.entryUrl);
    await page.getByTestId('worklist-row').first().dblclick();
    await page.getByTestId('slide-card').first().locator('button').click();
    await expect(page.getByTestId('slide-viewer')).toHaveAttribute('data-fully-loaded', 'true');
    expect(await page.evaluate(() => 'osd' in (window.__viewer ?? {}))).toBe(false);
    expect(await page.evaluate(() => window.__viewer === undefined)).toBe(true);
    await page.close();
  } finally {
    await host.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
