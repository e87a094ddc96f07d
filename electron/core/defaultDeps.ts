/**
 * The real outside world of the engine: slide files on disk and the generated demo
 * library. Electron's main process and the web host both use this.
 */
import { WorkstationError } from '../common/errors';
import type { Logger } from './log/logger';
import { generateDemoLibrary } from './sources/demo/demoLibrary';
import { openDicomFolderSlides } from './sources/dicomfile/dicomFileSlide';
import { openSlideAny } from './sources/openSlide';
import type { WorkstationDeps } from './workstation';

export function defaultDeps(log: Logger): WorkstationDeps {
  return {
    async openSlide(locator) {
      if (locator.kind === 'file') return openSlideAny(locator.path);
      const slides = await openDicomFolderSlides(locator.folder);
      const wanted = slides.find((s) => s.seriesUID === locator.seriesUID);
      await Promise.all(slides.filter((s) => s !== wanted).map((s) => s.close()));
      if (!wanted)
        throw new WorkstationError('not_found', 'This DICOM slide is no longer in its folder.');
      return wanted;
    },
    async prepareDemoLibrary(dir) {
      const started = Date.now();
      const result = await generateDemoLibrary(dir);
      log.info('demo.ready', { ...result, ms: Date.now() - started });
    },
  };
}
