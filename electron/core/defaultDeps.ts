/**
 * The real outside world of the engine: slide files on disk and the generated demo
 * library. Electron's main process and the web host both use this.
 */
import type { Logger } from './log/logger';
import { generateDemoLibrary } from './demo/demoLibrary';
import { openDicomFolderSeries } from './sources/dicomfile/dicomFileSlide';
import { openSlideAny } from './sources/openSlide';
import type { WorkstationDeps } from './workstation';

export function defaultDeps(log: Logger): WorkstationDeps {
  return {
    openSlide(locator) {
      if (locator.kind === 'file') return openSlideAny(locator.path);
      return openDicomFolderSeries(locator.folder, locator.seriesUID);
    },
    async prepareDemoLibrary(dir) {
      const started = Date.now();
      const result = await generateDemoLibrary(dir);
      log.info('demo.ready', { ...result, ms: Date.now() - started });
    },
  };
}
