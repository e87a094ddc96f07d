import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Paths are relative to the repository root, where every npm script runs.
export default defineConfig({
  root: 'renderer',
  // Relative asset URLs: the build is served from `wsi://app/` in Electron and from `/` by the web host.
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Electron 45 and current Chromium: no need to transpile for older engines.
    target: 'es2022',
    sourcemap: true,
    // A desktop app loading from disk or loopback: one ~0.8 MB bundle (React, zod, OpenSeadragon) is fine.
    chunkSizeWarningLimit: 1500,
  },
});
