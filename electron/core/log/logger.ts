/**
 * Minimal structured logger. Log lines carry event names and technical identifiers only
 * (slide ids, error codes, counts): never patient names, accession numbers or file names
 * that could contain them.
 *
 * Failures are logged by their code, never by their message: an error message is free
 * text, and the ones from the file system and from archives quote paths and addresses
 * (`ENOENT: no such file or directory, open '/data/DUPONT Marie/A1.svs'`). Pass the error
 * itself under `error` (`log.warn('x.failed', { error: e })`): the logger keeps only its
 * code. Every string that still reaches a line is redacted again (redactPaths), as a last
 * defence, not as the way to keep patient data out.
 */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** A code is short and made of code characters (ENOENT, SQLITE_BUSY, not_found, TypeError). */
const CODE_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/**
 * What a log line may say about anything thrown: a WorkstationError's code, an errno or
 * SQLite code (`ENOENT`, `SQLITE_CORRUPT`), else the error's class name. Never its message.
 */
export function errorCode(e: unknown): string {
  if (typeof e === 'object' && e !== null) {
    const { code, name } = e as { code?: unknown; name?: unknown };
    if (typeof code === 'string' && CODE_PATTERN.test(code)) return code;
    if (typeof code === 'number' && Number.isFinite(code)) return String(code);
    if (typeof name === 'string' && CODE_PATTERN.test(name)) return name;
    return 'Error';
  }
  return e === undefined ? 'undefined' : 'thrown_' + typeof e;
}

/**
 * Where a path or a file address starts: `file:` URLs, Windows drives (`C:\`, `C:/`), UNC
 * shares (`\\server\share`), home-relative (`~/`) and absolute POSIX paths. A POSIX `/` only
 * counts after a boundary, so that `a/b` and `3/4` stay as they are.
 */
const PATH_START = String.raw`(?:file:|[A-Za-z]:[\\/]|\\\\|~[\\/]|/(?=[^\s/]))`;
/** Before an unquoted path: the start of a line, a space or punctuation (not a letter or digit). */
const BOUNDARY = String.raw`(^|[\s(=:,;\[{<>|])`;
/**
 * A quoted path runs to the last same quote on its line, because names hold apostrophes
 * (`D'ALMEIDA`); an unquoted one runs to the end of the line, because names hold spaces.
 * Redacting too much is the safe side.
 */
const QUOTED_PATH = new RegExp(String.raw`(['"\`])${PATH_START}[^\n]*\1`, 'g');
const UNQUOTED_PATH = new RegExp(String.raw`${BOUNDARY}${PATH_START}[^\n]*`, 'gm');
/** The path and query of a web address can carry a patient name (`?PatientName=...`). */
const WEB_ADDRESS = /\b(https?:\/\/[^\s/?#'"`<>]+)[/?#][^\s'"`<>]*/gi;
/** A user name and password inside a web address (`http://user:pass@host`). */
const WEB_CREDENTIALS = /\b(https?:\/\/)[^\s/?#'"`<>@]*@/gi;

/**
 * Replaces file paths, file:// addresses and the path part of web addresses in free text.
 * A last defence only: code must not hand free text from errors to the logger.
 */
export function redactPaths(text: string): string {
  return text
    .replace(WEB_CREDENTIALS, '$1<credentials>@')
    .replace(WEB_ADDRESS, '$1/<redacted>')
    .replace(QUOTED_PATH, '$1<path>$1')
    .replace(UNQUOTED_PATH, '$1<path>');
}

/** Longest string kept in a log field; identifiers and codes are far shorter. */
const MAX_STRING = 200;
/** Nested objects in fields are kept this deep; deeper ones are dropped. */
const MAX_DEPTH = 3;

function safeValue(value: unknown, depth: number): unknown {
  if (value instanceof Error) return errorCode(value);
  if (typeof value === 'string') return redactPaths(value).slice(0, MAX_STRING);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested]';
  if (Array.isArray(value)) return value.map((v) => safeValue(v, depth + 1));
  return safeFields(value as Record<string, unknown>, depth + 1);
}

/**
 * Fields as they may be written: anything under `error` (or any Error value) reduced to its
 * code, strings redacted and shortened.
 */
export function safeFields(fields: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = k === 'error' ? errorCode(v) : safeValue(v, depth);
  }
  return out;
}

export function consoleLogger(prefix = 'workstation'): Logger {
  const line = (level: string, event: string, fields?: Record<string, unknown>) =>
    `${new Date().toISOString()} ${level} ${prefix} ${event}${fields ? ' ' + JSON.stringify(safeFields(fields)) : ''}`;
  return {
    info: (e, f) => console.log(line('info', e, f)),
    warn: (e, f) => console.warn(line('warn', e, f)),
    error: (e, f) => console.error(line('error', e, f)),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** A logger that keeps lines in memory, for tests: fields as the console logger would write them. */
export function memoryLogger(): Logger & {
  lines: { level: string; event: string; fields?: Record<string, unknown> }[];
} {
  const lines: { level: string; event: string; fields?: Record<string, unknown> }[] = [];
  const keep = (level: string, event: string, fields?: Record<string, unknown>) =>
    lines.push({ level, event, ...(fields ? { fields: safeFields(fields) } : {}) });
  return {
    lines,
    info: (event, fields) => keep('info', event, fields),
    warn: (event, fields) => keep('warn', event, fields),
    error: (event, fields) => keep('error', event, fields),
  };
}
