#!/usr/bin/env node
/**
 * `npm run build:electron [-- --outdir DIR]`: bundles the Electron main process and the
 * preload with esbuild.
 *
 *   electron/main/main.ts       -> dist-electron/main.cjs     (Node, CommonJS)
 *   electron/preload/preload.ts -> dist-electron/preload.cjs  (sandboxed preload, CommonJS)
 *   CommonJS worker entries     -> dist-electron/<name>.cjs   (Node, CommonJS)
 *   ESM worker entries          -> dist-electron/<name>.js    (Node, ESM: "type": "module")
 *
 * Engine modules find their worker script "beside this module in a build", through
 * `__dirname` or `import.meta.url`; in main.cjs those are the bundle's own, so workers are
 * emitted next to it. In a packaged app main.cjs is inside app.asar, and the worker scripts
 * alone are unpacked beside it (electron-builder.yml asarUnpack: every script here but
 * main.cjs and preload.cjs), so that a worker thread never depends on Electron's asar
 * support: in main.cjs and the CommonJS workers, `__dirname`, `__filename` and
 * `import.meta.*` name the app.asar.unpacked copy (banner below). A package.json
 * {"type":"module"} in the output makes the `.js` workers ESM there too, where the
 * project's package.json is not beside them.
 *
 * Native modules stay external (they are loaded from node_modules, rebuilt for Electron's
 * ABI by electron-builder). The sandboxed preload may only require 'electron', so any
 * other require() left in its bundle fails the build. Warnings fail the build too: an
 * `import.meta` that becomes empty in CommonJS, say, would break at run time only.
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { outdir: { type: 'string' } }, strict: true });
const outdir = path.resolve(values.outdir ?? path.join(root, 'dist-electron'));

/** Loaded from node_modules at run time: native code, or Electron itself. */
const MAIN_EXTERNALS = ['electron', 'better-sqlite3', 'sharp', 'sherpa-onnx-node'];
/**
 * worker_threads scripts of the engine, by output name. The engine looks for `<name>.cjs`
 * (tiles/workerEntry.ts locateWorker) or `<name>.js` (demo/demoWorkers.ts) next to the
 * module that starts the worker (here: next to main.cjs). An entry whose source does not
 * exist (yet) is skipped.
 */
const CJS_WORKER_ENTRIES = {
  prefetchWorker: 'electron/core/prefetch/prefetchWorker.ts',
  cacheWriter: 'electron/core/tiles/cacheWriterWorker.ts',
  sherpaWorker: 'electron/core/speech/sherpaWorker.ts',
  bigSlideWorker: 'electron/core/demo/bigSlide/bigSlideWorker.ts',
};
const WORKER_ENTRIES = {
  demoWorker: 'electron/core/demo/demoWorker.ts',
};
/**
 * First line of main.cjs and the CommonJS workers: where this bundle is, on disk, for the
 * code in it. A packaged app's main.cjs is in app.asar; its worker scripts are unpacked
 * beside it, in app.asar.unpacked (see the header).
 */
const CJS_BANNER =
  'const __bundleFile = __filename.replace(/([\\\\/]app\\.asar)([\\\\/])/, "$1.unpacked$2"), ' +
  '__bundleDir = require("node:path").dirname(__bundleFile), ' +
  '__bundleUrl = require("node:url").pathToFileURL(__bundleFile).href;';

/** Modules found in an entry map whose source exists. */
function existing(entries) {
  return Object.fromEntries(
    Object.entries(entries).filter(([, src]) => existsSync(path.join(root, src))),
  );
}
/** What Electron's sandboxed preload `require` provides and we use. */
const PRELOAD_ALLOWED_REQUIRES = new Set(['electron']);

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'silent',
  metafile: true,
};

function report(name, result) {
  for (const m of [...result.errors, ...result.warnings]) {
    const where = m.location ? `${m.location.file}:${m.location.line}: ` : '';
    console.error(`${name}: ${where}${m.text}`);
  }
  return result.errors.length + result.warnings.length;
}

