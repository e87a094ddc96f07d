/**
 * The real outside world of the engine: slide files on disk and the generated demo
 * library. Electron's main process and the web host both use this.
 */
import type { Logger } from './log/logger';
import { generateDemoLibrary } from './demo/demoLibrary';
import { noArchives, openLocator } from './sources/openLocator';
import type { WorkstationDeps } from './workstation';

export function defaultDeps(log: Logger): WorkstationDeps {
  return {
    // Slides of this machine; the workstation opens archive slides with its own clients.
    openSlide: (locator) => openLocator(locator, noArchives),
    async prepareDemoLibrary(dir, onProgress) {
      const started = Date.now();
      const result = await generateDemoLibrary(dir, onProgress ? { onProgress } : {});
      log.info('demo.ready', { ...result, ms: Date.now() - started });
    },
  };
}
