/**
 * Minimal structured logger. Log lines carry event names and technical identifiers only
 * (slide ids, error codes, counts): never patient names, accession numbers or file names
 * that could contain them.
 */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/**
 * File paths inside free text (error messages) are replaced: a local library's file and
 * folder names often carry a patient's name or an accession number.
 */
export function redactPaths(text: string): string {
  return text
    .replace(/(['"])(?:[A-Za-z]:\\|\/)[^'"]*\1/g, '$1<path>$1')
    .replace(/[A-Za-z]:\\[^\s'"]+/g, '<path>')
    .replace(/(^|[\s(=])\/[^\s'"),]+/g, '$1<path>');
}

function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = typeof v === 'string' ? redactPaths(v) : v;
  return out;
}

export function consoleLogger(prefix = 'workstation'): Logger {
  const line = (level: string, event: string, fields?: Record<string, unknown>) =>
    `${new Date().toISOString()} ${level} ${prefix} ${event}${fields ? ' ' + JSON.stringify(redactFields(fields)) : ''}`;
  return {
    info: (e, f) => console.log(line('info', e, f)),
    warn: (e, f) => console.warn(line('warn', e, f)),
    error: (e, f) => console.error(line('error', e, f)),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** A logger that keeps lines in memory, for tests. */
export function memoryLogger(): Logger & {
  lines: { level: string; event: string; fields?: Record<string, unknown> }[];
} {
  const lines: { level: string; event: string; fields?: Record<string, unknown> }[] = [];
  return {
    lines,
    info: (event, fields) => lines.push({ level: 'info', event, fields }),
    warn: (event, fields) => lines.push({ level: 'warn', event, fields }),
    error: (event, fields) => lines.push({ level: 'error', event, fields }),
  };
}