/** Modules a bundle still requires at run time (externals and Node built-ins). */
function externalImports(metafile) {
  const found = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const imp of output.imports ?? []) if (imp.external) found.add(imp.path);
  }
  return [...found].sort();
}

async function main() {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const started = performance.now();
  let problems = 0;
  try {
    const [mainResult, preloadResult] = await Promise.all([
      build({
        ...common,
        // The CommonJS workers sit beside main.cjs (locateWorker() finds them there).
        entryPoints: { main: 'electron/main/main.ts', ...existing(CJS_WORKER_ENTRIES) },
        outExtension: { '.js': '.cjs' },
        outdir,
        platform: 'node',
        // Electron 45 runs Node 24; node22 is a floor that every supported Electron meets.
        target: 'node22',
        external: MAIN_EXTERNALS,
        // CommonJS has no import.meta: give bundled modules the bundle's own location, the
        // unpacked one in a packaged app (CJS_BANNER), where worker scripts can be loaded.
        banner: { js: CJS_BANNER },
        define: {
          'import.meta.url': '__bundleUrl',
          'import.meta.dirname': '__bundleDir',
          'import.meta.filename': '__bundleFile',
          __dirname: '__bundleDir',
          __filename: '__bundleFile',
        },
      }),
      build({
        ...common,
        entryPoints: { preload: 'electron/preload/preload.ts' },
        outExtension: { '.js': '.cjs' },
        outdir,
        // A sandboxed preload runs in the renderer process with a tiny `require`.
        platform: 'browser',
        target: 'chrome130',
        external: ['electron'],
      }),
    ]);
    problems += report('main', mainResult) + report('preload', preloadResult);
    const outputs = [mainResult.metafile.outputs, preloadResult.metafile.outputs];
    const workers = existing(WORKER_ENTRIES);
    if (Object.keys(workers).length > 0) {
      const workerResult = await build({
        ...common,
        entryPoints: workers,
        outdir,
        platform: 'node',
        format: 'esm',
        target: 'node22',
        external: MAIN_EXTERNALS,
        // Bundled CommonJS dependencies may call require(): give the ESM bundle one.
        banner: {
          js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
        },
      });
      problems += report('workers', workerResult);
      outputs.push(workerResult.metafile.outputs);
      await writeFile(path.join(outdir, 'package.json'), '{ "type": "module" }\n');
    }
    const preloadRequires = externalImports(preloadResult.metafile);
    const forbidden = preloadRequires.filter((m) => !PRELOAD_ALLOWED_REQUIRES.has(m));
    if (forbidden.length > 0) {
      console.error(`preload: a sandboxed preload cannot require ${forbidden.join(', ')}`);
      problems += forbidden.length;
    }
    const mainRequires = externalImports(mainResult.metafile).filter((m) => !m.startsWith('node:'));
    const sizes = Object.entries(Object.assign({}, ...outputs))
      .filter(([file]) => !file.endsWith('.map'))
      .map(([file, o]) => `${path.basename(file)} ${(o.bytes / 1024).toFixed(0)} KiB`);
    console.log(
      `build:electron ${sizes.join(', ')} in ${Math.round(performance.now() - started)} ms -> ${path.relative(root, outdir) || outdir}`,
    );
    console.log(`  main requires at run time: ${mainRequires.join(', ')}`);
  } catch (e) {
    // esbuild has already described the errors (e.errors) when it throws.
    for (const m of e.errors ?? []) {
      const where = m.location ? `${m.location.file}:${m.location.line}: ` : '';
      console.error(`${where}${m.text}`);
    }
    if (!e.errors) console.error(e);
    problems += 1;
  }
  if (problems > 0) {
    console.error(`build:electron failed (${problems} problem${problems > 1 ? 's' : ''})`);
    process.exit(1);
  }
}

await main();
