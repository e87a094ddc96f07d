import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Paths are relative to this file's folder (renderer/), the project's root, so that the
// project runs the same from the repository's `vitest.config.ts` or on its own.
export default defineConfig({
  plugins: [react()],
  test: {
    name: 'renderer',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/testSetup.ts'],
    // Component tests click through whole forms in jsdom; on a loaded 2-core CI machine one
    // took over 5 s (the default) without anything being wrong. As the node project does.
    testTimeout: 30_000,
  },
});
