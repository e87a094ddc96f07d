/**
 * Which requests the web host answers at all, before any token is looked at. Pure.
 *
 * - Host: only `127.0.0.1:<port>` and `localhost:<port>`. A DNS-rebinding page (a name of
 *   the attacker's that resolves to 127.0.0.1) sends its own name and is refused.
 * - Origin and Sec-Fetch-Site: a request another site's page makes (even one on another
 *   port of 127.0.0.1, which is another origin) is refused. Browsers always send
 *   Sec-Fetch-Site; non-browser clients (CLI, tests) send neither header and are judged
 *   by the token alone.
 * - Contract calls must be `application/json`: a cross-site `no-cors` POST can only send
 *   text/plain, form or multipart bodies.
 */

export interface RequestFacts {
  method: string | undefined;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
  contentType: string | undefined;
}

export type GuardVerdict = { ok: true } | { ok: false; status: 403 | 415 | 421; reason: string };

const OK: GuardVerdict = { ok: true };

/** The origins this host is reached by, for the bound port. */
export function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

export function checkRequest(facts: RequestFacts, port: number, isApi: boolean): GuardVerdict {
  const host = (facts.host ?? '').toLowerCase();
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`)
    return { ok: false, status: 421, reason: 'Unknown host name' };
  if (facts.origin !== undefined && facts.origin !== `http://${host}`)
    return { ok: false, status: 403, reason: 'Cross-origin request refused' };
  const site = facts.secFetchSite;
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    return { ok: false, status: 403, reason: 'Cross-site request refused' };
  if (isApi && facts.method === 'POST') {
    const type = (facts.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json')
      return { ok: false, status: 415, reason: 'Content-Type must be application/json' };
  }
  return OK;
}
