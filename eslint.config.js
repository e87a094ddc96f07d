// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'node:*'];
const coreForbidden = [
  'electron',
  'electron/*',
  '**/main/**',
  '**/host/**',
  '**/preload/**',
  '**/renderer/**',
];

/**
 * A layer rule: `files` may not import any of `forbidden` (names or gitignore-style glob
 * patterns) nor anything matching `regex`. A bare name like 'electron' in `forbidden` matches
 * any path segment, so a layer that reaches ../../electron/common by a relative path names
 * the npm module with `regex` instead.
 */
const layer = (files, forbidden, message, regex) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [{ group: forbidden, message }, ...(regex ? [{ regex, message }] : [])] },
    ],
  },
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-electron/',
      'build/',
      'release/',
      'test-results/',
      'playwright-report/',
      'e2e/artifacts/',
      '.fixtures/',
      '.bench/',
      'scripts/*.mjs',
      'eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/only-throw-error': 'error',
      // Electron security checklist, item 15 (docs/electron-security.md).
      'no-restricted-properties': [
        'error',
        {
          object: 'shell',
          property: 'openExternal',
          message:
            'shell.openExternal opens any URL with the OS: allow-list https: addresses in one reviewed place first.',
        },
      ],
    },
  },
  // Layer rules of ARCHITECTURE.md.
  layer(
    ['electron/common/**'],
    [
      ...nodeBuiltins,
      'electron',
      'better-sqlite3',
      'sharp',
      'react',
      'react-dom',
      '**/core/**',
      '**/main/**',
      '**/host/**',
      '**/preload/**',
      '**/renderer/**',
    ],
    'electron/common is pure TypeScript: no Node, no Electron, no DOM, no other layer.',
  ),
  layer(
    ['electron/core/**', 'electron/cli/**'],
    coreForbidden,
    'electron/core is plain Node: it never imports electron or an outer layer.',
  ),
  // Flat config replaces a rule rather than merging it: the core list is repeated here.
  // Tests and their fixtures may write slides with the demo's TIFF writer.
  {
    ...layer(
      ['electron/core/sources/**'],
      [
        ...coreForbidden,
        '**/prefetch/**',
        '**/library/**',
        '**/tiles/**',
        '**/archive/**',
        '**/demo/**',
      ],
      'electron/core/sources holds slide readers only: no prefetch, library, tiles, archive or demo.',
    ),
    ignores: ['**/*.test.ts', '**/testing/**', '**/testFixtures.ts'],
  },
  layer(
    ['electron/host/**'],
    ['electron', 'electron/*', '**/main/**', '**/preload/**', '**/renderer/**'],
    'The web host runs without Electron.',
  ),
  layer(
    ['electron/main/**', 'electron/preload/**'],
    ['**/renderer/**', '**/host/**'],
    'Electron glue imports core and common only.',
  ),
  layer(
    ['electron/preload/**'],
    [...nodeBuiltins, '**/core/**', 'better-sqlite3', 'sharp'],
    'The sandboxed preload reaches only electron and electron/common.',
  ),
  layer(
    ['renderer/src/**'],
    [
      ...nodeBuiltins,
      '**/electron/core/**',
      '**/electron/main/**',
      '**/electron/host/**',
      '**/electron/preload/**',
      'better-sqlite3',
      'sharp',
    ],
    'The renderer imports only electron/common and never reaches Node.',
    '^electron(/.*)?$',
  ),
);
