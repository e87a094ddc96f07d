/**
 * Where a worker thread's code is, in each way the engine runs:
 *
 * - packaged app: main is bundled by esbuild into dist-electron/main.cjs, and each engine
 *   worker into `<name>.cjs` beside it (entry points of scripts/buildElectron.mjs:
 *   prefetchWorker.cjs, cacheWriter.cjs);
 * - from source under Vitest (which defines __dirname): `<source>.ts` beside the module
 *   that starts the worker, loaded through tsx's ESM hooks, registered by a two-line
 *   bootstrap;
 * - from source under tsx (npm run serve, bench), where ESM has no __dirname: the same
 *   file, found from the working directory (npm scripts run at the repository root).
 *
 * No import.meta here: the bundle is CommonJS, where it would be empty.
 *
 * Also the thread priority of background workers, which both engine workers lower.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WorkerOptions } from 'node:worker_threads';

export interface WorkerEntry {
  /** A file path, or code when options.eval is true. */
  filename: string;
  options: WorkerOptions;
}

/** A worker running a TypeScript file through tsx (development and tests only). */
export function tsxWorkerEntry(tsFile: string): WorkerEntry {
  const require = createRequire(tsFile);
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } }>;
  };
  const api = pkg.exports['./esm/api']?.import?.default;
  if (!api) throw new Error('tsx does not export esm/api');
  const apiUrl = pathToFileURL(path.join(path.dirname(pkgPath), api)).href;
  const entryUrl = pathToFileURL(tsFile).href;
  const code = `import(${JSON.stringify(apiUrl)}).then((m) => { m.register(); return import(${JSON.stringify(entryUrl)}); });`;
  return { filename: code, options: { eval: true } };
}

export interface WorkerScript {
  /** Output name in the bundle, without extension: `<name>.cjs` beside main.cjs. */
  bundled: string;
  /** The TypeScript entry from the repository root, e.g. electron/core/tiles/cacheWriterWorker.ts. */
  source: string;
  /** The caller's `__dirname` when it has one (CommonJS bundle, Vitest), else null. */
  here: string | null;
}

/** The bundled script beside the caller, else the TypeScript source through tsx. */
export function locateWorker(script: WorkerScript): WorkerEntry {
  const bundled = `${script.bundled}.cjs`;
  const base = path.basename(script.source);
  const here = script.here;
  if (here && fs.existsSync(path.join(here, bundled)))
    return { filename: path.join(here, bundled), options: {} };
  const source =
    here && fs.existsSync(path.join(here, base))
      ? path.join(here, base)
      : path.resolve(script.source);
  if (!fs.existsSync(source)) {
    throw new Error(`A worker was not found (${bundled} beside the bundle, or ${script.source})`);
  }
  return tsxWorkerEntry(source);
}

/** nice(1) value of background worker threads on Linux: below the UI. */
const BACKGROUND_NICE = 10;

/**
 * Lowers the calling thread's priority. On Linux the nice value is per thread, so this
 * lowers one worker alone and the kernel favours the main thread when the worker is
 * CPU-bound (a fast archive or disk). Elsewhere it would lower the whole app: not done
 * there. PREFETCH_NICE=0 turns it off (measurements).
 */
export function lowerThreadPriority(): void {
  if (process.platform !== 'linux' || process.env.PREFETCH_NICE === '0') return;
  try {
    os.setPriority(0, BACKGROUND_NICE);
  } catch {
    // Not permitted (containers may forbid it): run at normal priority.
  }
}

/** A log line as it crosses from a worker to the thread that logs it. */
export interface LogMessage {
  type: 'log';
  level: 'info' | 'warn' | 'error';
  event: string;
  fields?: Record<string, unknown>;
}

/**
 * A Logger for a worker thread that posts its lines to its parent. Structured cloning
 * keeps an Error's name and message but drops its `code`, which is what a log line may
 * say about it (logger.ts): an `error` field crosses as `{ code, name }`.
 */
export function threadLogger(post: (line: LogMessage) => void): {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
} {
  const line = (level: LogMessage['level'], event: string, fields?: Record<string, unknown>) => {
    let out = fields;
    const error = fields?.['error'] as { code?: unknown; name?: unknown } | null | undefined;
    if (typeof error === 'object' && error !== null) {
      out = { ...fields, error: { code: error.code, name: error.name } };
    }
    post({ type: 'log', level, event, ...(out ? { fields: out } : {}) });
  };
  return {
    info: (event, fields) => line('info', event, fields),
    warn: (event, fields) => line('warn', event, fields),
    error: (event, fields) => line('error', event, fields),
  };
}
