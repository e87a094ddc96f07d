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
  },
});
