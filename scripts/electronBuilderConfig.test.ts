/**
 * electron-builder cannot run here (it downloads Electron), so its configuration is
 * checked offline, with electron-builder's own loader, JSON schema and file matcher:
 *
 * - the fuses, with embedded asar integrity validation;
 * - every `files` and `extraResources` pattern matches something in the tree or the build;
 * - the asar unpacks the worker scripts and what they require, and nothing else: a copy of
 *   just the unpacked files (as in app.asar.unpacked) loads better-sqlite3 and sharp from
 *   where the workers are, in plain Node (no asar support at all);
 * - the production dependencies are exactly the modules the bundles leave to run time;
 * - electron-builder knows the Electron version and its ABI (to rebuild better-sqlite3).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
// app-builder-lib is the package electron-builder loads and validates configurations with.
const requireFromBuilder = createRequire(
  createRequire(path.join(root, 'package.json')).resolve('electron-builder'),
);

type Pattern = string | { from?: string; to?: string; filter?: string | string[] };
interface BuilderConfig {
  appId?: string;
  asar?: boolean;
  asarUnpack?: string[];
  npmRebuild?: boolean;
  /** Normalised by getConfig into file sets. */
  files?: Pattern[];
  extraResources?: Pattern[];
  extraFiles?: Pattern[];
  win?: { target?: { target: string }[]; icon?: string };
  linux?: { target?: { target: string }[]; maintainer?: string; category?: string; icon?: string };
  electronFuses?: Record<string, boolean>;
}
const { getConfig, validateConfiguration } = requireFromBuilder(
  'app-builder-lib/out/util/config/config.js',
) as {
  getConfig: (projectDir: string, configPath: string, options: null) => Promise<BuilderConfig>;
  validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
};
const { DebugLogger } = requireFromBuilder('builder-util') as {
  DebugLogger: new (enabled: boolean) => unknown;
};
type Filter = (file: string, stat: { isDirectory(): boolean }) => boolean;
const { FileMatcher } = requireFromBuilder('app-builder-lib/out/fileMatcher.js') as {
  FileMatcher: new (
    from: string,
    to: string,
    expand: (s: string) => string,
    patterns: string[],
  ) => { createFilter(): Filter };
};
const { computeElectronVersion } = requireFromBuilder(
  'app-builder-lib/out/electron/electronVersion.js',
) as { computeElectronVersion: (projectDir: string) => Promise<string> };

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};
const FILE = { isDirectory: () => false };
const loadConfig = () => getConfig(root, path.join(root, 'electron-builder.yml'), null);

/** The patterns of a files-like option, as strings (file sets flattened to their filters). */
function patternsOf(option: Pattern[] | undefined): { from: string; pattern: string }[] {
  return (option ?? []).flatMap((p) =>
    typeof p === 'string'
      ? [{ from: '.', pattern: p }]
      : [p.filter ?? '**/*'].flat().map((pattern) => ({ from: p.from ?? '.', pattern })),
  );
}

