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

export class WorkstationError extends Error {
  override readonly name = 'WorkstationError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message };
  }
}

export interface SerializedError {
  code: ErrorCode;
  message: string;
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
