/**
 * One way to open a slide from its locator (where workstation.db says the slide is), for
 * the window's SlideRegistry and the prefetch worker alike: a slide file or folder, a
 * DICOM series in a folder, or a series in an archive, through the client `clientFor`
 * gives for that archive.
 *
 * An archive series' metadata (one WADO-RS request, ~0.5 s on Orthanc) is taken from
 * `seriesMetadata` when given and known, and kept there after a fetch: a slide either
 * thread opened once opens again without that request.
 *
 * ArchiveClients keeps one DicomwebClient per archive, so that its keep-alive connections
 * are reused, and makes a new one when the archive's address, credentials or timeout
 * change. Each thread has its own (a client cannot cross threads).
 */
import { WorkstationError } from '../../common/errors';
import type { SlideLocator } from '../cases/caseRepository';
import type { DicomJson } from './dicom/dicomJson';
import { openDicomFolderSeries } from './dicomfile/dicomFileSlide';
import type { DicomwebAuth } from './dicomweb/client';
import { DicomwebClient } from './dicomweb/client';
import { openDicomwebSlide } from './dicomweb/dicomwebSlide';
import { openSlideAny } from './openSlide';
import type { SlideSource } from './slideSource';

/** The client of an archive; throws a WorkstationError when there is none. */
export type ClientFor = (archiveId: string) => DicomwebClient;

/** How to reach a DICOMweb archive (credentials included: kept in memory only). */
export interface ArchiveConnection {
  id: string;
  baseUrl: string;
  auth: DicomwebAuth;
  /** Per-request timeout (the client's DEFAULT_TIMEOUT_MS when absent). */
  timeoutMs?: number;
}

/** For callers that open slides of this machine only. */
export const noArchives: ClientFor = () => {
  throw new WorkstationError('unavailable', 'No archive is configured here.');
};

/** Archive series metadata (DICOM JSON) kept between opens, by SeriesInstanceUID. */
export interface SeriesMetadataCache {
  get(seriesUID: string): Promise<DicomJson[] | null>;
  put(seriesUID: string, metadata: DicomJson[]): void;
}

export interface OpenLocatorOptions {
  signal?: AbortSignal;
  seriesMetadata?: SeriesMetadataCache;
}

/** Opens the slide a locator points at; archive slides through `clientFor`. */
export async function openLocator(
  locator: SlideLocator,
  clientFor: ClientFor,
  options: OpenLocatorOptions = {},
): Promise<SlideSource> {
  switch (locator.kind) {
    case 'file':
      return openSlideAny(locator.path);
    case 'dicomfolder':
      return openDicomFolderSeries(locator.folder, locator.seriesUID);
    case 'dicomweb':
      return openArchiveSeries(clientFor(locator.archiveId), locator, options);
  }
}

async function openArchiveSeries(
  client: DicomwebClient,
  locator: Extract<SlideLocator, { kind: 'dicomweb' }>,
  { signal, seriesMetadata: cache }: OpenLocatorOptions,
): Promise<SlideSource> {
  const { studyUID, seriesUID } = locator;
  const known = await cache?.get(seriesUID);
  if (known) {
    try {
      return await openDicomwebSlide(client, studyUID, seriesUID, signal, known);
    } catch (e) {
      // What was kept no longer makes a slide: ask the archive again.
      if (signal?.aborted || (e as WorkstationError).code !== 'corrupt') throw e;
    }
  }
  const metadata = await client.seriesMetadata(studyUID, seriesUID, signal);
  const slide = await openDicomwebSlide(client, studyUID, seriesUID, signal, metadata);
  cache?.put(seriesUID, metadata);
  return slide;
}

export interface ArchiveClientsOptions {
  /** Told the outcome of every request to an archive (null: it answered). */
  onOutcome?: (archiveId: string, error: unknown) => void;
}

export class ArchiveClients {
  private readonly clients = new Map<string, { fingerprint: string; client: DicomwebClient }>();

  constructor(private readonly options: ArchiveClientsOptions = {}) {}

  /** The client of `connection`: the same one while the connection stays the same. */
  get(connection: ArchiveConnection): DicomwebClient {
    const { id, baseUrl, auth, timeoutMs } = connection;
    const fingerprint = JSON.stringify([baseUrl, auth, timeoutMs ?? null]);
    const known = this.clients.get(id);
    if (known?.fingerprint === fingerprint) return known.client;
    const onOutcome = this.options.onOutcome;
    const client = new DicomwebClient({
      baseUrl,
      auth,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(onOutcome ? { onOutcome: (error: unknown) => onOutcome(id, error) } : {}),
    });
    this.clients.set(id, { fingerprint, client });
    return client;
  }

  /** The client made last for an archive, if any (its settings may have changed since). */
  known(archiveId: string): DicomwebClient | undefined {
    return this.clients.get(archiveId)?.client;
  }

  forget(archiveId: string): void {
    this.clients.delete(archiveId);
  }
}
