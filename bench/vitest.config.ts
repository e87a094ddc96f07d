import { defineConfig } from 'vitest/config';

// The benchmarks' own pure helpers: `npx vitest run --config bench/vitest.config.ts`.
// Not part of `npm test` (the benchmarks are not); paths are relative to bench/.
export default defineConfig({
  // Vite's cache with the repository's, not in a bench/node_modules of its own.
  cacheDir: '../node_modules/.vite/bench',
  test: {
    name: 'bench',
    environment: 'node',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
  },
});
