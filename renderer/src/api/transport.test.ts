import { describe, it, expect } from 'vitest';
import { createClient } from '../../../electron/common/rpc';
import type { RpcResponse } from '../../../electron/common/rpc';
import { WorkstationError } from '../../../electron/common/errors';
import { SessionError, associatedUrl, connect, httpTransport, tileUrl } from './transport';

interface Seen {
  url: string;
  init: RequestInit | undefined;
}

function fakeFetch(
  reply: (url: string) => Response | Promise<Response>,
  seen: Seen[] = [],
): typeof fetch {
  const f = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    seen.push({ url, init });
    return Promise.resolve(reply(url));
  };
  return f;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const settings = {
  language: null,
  theme: 'dark',
  libraryFolders: [],
  showDemo: true,
  cacheBudgetGB: 10,
};

describe('httpTransport', () => {
  it('POSTs JSON arguments to /api/<method> with the Bearer token and no cookie', async () => {
    const seen: Seen[] = [];
    const api = createClient(
      httpTransport(
        fakeFetch(() => json({ ok: true, value: settings }), seen),
        'tok',
      ),
    );
    const result = await api.updateSettings({ theme: 'dark' });
    expect(result.theme).toBe('dark');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe('/api/updateSettings');
    expect(seen[0]?.init?.method).toBe('POST');
    expect(seen[0]?.init?.credentials).toBe('omit');
    expect(seen[0]?.init?.headers).toMatchObject({
      authorization: 'Bearer tok',
      'content-type': 'application/json',
    });
    expect(JSON.parse(seen[0]?.init?.body as string)).toEqual({ theme: 'dark' });
  });

  it('turns an error response into a WorkstationError with its code', async () => {
    const api = createClient(
      httpTransport(
        fakeFetch(() =>
          json({ ok: false, error: { code: 'not_found', message: 'No such case' } }, 404),
        ),
        'tok',
      ),
    );
    const error = await api.getCase({ caseId: 'C1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkstationError);
    expect((error as WorkstationError).code).toBe('not_found');
    expect((error as WorkstationError).message).toBe('No such case');
  });

  it('reports a network failure as unavailable', async () => {
    const offline: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const transport = httpTransport(offline, 'tok');
    const response: RpcResponse = await transport('listCases', {});
    expect(response).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'unavailable' }) as unknown,
    });
  });

  it('reports a non-JSON 401 as unauthorized and other non-JSON answers as internal', async () => {
    const t401 = httpTransport(
      fakeFetch(() => new Response('nope', { status: 401 })),
      'tok',
    );
    expect(await t401('listCases', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    const t502 = httpTransport(
      fakeFetch(() => new Response('<html>', { status: 502 })),
      'tok',
    );
    expect(await t502('listCases', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('rejects a result that breaks the contract', async () => {
    const api = createClient(
      httpTransport(
        fakeFetch(() => json({ ok: true, value: [{ id: 'bad id!' }] })),
        'tok',
      ),
    );
    await expect(api.listCases({})).rejects.toMatchObject({ code: 'internal' });
  });
});

describe('connect', () => {
  it('uses the preload bridge when the window has one', async () => {
    const calls: string[] = [];
    const win = {
      workstation: {
        tileBase: 'wsi://tiles/',
        call: (method: string) => {
          calls.push(method);
          return Promise.resolve({ ok: true, value: settings });
        },
      },
      fetch: () => Promise.reject(new Error('must not fetch')),
    } as unknown as Window;
    const connection = await connect(win);
    expect(connection.kind).toBe('electron');
    expect(connection.tileBase).toBe('wsi://tiles');
    expect(connection.testHooks).toBe(false);
    await connection.api.getSettings({});
    expect(calls).toEqual(['getSettings']);
  });

  /** A browser window at `href`, with a session storage and a host answering /session. */
  function webWindow(href: string, reply: (url: string) => Response, seen: Seen[] = []) {
    const storage = new Map<string, string>();
    const location = { href };
    const win = {
      location,
      sessionStorage: {
        getItem: (k: string) => storage.get(k) ?? null,
        setItem: (k: string, v: string) => storage.set(k, v),
        removeItem: (k: string) => storage.delete(k),
      },
      history: {
        state: null,
        replaceState: (_s: unknown, _t: string, url: string) => {
          location.href = new URL(url, location.href).href;
        },
      },
      fetch: fakeFetch(reply, seen),
    } as unknown as Window;
    return { win, storage, location };
  }

  const session = { tileBase: '/c/abcdefghijklmnopqrstuv/tiles', testHooks: true };

  it('takes the token from the entry URL, drops it from the address and keeps it for the tab', async () => {
    const seen: Seen[] = [];
    const { win, storage, location } = webWindow(
      'http://127.0.0.1:5000/?token=secret#/worklist',
      () => json(session),
      seen,
    );
    const connection = await connect(win);
    expect(location.href).toBe('http://127.0.0.1:5000/#/worklist');
    expect([...storage.values()]).toEqual(['secret']);
    expect(connection.kind).toBe('web');
    expect(connection.tileBase).toBe(session.tileBase);
    expect(connection.testHooks).toBe(true);
    expect(seen[0]?.url).toBe('/session');
    expect(seen[0]?.init?.headers).toEqual({ authorization: 'Bearer secret' });
    // A reload: no token in the address any more, the tab still has it.
    const again = await connect(win);
    expect(again.tileBase).toBe(session.tileBase);
  });

  it('says unauthorized without a token, and forgets a token the host refuses', async () => {
    const none = webWindow('http://127.0.0.1:5000/', () => json(session));
    await expect(connect(none.win)).rejects.toEqual(new SessionError('unauthorized'));
    const stale = webWindow(
      'http://127.0.0.1:5000/?token=old',
      () => new Response('no', { status: 401 }),
    );
    await expect(connect(stale.win)).rejects.toMatchObject({ code: 'unauthorized' });
    expect(stale.storage.size).toBe(0);
    const down = webWindow(
      'http://127.0.0.1:5000/?token=t',
      () => new Response('<html>', { status: 502 }),
    );
    await expect(connect(down.win)).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('tile URLs', () => {
  it('builds tile and associated image URLs from the shared path format', () => {
    expect(tileUrl('/tiles', 'S1', 2, 3, 4)).toBe('/tiles/S1/2/3/4');
    expect(associatedUrl('wsi://tiles', 'S1', 'label')).toBe('wsi://tiles/S1/associated/label');
  });
});
