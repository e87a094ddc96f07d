/**
 * PINs at rest: scrypt (node:crypto) with a random 16-byte salt, the cost parameters
 * stored beside the hash ("scrypt$N$r$p$salt$hash", base64) so they can be raised later
 * while old PINs still verify. Compared with timingSafeEqual.
 *
 * A 4-12 digit PIN has at most 10^12 values: whoever copies workstation.db can try them
 * all offline, however slow the hash. The PIN guards the live session (who signs at this
 * screen), and the engine throttles wrong attempts (userService.ts); the file itself is
 * protected by the operating system's account and disk encryption.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * N = 2^15, r = 8, p = 1: 32 MiB and about 50-100 ms per PIN on a hospital desktop (the
 * 2017 recommendation of the scrypt paper's author for interactive logins).
 */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function scryptOptions({ N, r, p }: ScryptParams) {
  // maxmem must exceed 128 * N * r bytes, or scrypt refuses.
  return { N, r, p, maxmem: 256 * N * r };
}

/** Off the event loop (libuv's thread pool): tiles keep flowing while a PIN is checked. */
function deriveAsync(pin: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, KEY_BYTES, scryptOptions(params), (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPin(pin: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveAsync(pin, salt, params);
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

function parse(stored: string): { salt: Buffer; expected: Buffer; params: ScryptParams } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0)) return null;
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length !== KEY_BYTES) return null;
  return { salt: Buffer.from(parts[4]!, 'base64'), expected, params: { N, r, p } };
}

/** False for a wrong PIN and for a stored value this version cannot read. */
export async function verifyPinHash(pin: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  return timingSafeEqual(await deriveAsync(pin, parsed.salt, parsed.params), parsed.expected);
}

/**
 * The same check on the calling thread, for UserDirectory.verifyPin (synchronous by its
 * interface): it holds the event loop for the whole derivation, so the contract's own
 * calls use verifyPinHash.
 */
export function verifyPinHashSync(pin: string, stored: string): boolean {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = scryptSync(pin, parsed.salt, KEY_BYTES, scryptOptions(parsed.params));
  return timingSafeEqual(key, parsed.expected);
}
