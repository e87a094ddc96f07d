/**
 * Token check of the web host. The token travels as `Authorization: Bearer <token>`, or as
 * the HttpOnly cookie the host sets when the page is first opened with `?token=<token>`
 * (so that <img> tile requests from OpenSeadragon carry it without any script).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'wst';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

/** The token presented by a request (header or cookie), or null. */
export function presentedToken(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return cookieValue(req.headers.cookie, TOKEN_COOKIE);
}

export function isAuthorized(req: IncomingMessage, token: string): boolean {
  const presented = presentedToken(req);
  return presented !== null && safeEqual(presented, token);
}

export function tokenMatches(candidate: string | null, token: string): boolean {
  return candidate !== null && safeEqual(candidate, token);
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
