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

export interface Connection {
  api: Api;
  /** Base URL of tiles without trailing slash: `wsi://tiles` in Electron, `/tiles` on the web host. */
  tileBase: string;
  kind: 'electron' | 'web';
}

/** Where the web host answers calls and serves tiles (same origin as the page). */
export const WEB_API_BASE = '/api';
export const WEB_TILE_BASE = '/tiles';

function failure(code: ErrorCode, message: string): RpcResponse {
  return { ok: false, error: { code, message } };
}

/**
 * Calls over HTTP: `POST <base>/<method>` with the arguments as JSON; the answer is an
 * RpcResponse whatever the status. A network failure or a body that is not JSON becomes
 * an error response, so the client turns it into a WorkstationError like any other.
 */
export function httpTransport(fetchFn: typeof fetch, base = WEB_API_BASE): Transport {
  return async (method: Method, args: unknown): Promise<RpcResponse> => {
    let response: Response;
    try {
      response = await fetchFn(`${base}/${method}`, {
        method: 'POST',
        body: JSON.stringify(args ?? {}),
        headers: { 'content-type': 'application/json' },
        credentials: 'same-origin',
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

/** Picks the transport for this window: the preload bridge in Electron, HTTP otherwise. */
export function connect(win: Window): Connection {
  const bridge: unknown = (win as unknown as Record<string, unknown>)[BRIDGE_NAME];
  if (isBridge(bridge)) {
    return {
      api: createClient(bridgeTransport(bridge)),
      tileBase: bridge.tileBase.replace(/\/+$/, ''),
      kind: 'electron',
    };
  }
  return {
    api: createClient(httpTransport(win.fetch.bind(win))),
    tileBase: WEB_TILE_BASE,
    kind: 'web',
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
