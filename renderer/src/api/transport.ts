/**
 * The one place that knows how the renderer reaches the workstation: the Electron preload
 * bridge when it exists, otherwise HTTP to the web host. Everything above this module sees
 * only the typed `Api` of contract.ts and a base URL for tiles.
 */
import type { Api, Method } from '../../../electron/common/contract';
import type { Bridge, RpcResponse, Transport } from '../../../electron/common/rpc';
import { BRIDGE_NAME, createClient } from '../../../electron/common/rpc';
import type { AssociatedName } from '../../../electron/common/pyramid';
import { associatedPath, tilePath } from '../../../electron/common/pyramid';
import type { ErrorCode } from '../../../electron/common/errors';
import {
  API_ROUTE,
  SESSION_ROUTE,
  TOKEN_PARAM,
  TOKEN_STORAGE_KEY,
  webSessionSchema,
} from '../../../electron/common/webRoutes';

export interface Connection {
  api: Api;
  /**
   * Base URL of tiles without trailing slash: `wsi://tiles` in Electron, the session's
   * capability path `/c/<key>/tiles` on the web host.
   */
  tileBase: string;
  kind: 'electron' | 'web';
  /** Whether the page may install `window.__viewer` (web host started with --test-hooks). */
  testHooks: boolean;
}

/** Where the web host answers calls (same origin as the page), without trailing slash. */
export const WEB_API_BASE = API_ROUTE.replace(/\/$/, '');

function failure(code: ErrorCode, message: string): RpcResponse {
  return { ok: false, error: { code, message } };
}

/**
 * Calls over HTTP: `POST <base>/<method>` with the arguments as JSON; the answer is an
 * RpcResponse whatever the status. A network failure or a body that is not JSON becomes
 * an error response, so the client turns it into a WorkstationError like any other.
 */
export function httpTransport(
  fetchFn: typeof fetch,
  token: string,
  base = WEB_API_BASE,
): Transport {
  return async (method: Method, args: unknown): Promise<RpcResponse> => {
    let response: Response;
    try {
      response = await fetchFn(`${base}/${method}`, {
        method: 'POST',
        body: JSON.stringify(args ?? {}),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        credentials: 'omit',
      });
    } catch {
      return failure('unavailable', 'The workstation service cannot be reached.');
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      if (response.status === 401 || response.status === 403) {
        return failure(
          'unauthorized',
          'This browser session is not authorised; open the link printed by the host.',
        );
      }
      return failure(
        'internal',
        `Unexpected answer from the workstation service (HTTP ${response.status}).`,
      );
    }
    return body as RpcResponse;
  };
}

export function bridgeTransport(bridge: Bridge): Transport {
  return (method, args) => bridge.call(method, args);
}

function isBridge(x: unknown): x is Bridge {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as Bridge).call === 'function' &&
    typeof (x as Bridge).tileBase === 'string'
  );
}

/**
 * The web host's token for this tab. The one-time entry URL `/?token=` puts it in
 * sessionStorage (per origin and tab; kept across a reload) and it is removed from the
 * address at once, so it stays out of history, bookmarks and screenshots.
 */
export function takeSessionToken(win: Window): string | null {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get(TOKEN_PARAM);
  if (fromUrl !== null) {
    win.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    url.searchParams.delete(TOKEN_PARAM);
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
  }
  return win.sessionStorage.getItem(TOKEN_STORAGE_KEY);
}

/** Why the web host would not open a session for this page. */
export class SessionError extends Error {
  constructor(readonly code: 'unauthorized' | 'unavailable') {
    super(code);
  }
}

/** Picks the transport for this window: the preload bridge in Electron, HTTP otherwise. */
export async function connect(win: Window): Promise<Connection> {
  const bridge: unknown = (win as unknown as Record<string, unknown>)[BRIDGE_NAME];
  if (isBridge(bridge)) {
    return {
      api: createClient(bridgeTransport(bridge)),
      tileBase: bridge.tileBase.replace(/\/+$/, ''),
      kind: 'electron',
      testHooks: false,
    };
  }
  const token = takeSessionToken(win);
  if (token === null) throw new SessionError('unauthorized');
  const fetchFn = win.fetch.bind(win);
  let response: Response;
  try {
    response = await fetchFn(SESSION_ROUTE, {
      headers: { authorization: `Bearer ${token}` },
      credentials: 'omit',
    });
  } catch {
    throw new SessionError('unavailable');
  }
  if (response.status === 401) {
    // A token of an earlier launch of the host: forget it, the user needs the new link.
    win.sessionStorage.removeItem(TOKEN_STORAGE_KEY);
    throw new SessionError('unauthorized');
  }
  const session = webSessionSchema.safeParse(await response.json().catch(() => null));
  if (!response.ok || !session.success) throw new SessionError('unavailable');
  return {
    api: createClient(httpTransport(fetchFn, token)),
    tileBase: session.data.tileBase,
    kind: 'web',
    testHooks: session.data.testHooks,
  };
}

export function tileUrl(
  tileBase: string,
  slideId: string,
  level: number,
  col: number,
  row: number,
): string {
  return `${tileBase}/${tilePath(slideId, level, col, row)}`;
}

export function associatedUrl(tileBase: string, slideId: string, name: AssociatedName): string {
  return `${tileBase}/${associatedPath(slideId, name)}`;
}
