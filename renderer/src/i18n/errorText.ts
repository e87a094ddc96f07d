import type { ErrorCode } from '../../../electron/common/errors';
import { ERROR_CODES } from '../../../electron/common/errors';

/** The translation key naming an error code; codes we do not know read as internal errors. */
export function errorCodeKey(code: string): `errors.code.${ErrorCode}` {
  const known = (ERROR_CODES as readonly string[]).includes(code)
    ? (code as ErrorCode)
    : 'internal';
  return `errors.code.${known}`;
}
