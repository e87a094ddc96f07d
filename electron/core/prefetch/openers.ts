/**
 * The worker's default slide opener: slides are described by their locator (plain data)
 * and opened inside the worker, since a SlideSource cannot cross threads. Archive slides
 * need the connection the main thread handed over (setArchives); one DicomwebClient per
 * archive is kept so that its keep-alive connections are reused.
 *
 * Tests replace this module with their own (Prefetcher.start({ openerModule })): any
 * module exporting a `createOpener` of this shape.
 */
import { WorkstationError } from '../../common/errors';
import type { SlideLocator } from '../cases/caseRepository';
import { openDicomFolderSeries } from '../sources/dicomfile/dicomFileSlide';
import { DicomwebClient } from '../sources/dicomweb/client';
import { openDicomwebSlide } from '../sources/dicomweb/dicomwebSlide';
import { openSlideAny } from '../sources/openSlide';
import type { SlideSource } from '../sources/slideSource';
import type { CreateOpener, OpenerContext, WorkerOpener } from './types';

/** Local files share one source key: the disk is never "unavailable" as a whole. */
export function sourceKeyOf(locator: SlideLocator): string {
  return locator.kind === 'dicomweb' ? `archive:${locator.archiveId}` : 'local';
}

export const createOpener: CreateOpener = (context: OpenerContext): WorkerOpener => {
  const clients = new Map<string, { key: string; client: DicomwebClient }>();

  function clientFor(archiveId: string): DicomwebClient {
    const archive = context.archive(archiveId);
    if (!archive) {
      // Connections arrive from the main thread after start; until then, try again later.
      throw new WorkstationError('unavailable', 'The archive of this slide is not configured yet.');
    }
    const key = JSON.stringify([archive.baseUrl, archive.auth]);
    const known = clients.get(archiveId);
    if (known?.key === key) return known.client;
    const client = new DicomwebClient({ baseUrl: archive.baseUrl, auth: archive.auth });
    clients.set(archiveId, { key, client });
    return client;
  }

  return {
    sourceKey: sourceKeyOf,
    open(locator: SlideLocator): Promise<SlideSource> {
      switch (locator.kind) {
        case 'file':
          return openSlideAny(locator.path);
        case 'dicomfolder':
          return openDicomFolderSeries(locator.folder, locator.seriesUID);
        case 'dicomweb':
          return openDicomwebSlide(
            clientFor(locator.archiveId),
            locator.studyUID,
            locator.seriesUID,
          );
      }
    },
  };
};
