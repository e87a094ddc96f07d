/**
 * electron-builder cannot run here (it downloads Electron), so its configuration is
 * checked against electron-builder's own loader and JSON schema, offline.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
// app-builder-lib is the package electron-builder loads and validates configurations with.
const requireFromBuilder = createRequire(
  createRequire(path.join(root, 'package.json')).resolve('electron-builder'),
);

interface BuilderConfig {
  appId?: string;
  asarUnpack?: string[];
  npmRebuild?: boolean;
  /** Normalised by getConfig into file sets. */
  files?: (string | { filter?: string[] })[];
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

describe('electron-builder.yml', () => {
  it('matches the electron-builder schema (and the check can fail)', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(
      validateConfiguration(
        { ...config, linux: { ...config.linux, notAnOption: true } },
        new DebugLogger(false),
      ),
    ).rejects.toThrow(/does not match the API schema/);
  });

  it('unpacks native modules, rebuilds them for Electron, and targets NSIS, AppImage and deb', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    expect(config.appId).toBe('fr.chulille.pathology.workstation');
    const unpack = config.asarUnpack ?? [];
    expect(unpack).toEqual(
      expect.arrayContaining([
        'node_modules/better-sqlite3/**',
        'node_modules/sharp/**',
        'node_modules/@img/**',
        'dist-electron/**',
      ]),
    );
    // Worker threads load sharp from app.asar.unpacked: everything sharp requires must be there.
    const sharpPkg = JSON.parse(
      readFileSync(path.join(root, 'node_modules/sharp/package.json'), 'utf8'),
    ) as {
      dependencies: Record<string, string>;
    };
    for (const dep of Object.keys(sharpPkg.dependencies)) {
      const covered =
        unpack.includes(`node_modules/${dep}/**`) ||
        (dep.startsWith('@img/') && unpack.includes('node_modules/@img/**'));
      expect(covered, dep).toBe(true);
    }
    expect(config.npmRebuild).toBe(true);
    const files = (config.files ?? []).flatMap((f) =>
      typeof f === 'string' ? [f] : (f.filter ?? []),
    );
    expect(files).toEqual(
      expect.arrayContaining(['dist/renderer/**', 'dist-electron/**', 'package.json']),
    );
    expect(config.win?.target?.map((t) => t.target)).toEqual(['nsis']);
    expect(config.linux?.target?.map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.linux?.maintainer).toMatch(/<.+@.+>/);
    expect(config.linux?.category).toBe('Science');
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
