/**
 * Where the prefetch worker's code is, in each way the engine runs:
 *
 * - packaged app: main is bundled by esbuild into dist-electron/main.cjs, and the worker
 *   into prefetchWorker.cjs beside it (an entry point of scripts/buildElectron.mjs:
 *   electron/core/prefetch/prefetchWorker.ts -> prefetchWorker.cjs);
 * - from source under Vitest (which defines __dirname): prefetchWorker.ts beside this file,
 *   loaded through tsx's ESM hooks, registered by a two-line bootstrap;
 * - from source under tsx (npm run serve, bench), where ESM has no __dirname: the same
 *   file, found from the working directory (npm scripts run at the repository root).
 *
 * No import.meta here: the bundle is CommonJS, where it would be empty.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WorkerOptions } from 'node:worker_threads';

export interface WorkerEntry {
  /** A file path, or code when options.eval is true. */
  filename: string;
  options: WorkerOptions;
}

const BUNDLED = 'prefetchWorker.cjs';
const SOURCE = 'prefetchWorker.ts';
const SOURCE_FROM_ROOT = path.join('electron', 'core', 'prefetch', SOURCE);

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

export function prefetchWorkerEntry(): WorkerEntry {
  const here = typeof __dirname === 'string' ? __dirname : null;
  if (here && fs.existsSync(path.join(here, BUNDLED)))
    return { filename: path.join(here, BUNDLED), options: {} };
  const source =
    here && fs.existsSync(path.join(here, SOURCE))
      ? path.join(here, SOURCE)
      : path.resolve(SOURCE_FROM_ROOT);
  if (!fs.existsSync(source)) {
    throw new Error(
      `The prefetch worker was not found (${BUNDLED} beside the bundle, or ${SOURCE_FROM_ROOT})`,
    );
  }
  return tsxWorkerEntry(source);
}
