import type { ErrorCode, ErrorReason } from '../../../electron/common/errors';
import { ERROR_CODES } from '../../../electron/common/errors';

/** A code we know; anything else reads as an internal error. */
export function knownErrorCode(code: string): ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'internal';
}

/** The translation key naming an error code (a few words, for headings). */
export function errorCodeKey(code: string): `errors.code.${ErrorCode}` {
  return `errors.code.${knownErrorCode(code)}`;
}

/**
 * The translation key of the sentence explaining an error code to a person. Engine messages
 * are English and technical: they are shown after this sentence, as detail.
 */
export function errorSentenceKey(code: string): `errors.explain.${ErrorCode}` {
  return `errors.explain.${knownErrorCode(code)}`;
}

/** The sentence explaining why an archive connection test failed. */
export function archiveTestKey(code: string | null): `archives.test.code.${ErrorCode}` {
  return `archives.test.code.${knownErrorCode(code ?? 'internal')}`;
}

/** The translation key of the sentence explaining a finer error reason. */
export function errorReasonKey(reason: ErrorReason): `errors.reason.${ErrorReason}` {
  return `errors.reason.${reason}`;
}
