/**
 * Serving cached tiles to the viewer, against what a bare server does with the same bytes:
 * - over HTTP: the web host (Bearer `/tiles/...`, and the page's capability path) against
 *   a bare `node:http` server answering the same bytes from memory; one keep-alive client
 *   for all, requests one after another, as one viewer;
 * - in process: Electron's `wsi://` protocol handler (serveTile → getTile) against a bare
 *   handler that gets the same Request and answers a Response of the same bytes from memory.
 * Rounds alternate between the methods so that a noisy neighbour hurts them alike.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESSION_ROUTE, TILE_ROUTE } from '../electron/common/webRoutes';
import { serveTile } from '../electron/main/tileResponse';
import type { TestHost } from '../e2e/support/testHost';
import type { Timing } from './stats';
import { summarize, table } from './stats';

const ROUNDS = 5;

interface Method {
  name: string;
  one(path: string): Promise<number>;
}

/** GET with a keep-alive agent; resolves with the body length. */
function getter(agent: http.Agent, base: string, headers: Record<string, string>) {
  const url = new URL(base);
  return (p: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.get(
        { agent, host: url.hostname, port: url.port, path: p, headers },
        (res) => {
          let n = 0;
          res.on('data', (c: Buffer) => (n += c.length));
          res.on('end', () =>
            res.statusCode === 200 ? resolve(n) : reject(new Error(`HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
    });
}

async function measure(methods: Method[], paths: string[]): Promise<Map<string, Timing>> {
  const times = new Map(methods.map((m) => [m.name, [] as number[]]));
  const totals = new Map(methods.map((m) => [m.name, 0]));
  for (const m of methods) for (const p of paths.slice(0, 20)) await m.one(p); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const m of methods) {
      const start = performance.now();
      for (const p of paths) {
        const t0 = performance.now();
        await m.one(p);
        times.get(m.name)!.push(performance.now() - t0);
      }
      totals.set(m.name, totals.get(m.name)! + performance.now() - start);
    }
  }
  return new Map(methods.map((m) => [m.name, summarize(times.get(m.name)!, totals.get(m.name)!)]));
}

export async function benchServing(
  host: TestHost,
  slideId: string,
  tiles: readonly { col: number; row: number }[],
): Promise<string> {
  const ws = host.workstation;
  const paths = tiles.map((t) => `${slideId}/0/${t.col}/${t.row}`);
  const bytes = new Map<string, Uint8Array>();
  for (const p of paths) {
    const tile = await ws.getTile(p);
    if (tile.status !== 200) throw new Error(`tile ${p}: HTTP ${tile.status}`);
    bytes.set(p, tile.body);
  }

  const bare = http.createServer((req, res) => {
    const body = bytes.get((req.url ?? '').slice(TILE_ROUTE.length));
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': body.byteLength });
    res.end(body);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareBase = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const bearer = { authorization: `Bearer ${host.token}` };
  const session = (await (
    await fetch(`${host.baseUrl}${SESSION_ROUTE}`, { headers: bearer })
  ).json()) as { tileBase: string };

  try {
    const getBare = getter(agent, bareBase, {});
    const getHost = getter(agent, host.baseUrl, bearer);
    const getPage = getter(agent, host.baseUrl, {});
    const http_ = await measure(
      [
        { name: 'bare node:http from memory (baseline)', one: (p) => getBare(TILE_ROUTE + p) },
        { name: 'web host, Bearer /tiles', one: (p) => getHost(TILE_ROUTE + p) },
        { name: 'web host, page capability path', one: (p) => getPage(`${session.tileBase}/${p}`) },
      ],
      paths,
    );
    const protocol = await measure(
      [
        {
          // Electron hands every protocol handler a Request: the bare handler gets one too.
          name: 'bare handler, Response from memory (baseline)',
          one: async (p) => {
            const request = new Request(`wsi://tiles/${p}`);
            const body = bytes.get(
              new URL(request.url).pathname.slice(1),
            ) as Uint8Array<ArrayBuffer>;
            return (await new Response(body).arrayBuffer()).byteLength;
          },
        },
        {
          name: 'wsi:// handler (serveTile → getTile)',
          one: async (p) =>
            (
              await (
                await serveTile((tp, s) => ws.getTile(tp, s), new Request(`wsi://tiles/${p}`))
              ).arrayBuffer()
            ).byteLength,
        },
      ],
      paths,
    );
    const rows = (results: Map<string, Timing>) => {
      const base = [...results.values()][0]!;
      return [...results].map(([name, t]) => [
        name,
        t.perSecond,
        t.p50 * 1000,
        t.p95 * 1000,
        t.perSecond / base.perSecond,
      ]);
    };
    return [
      `Serving cached tiles: ${paths.length} level-0 tiles × ${ROUNDS} rounds, one keep-alive client`,
      table([['over HTTP', 'tiles/s', 'p50 µs', 'p95 µs', '× baseline'], ...rows(http_)]),
      '',
      table([
        ['in process (Electron protocol)', 'tiles/s', 'p50 µs', 'p95 µs', '× baseline'],
        ...rows(protocol),
      ]),
      '(target: web host ≥ 0.7× the bare server)',
    ].join('\n');
  } finally {
    agent.destroy();
    bare.closeAllConnections();
    await new Promise<void>((resolve) => bare.close(() => resolve()));
  }
}
