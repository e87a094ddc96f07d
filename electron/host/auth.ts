/**
 * Token check of the web host. The token travels only as `Authorization: Bearer <token>`:
 * never in a cookie (cookies are not bound to a port, so every other server on 127.0.0.1
 * would receive it). Browsers reach tiles through a capability path instead (see
 * electron/common/webRoutes.ts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time comparison of two secrets. */
export function secretMatches(candidate: string | null | undefined, secret: string): boolean {
  if (typeof candidate !== 'string') return false;
  const x = Buffer.from(candidate);
  const y = Buffer.from(secret);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The Bearer token a request presents, or null. */
export function bearerToken(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7).trim() : null;
}

export function isAuthorized(req: IncomingMessage, token: string): boolean {
  return secretMatches(bearerToken(req), token);
}
