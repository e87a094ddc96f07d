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

export function consoleLogger(prefix = 'workstation'): Logger {
  const line = (level: string, event: string, fields?: Record<string, unknown>) =>
    `${new Date().toISOString()} ${level} ${prefix} ${event}${fields ? ' ' + JSON.stringify(fields) : ''}`;
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