/** Files under dir (recursive), as paths relative to base, with '/' separators. */
function walk(dir: string, base: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(base, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** The part of a glob before its first wildcard, as a directory. */
function staticPrefix(pattern: string): string {
  const segments: string[] = [];
  for (const s of pattern.split('/')) {
    if (/[*?{}()[\]!]/.test(s)) break;
    segments.push(s);
  }
  return segments.join('/');
}

/** Modules (not Node built-ins) that a bundle still imports at run time. */
function runtimeImports(code: string): string[] {
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const found = [
    // A module name has no white space: bundled text such as brotli's dictionary transforms
    // (`" from "),` then a newline) is not an import.
    ...code.matchAll(/\brequire\("([^"\s]+)"\)|\bfrom\s*"([^"\s]+)"|\bimport\("([^"\s]+)"\)/g),
  ]
    .map((m) => m[1] ?? m[2] ?? m[3]!)
    .filter((m) => !builtins.has(m) && !m.startsWith('.'));
  return [...new Set(found)].sort();
}

describe('electron-builder.yml', () => {
  let outdir: string;
  let workDir: string;
  beforeAll(() => {
    // The bundles as `npm run build:electron` makes them, in a temporary folder under the
    // project (same file system as node_modules: the unpacked copy below uses hard links).
    fs.mkdirSync(path.join(root, '.fixtures'), { recursive: true });
    workDir = fs.mkdtempSync(path.join(root, '.fixtures', 'builder-config-'));
    outdir = path.join(workDir, 'dist-electron');
    const build = spawnSync(process.execPath, ['scripts/buildElectron.mjs', '--outdir', outdir], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
  });
  afterAll(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('matches the electron-builder schema (and the check can fail)', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(
      validateConfiguration(
        { ...config, linux: { ...config.linux, notAnOption: true } },
        new DebugLogger(false),
      ),
    ).rejects.toThrow(/does not match the API schema/);
  });

  it('keeps the fuses and adds embedded asar integrity validation', async () => {
    const config = await loadConfig();
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      enableCookieEncryption: true,
    });
  });

  it('packs only what exists: every files and extraResources pattern matches the tree or the build', async () => {
    const config = await loadConfig();
    // What the build makes (absent from a clean clone): the renderer (Vite's outDir) and the
    // bundles (the folder of package.json "main", where buildElectron.mjs writes by default).
    // (A computed specifier: the renderer's config is not part of this TypeScript project.)
    const viteConfigModule = '../renderer/vite.config';
    const viteConfig = ((await import(viteConfigModule)) as { default: unknown }).default as {
      root: string;
      build: { outDir: string };
    };
    const built: Record<string, string[]> = {
      [path.relative(root, path.resolve(root, viteConfig.root, viteConfig.build.outDir))]: [
        'index.html',
      ],
      [path.dirname(pkg.main)]: fs.readdirSync(outdir),
    };
    expect(Object.keys(built).sort()).toEqual(['dist-electron', 'dist/renderer']);
    const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
    const candidates = [
      ...tracked,
      ...Object.entries(built).flatMap(([dir, names]) => names.map((n) => `${dir}/${n}`)),
    ];
    const patterns = [
      ...patternsOf(config.files),
      ...patternsOf(config.extraResources),
      ...patternsOf(config.extraFiles),
    ].filter(({ pattern }) => !pattern.startsWith('!'));
    expect(patterns.map((p) => p.pattern)).toEqual(
      expect.arrayContaining(['dist/renderer/**', 'dist-electron/**', 'package.json']),
    );
    for (const { from, pattern } of patterns) {
      const filter = new FileMatcher(path.resolve(root, from), '/', (s) => s, [
        pattern,
      ]).createFilter();
      const base = path.relative(root, path.resolve(root, from));
      const matched = candidates.filter(
        (f) => (base === '' || f.startsWith(`${base}/`)) && filter(path.join(root, f), FILE),
      );
      expect(matched.length, `${pattern} (from ${from}) matches nothing`).toBeGreaterThan(0);
    }
  });

  it('unpacks the worker scripts, not main.cjs nor preload.cjs, and never dist-electron/**', async () => {
    const config = await loadConfig();
    const unpack = config.asarUnpack ?? [];
    expect(unpack).not.toContain('dist-electron/**');
    const unpacked = new FileMatcher(root, '/', (s) => s, unpack).createFilter();
    const scripts = fs.readdirSync(outdir).filter((f) => !f.endsWith('.map'));
    const isUnpacked = (f: string) => unpacked(path.join(root, 'dist-electron', f), FILE);
    expect(scripts).toEqual(
      expect.arrayContaining(['main.cjs', 'preload.cjs', 'prefetchWorker.cjs']),
    );
    expect(scripts.filter(isUnpacked).sort()).toEqual(
      scripts.filter((f) => f !== 'main.cjs' && f !== 'preload.cjs').sort(),
    );
    // Source maps are not packed at all.
    expect(patternsOf(config.files).some(({ pattern }) => pattern === '!**/*.map')).toBe(true);
  });

  it('unpacks exactly what the workers require: a copy of the unpacked files alone loads better-sqlite3, sharp and sherpa-onnx-node from beside the workers', async () => {
    const config = await loadConfig();
    const unpack = config.asarUnpack ?? [];
    const unpacked = new FileMatcher(root, '/', (s) => s, unpack).createFilter();

    // The workers leave these modules to run time; the probe below loads each of them.
    const workers = fs
      .readdirSync(outdir)
      .filter((f) => /\.c?js$/.test(f) && f !== 'main.cjs' && f !== 'preload.cjs');
    const required = new Set(
      workers.flatMap((f) => runtimeImports(fs.readFileSync(path.join(outdir, f), 'utf8'))),
    );
    expect([...required].sort()).toEqual(['better-sqlite3', 'sharp', 'sherpa-onnx-node']);

    // resources/app.asar.unpacked as electron-builder lays it out: every file of the app
    // that an asarUnpack pattern matches, and nothing else.
    const app = path.join(workDir, 'resources', 'app.asar.unpacked');
    const sources = new Set(
      unpack
        .map(staticPrefix)
        .filter((p) => p.startsWith('node_modules/'))
        .flatMap((dir) => walk(path.join(root, dir), root)),
    );
    for (const f of fs.readdirSync(outdir)) sources.add(`dist-electron/${f}`);
    const copied: string[] = [];
    for (const rel of sources) {
      if (!unpacked(path.join(root, rel), FILE)) continue;
      const from = rel.startsWith('dist-electron/')
        ? path.join(outdir, rel.slice('dist-electron/'.length))
        : path.join(root, rel);
      const to = path.join(app, rel);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      try {
        fs.linkSync(from, to);
      } catch {
        fs.copyFileSync(from, to);
      }
      copied.push(rel);
    }
    expect(copied).not.toContain('dist-electron/main.cjs');

    // A probe beside the workers, in each module system the workers use.
    const probe = path.join(app, 'dist-electron', 'probe.mjs');
    fs.writeFileSync(
      probe,
      [
        "import { createRequire } from 'node:module';",
        "import sharp from 'sharp';",
        'const require = createRequire(import.meta.url);',
        "const Database = require('better-sqlite3');",
        "const db = new Database(':memory:');",
        "const one = db.prepare('select 1 as one').get().one;",
        'db.close();',
        'const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#c0c0c0" } }).jpeg().toBuffer();',
        "require('sharp');",
        // The optional speech engine's native module (electron/core/speech/sherpaWorker.ts).
        "const sherpa = require('sherpa-onnx-node');",
        "if (typeof sherpa.OnlineRecognizer !== 'function') throw new Error('sherpa-onnx-node');",
        'console.log(JSON.stringify({ one, jpeg: jpeg.length > 0, loaded: Object.keys(require.cache) }));',
      ].join('\n'),
    );
    const result = spawnSync(process.execPath, [probe], {
      cwd: os.tmpdir(),
      encoding: 'utf8',
      timeout: 60_000,
      // Nothing from the project may be found through the environment.
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(result.stderr).toBe('');
    const out = JSON.parse(result.stdout) as { one: number; jpeg: boolean; loaded: string[] };
    expect(out.one).toBe(1);
    expect(out.jpeg).toBe(true);
    const loaded = out.loaded.map((f) => path.relative(app, f).split(path.sep).join('/'));
    // Everything came from the unpacked copy (a module missing there would be found in the
    // project's node_modules, further up)...
    expect(
      loaded.filter((f) => f.startsWith('..')),
      'loaded from outside app.asar.unpacked: add them to asarUnpack',
    ).toEqual([]);
    // ...and every node_modules pattern was needed for it (but another platform's native
    // build, which npm did not install here).
    for (const pattern of unpack.filter(
      (p) => p.startsWith('node_modules/') && fs.existsSync(path.join(root, staticPrefix(p))),
    )) {
      const filter = new FileMatcher(app, '/', (s) => s, [pattern]).createFilter();
      expect(
        loaded.some((f) => filter(path.join(app, f), FILE)),
        `${pattern} is unpacked but no worker needs it`,
      ).toBe(true);
    }
  });

  it('has the production dependencies the bundles leave to run time, and nothing bundled', () => {
    const imports = new Set(
      fs
        .readdirSync(outdir)
        .filter((f) => /\.c?js$/.test(f))
        .flatMap((f) => runtimeImports(fs.readFileSync(path.join(outdir, f), 'utf8'))),
    );
    imports.delete('electron');
    // The optional speech engine is an optional dependency: installs may leave it out.
    expect(Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }).sort()).toEqual(
      [...imports].sort(),
    );
    // electron-builder refuses electron in dependencies, and would pack an optional one.
    expect(pkg.devDependencies.electron).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.optionalDependencies?.electron).toBeUndefined();
  });

  it('knows the Electron version it packages, and its ABI for rebuilding native modules', async () => {
    const version = await computeElectronVersion(root);
    expect(version).toBe(pkg.devDependencies.electron);
    const major = Number(version.split('.')[0]);
    // A supported major (the latest three stable ones when this was written: 43 to 45).
    expect(major).toBeGreaterThanOrEqual(43);
    // @electron/rebuild (npmRebuild: true) maps the Electron version to its Node ABI.
    const requireFromRebuild = createRequire(requireFromBuilder.resolve('@electron/rebuild'));
    const { getAbi } = requireFromRebuild('node-abi') as {
      getAbi: (target: string, runtime: string) => string;
    };
    expect(Number(getAbi(version, 'electron'))).toBeGreaterThan(0);
  });

  it('unpacks native modules, rebuilds them for Electron, and targets NSIS, AppImage and deb', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('fr.chulille.pathology.workstation');
    expect(config.npmRebuild).toBe(true);
    expect(config.win?.target?.map((t) => t.target)).toEqual(['nsis']);
    expect(config.linux?.target?.map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.linux?.maintainer).toMatch(/<.+@.+>/);
    expect(config.linux?.category).toBe('Science');
  });
});
