/**
 * Typed errors that cross the contract boundary. Every failure a caller can act on has a
 * code; the message is for people (it is shown in the UI) and never carries patient data.
 */
export const ERROR_CODES = [
  'invalid_argument', // the call does not match the contract
  'not_found', // case, slide, tile or file does not exist
  'unsupported', // a format or feature we recognise but cannot read (JPEG 2000, say)
  'corrupt', // the data is there but malformed or truncated
  'unavailable', // a server or file system cannot be reached right now
  'unauthorized', // credentials missing or wrong
  'offline', // not in the local cache and the archive cannot be reached
  'conflict', // the object is frozen or changed meanwhile (a signed report, a case signed out)
  'locked', // the session is locked or no pathologist is chosen: unlock with the PIN first
  'internal', // a bug on our side
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Finer reasons under a code, for failures the UI explains in a sentence of its own (in the
 * user's language); the English message then stays behind "Details".
 */
export const ERROR_REASONS = [
  'folder_missing', // a library folder that does not exist
  'folder_not_directory', // a library folder path that names a file
  'folder_unreadable', // a library folder this account may not read
  'folder_relative', // a library folder given as a relative path
] as const;

export type ErrorReason = (typeof ERROR_REASONS)[number];

export function isErrorReason(x: unknown): x is ErrorReason {
  return typeof x === 'string' && (ERROR_REASONS as readonly string[]).includes(x);
}

export class WorkstationError extends Error {
  override readonly name = 'WorkstationError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly reason?: ErrorReason,
  ) {
    super(message);
  }

  toJSON(): SerializedError {
    return {
      code: this.code,
      message: this.message,
      ...(this.reason ? { reason: this.reason } : {}),
    };
  }
}

export interface SerializedError {
  code: ErrorCode;
  message: string;
  reason?: ErrorReason;
}

export function isWorkstationError(e: unknown): e is WorkstationError {
  return e instanceof WorkstationError;
}

/** Turns anything thrown into a WorkstationError, without leaking stack traces to callers. */
export function toWorkstationError(e: unknown): WorkstationError {
  if (e instanceof WorkstationError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new WorkstationError('internal', message);
}

/** HTTP status for each error code, used by the web host. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_argument: 400,
  not_found: 404,
  unsupported: 415,
  corrupt: 422,
  unavailable: 503,
  unauthorized: 401,
  offline: 504,
  conflict: 409,
  locked: 423,
  internal: 500,
};
