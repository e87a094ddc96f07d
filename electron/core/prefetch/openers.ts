/**
 * The worker's default slide opener: slides are described by their locator (plain data)
 * and opened inside the worker with openLocator, the same function the window uses, since
 * a SlideSource cannot cross threads. Archive slides go through the connection the main
 * thread handed over (setArchives), one client per archive (ArchiveClients).
 *
 * Tests replace this module with their own (Prefetcher.start({ openerModule })): any
 * module exporting a `createOpener` of this shape.
 */
import { WorkstationError } from '../../common/errors';
import type { SlideLocator } from '../cases/caseRepository';
import { ArchiveClients, openLocator } from '../sources/openLocator';
import type { CreateOpener, OpenerContext, WorkerOpener } from './types';

/** Local files share one source key: the disk is never "unavailable" as a whole. */
export function sourceKeyOf(locator: SlideLocator): string {
  return locator.kind === 'dicomweb' ? `archive:${locator.archiveId}` : 'local';
}

export const createOpener: CreateOpener = (context: OpenerContext): WorkerOpener => {
  const clients = new ArchiveClients();
  const clientFor = (archiveId: string) => {
    const archive = context.archive(archiveId);
    if (!archive) {
      // Connections arrive from the main thread after start; until then, try again later.
      throw new WorkstationError('unavailable', 'The archive of this slide is not configured yet.');
    }
    return clients.get(archive);
  };
  return {
    sourceKey: sourceKeyOf,
    open: (locator, signal) =>
      openLocator(locator, clientFor, { signal, seriesMetadata: context.seriesMetadata }),
  };
};
