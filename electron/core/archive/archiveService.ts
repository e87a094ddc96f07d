/**
 * The hospital archives as the engine sees them: one DicomwebClient per configured
 * archive, whether each is reachable right now, the worklist synchronised from QIDO-RS
 * into workstation.db (so it opens instantly and offline), archive slides opened on
 * demand, and the outbox of changes that wait for the archive to come back.
 */
import { EventEmitter } from 'node:events';
import { WorkstationError, toWorkstationError } from '../../common/errors';
import type { ArchiveTestResult, Priority } from '../../common/contract';
import { ARCHIVE_TEST_STUDY_LIMIT } from '../../common/contract';
import type { CaseRecord, CaseRepository } from '../cases/caseRepository';
import type { Logger } from '../log/logger';
import type { DicomwebClient } from '../sources/dicomweb/client';
import type { ArchiveCase } from '../sources/dicomweb/worklist';
import { allCases, listCaseSlides } from '../sources/dicomweb/worklist';
import type { ArchiveConnection } from '../sources/openLocator';
import { ArchiveClients } from '../sources/openLocator';
import {
  AnnOutboxFiles,
  annStoreSubject,
  deliverAnnStore,
} from '../annotations/dicomAnn/annOutbox';
import type { ArchiveInput, ArchiveRecord, ArchiveRepository } from './archiveRepository';
import { testArchiveInput } from './archiveInputTest';
import type { Outbox } from './outbox';
import { publishCaseStatus } from './statusPublisher';
import { mapLimit } from '../util/mapLimit';
import { mergeSlideContexts } from '../caseContext/dicomContext';

export type ArchiveState = 'unknown' | 'online' | 'offline' | 'unauthorized';

export interface ArchiveStatus extends ArchiveRecord {
  state: ArchiveState;
  /** Why it is not online, for people. */
  message: string | null;
  pendingChanges: number;
}

/** How often an unreachable archive is probed, and how often worklists are refreshed. */
const PROBE_INTERVAL_MS = 5_000;
/**
 * An archive nobody asked anything for this long is asked (one QIDO study), so that an
 * outage shows in the title bar even while the pathologist reads cached slides.
 */
const DEFAULT_KEEP_ALIVE_MS = 30_000;

const SYNC_INTERVAL_MS = 5 * 60_000;
/**
 * QIDO page size and the most studies taken into a worklist. Pages are large because
 * Orthanc 1.10 ignores `offset` when filtering on ModalitiesInStudy: with one large page
 * a worklist of up to PAGE_SIZE cases is complete there, and archives that honour
 * `offset` are paged through to MAX_STUDIES (allCases stops when a page brings nothing new).
 */
const PAGE_SIZE = 500;
const MAX_STUDIES = 2_000;
/** Series listings in flight at once during a sync (Orthanc takes 0.45-1.1 s per query). */
const SYNC_CONCURRENCY = 4;

/**
 * DICOM has no case priority at the study level that archives return over QIDO; the
 * frozen-section and urgent flags travel in the study description in practice.
 */
export function priorityFromDescription(description: string): Priority {
  if (/extempo|frozen|per-?op[ée]ratoire|intra-?op/i.test(description)) return 'frozen';
  if (/urgen|\bstat\b|prioritaire/i.test(description)) return 'urgent';
  return 'routine';
}

export interface ArchiveServiceEvents {
  /** The configured archives changed (added, edited, removed). */
  configured: [];
  /** Reachability of an archive changed. */
  state: [archiveId: string, state: ArchiveState];
  /** The cases of an archive were re-synchronised. */
  synced: [archiveId: string];
  /** What a sync read of each study's reading physician (before `synced`). */
  readingPhysicians: [archiveId: string, studies: { studyUID: string; physician: string | null }[]];
}

export class ArchiveService extends EventEmitter<ArchiveServiceEvents> {
  /** Every request through them, tile reads included, keeps each archive's state current. */
  private readonly clients = new ArchiveClients({
    onOutcome: (archiveId, error) => this.report(archiveId, error),
  });
  private readonly states = new Map<string, { state: ArchiveState; message: string | null }>();
  private readonly syncing = new Map<string, Promise<void>>();
  /** When each archive last answered or failed to (any request). */
  private readonly lastContact = new Map<string, number>();
  private probeTimer: NodeJS.Timeout | null = null;
  private syncTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Annotation objects waiting for an archive, one file each. */
  private readonly annFiles: AnnOutboxFiles | null;

  constructor(
    private readonly archives: ArchiveRepository,
    private readonly cases: CaseRepository,
    private readonly outbox: Outbox,
    private readonly log: Logger,
    private readonly options: {
      timeoutMs?: number;
      keepAliveMs?: number;
      /** Where annotation objects wait for their archive (under the data folder). */
      annotationFilesDir?: string;
    } = {},
  ) {
    super();
    this.annFiles = options.annotationFilesDir
      ? new AnnOutboxFiles(options.annotationFilesDir)
      : null;
  }

  /** Starts background work: a first sync of every archive, then periodic ones. */
  start(): void {
    for (const a of this.archives.list()) void this.sync(a.id).catch(() => undefined);
    this.syncTimer = setInterval(() => {
      for (const a of this.archives.list()) void this.sync(a.id).catch(() => undefined);
    }, SYNC_INTERVAL_MS);
    this.syncTimer.unref();
    this.probeTimer = setInterval(() => void this.probeUnreachable(), PROBE_INTERVAL_MS);
    this.probeTimer.unref();
  }

  /** The archive's client (the same one until its settings change). */
  client(archiveId: string): DicomwebClient {
    // Settings changes forget the client (save, remove): a known one is current.
    return this.clients.known(archiveId) ?? this.clients.get(this.connection(archiveId));
  }

  private connection(archiveId: string): ArchiveConnection {
    const record = this.archives.get(archiveId);
    return {
      id: archiveId,
      baseUrl: record.baseUrl,
      auth: this.archives.auth(archiveId),
      ...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}),
    };
  }

  /** Every archive with its credentials, for the engine's own prefetch worker only. */
  connections(): ArchiveConnection[] {
    return this.archives.list().map((a) => this.connection(a.id));
  }

  statuses(): ArchiveStatus[] {
    return this.archives.list().map((a) => {
      const s = this.states.get(a.id) ?? { state: 'unknown' as const, message: null };
      return { ...a, ...s, pendingChanges: this.outbox.count(a.id) };
    });
  }

  /** True when every configured archive answered its last request (or none is configured). */
  allOnline(): boolean {
    return this.statuses().every((s) => s.state === 'online' || s.state === 'unknown');
  }

  save(input: ArchiveInput): ArchiveRecord {
    const record = this.archives.save(input);
    this.clients.forget(record.id);
    this.states.delete(record.id);
    this.emit('configured');
    void this.sync(record.id).catch(() => undefined);
    return record;
  }

  remove(archiveId: string): void {
    this.archives.remove(archiveId);
    this.clients.forget(archiveId);
    this.states.delete(archiveId);
    this.outbox.dropArchive(archiveId);
    this.cases.replaceSource('archive', [], `${archiveId}/`);
    this.emit('configured');
  }

  /** Notes the outcome of a request to an archive; reconnection resumes pending work. */
  report(archiveId: string, error: unknown): void {
    this.lastContact.set(archiveId, Date.now());
    const previous = this.states.get(archiveId)?.state ?? 'unknown';
    let next: { state: ArchiveState; message: string | null };
    if (error === null) next = { state: 'online', message: null };
    else {
      const e = toWorkstationError(error);
      if (e.code === 'unauthorized') next = { state: 'unauthorized', message: e.message };
      else if (e.code === 'unavailable') next = { state: 'offline', message: e.message };
      else return; // A missing series or a bad frame says nothing about the connection.
    }
    this.states.set(archiveId, next);
    if (next.state !== previous) {
      this.log.info('archive.state', { archiveId, state: next.state });
      this.emit('state', archiveId, next.state);
      if (next.state === 'online' && previous !== 'unknown') {
        void this.sync(archiveId).catch(() => undefined);
      }
      if (next.state === 'online') void this.flushOutbox(archiveId);
    }
  }

  /** Runs `fn` against an archive, keeping its reachability up to date. */
  private async tracked<T>(
    archiveId: string,
    fn: (client: DicomwebClient) => Promise<T>,
  ): Promise<T> {
    try {
      const result = await fn(this.client(archiveId));
      this.report(archiveId, null);
      return result;
    } catch (e) {
      this.report(archiveId, e);
      throw e;
    }
  }

  /** Checks that an archive answers QIDO-RS with these settings; never throws. */
  async test(
    archiveId: string,
  ): Promise<{ ok: boolean; code: string | null; message: string; studies: number }> {
    try {
      const studies = await this.tracked(archiveId, (c) =>
        c.searchStudies({ limit: ARCHIVE_TEST_STUDY_LIMIT, match: { ModalitiesInStudy: 'SM' } }),
      );
      return { ok: true, code: null, message: 'ok', studies: studies.length };
    } catch (e) {
      const error = toWorkstationError(e);
      return { ok: false, code: error.code, message: error.message, studies: 0 };
    }
  }

  /** Tests an archive as typed, unsaved, without touching any archive's state. */
  testInput(input: ArchiveInput): Promise<ArchiveTestResult> {
    return testArchiveInput(input, this.archives, {
      ...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}),
    });
  }

  /** Re-reads an archive's worklist into workstation.db. Concurrent calls share one sync. */
  sync(archiveId: string): Promise<void> {
    const running = this.syncing.get(archiveId);
    if (running) return running;
    const task = this.syncOnce(archiveId).finally(() => this.syncing.delete(archiveId));
    this.syncing.set(archiveId, task);
    return task;
  }

  private async syncOnce(archiveId: string): Promise<void> {
    const started = Date.now();
    const studies = await this.tracked(archiveId, async (client) => {
      const all: ArchiveCase[] = [];
      for await (const page of allCases(client, PAGE_SIZE, { modalityFilter: 'server' })) {
        all.push(...page);
        if (all.length >= MAX_STUDIES) break;
      }
      return all.slice(0, MAX_STUDIES);
    });
    const records = await mapLimit(
      studies,
      SYNC_CONCURRENCY,
      async (study): Promise<CaseRecord> => {
        const slides = await this.tracked(archiveId, (client) =>
          listCaseSlides(client, study.studyUID, { details: true }),
        );
        return {
          source: 'archive',
          sourceKey: `${archiveId}/${study.studyUID}`,
          accession: study.accession,
          patient: study.patient,
          specimen: study.specimen,
          priority: priorityFromDescription(study.specimen),
          initialStatus: 'new',
          receivedAt: study.receivedAt ?? new Date(0).toISOString(),
          slides: slides.map((s) => ({
            label: s.label,
            stain: s.stain ?? '',
            locator: { kind: 'dicomweb', archiveId, studyUID: s.studyUID, seriesUID: s.seriesUID },
            block: s.context.block,
          })),
          context: { ...mergeSlideContexts(slides), conclusion: null },
        };
      },
    );
    if (this.closed) return;
    this.cases.replaceSource('archive', records, `${archiveId}/`);
    this.emit(
      'readingPhysicians',
      archiveId,
      studies.map((s) => ({ studyUID: s.studyUID, physician: s.readingPhysician })),
    );
    this.archives.markSynced(archiveId, new Date().toISOString());
    this.log.info('archive.synced', { archiveId, cases: records.length, ms: Date.now() - started });
    this.emit('synced', archiveId);
  }

  private async probeUnreachable(): Promise<void> {
    const keepAlive = this.options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;
    for (const status of this.statuses()) {
      const quiet = Date.now() - (this.lastContact.get(status.id) ?? 0) > keepAlive;
      if (status.state === 'offline' || quiet) await this.test(status.id);
      else if (status.state === 'online' && this.outbox.count(status.id) > 0)
        await this.flushOutbox(status.id);
    }
  }

  /**
   * Stores a DICOM annotation object (Part 10 bytes, see annotations/dicomAnn) in the
   * slide's study through the outbox: kept on disk first, so that an archive that is down
   * gets it when it comes back, and a newer object for the same slide replaces one still
   * waiting. 'stored' once the archive has it; 'queued' while it waits (offline, or refused:
   * the outbox then keeps the archive's answer).
   */
  async storeAnnotations(
    archiveId: string,
    object: { studyUID: string; slideSeriesUID: string; sopInstanceUID: string; bytes: Uint8Array },
  ): Promise<'stored' | 'queued'> {
    if (this.annFiles === null) {
      throw new WorkstationError(
        'internal',
        'No folder is set for annotations waiting for the archive.',
      );
    }
    this.archives.get(archiveId); // 'not_found' for an archive that is not configured.
    // The file and its row in one synchronous step: a sweep never sees the one without the other.
    const file = this.annFiles.put(object.bytes);
    this.outbox.add(archiveId, annStoreSubject(object.studyUID, object.slideSeriesUID), {
      kind: 'annStore',
      studyUID: object.studyUID,
      slideSeriesUID: object.slideSeriesUID,
      sopInstanceUID: object.sopInstanceUID,
      file,
    });
    await this.flushOutbox(archiveId);
    const waiting = this.outbox
      .pending(archiveId)
      .some((e) => e.payload.kind === 'annStore' && e.payload.file === file);
    return waiting ? 'queued' : 'stored';
  }

  /** Removes annotation files that no waiting outbox row names (delivered or replaced). */
  private async sweepAnnotationFiles(): Promise<void> {
    await this.annFiles
      ?.sweep(
        () =>
          new Set(
            this.archives
              .list()
              .flatMap((a) => this.outbox.pending(a.id))
              .flatMap((e) => (e.payload.kind === 'annStore' ? [e.payload.file] : [])),
          ),
      )
      .catch(() => undefined);
  }

  /** The flush running per archive, and the archives asked to flush again meanwhile. */
  private readonly flights = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  /** Delivers the archive's pending changes, oldest first; stops at the first failure. */
  /**
   * Delivers what the outbox holds for an archive. A call while a delivery runs does not
   * start a second one: it makes the running one go round again once done (it may have
   * read the outbox before the new entry), and waits for that.
   */
  flushOutbox(archiveId: string): Promise<void> {
    const running = this.flights.get(archiveId);
    if (running) {
      this.again.add(archiveId);
      return running;
    }
    const flight = (async () => {
      do {
        this.again.delete(archiveId);
        await this.flushOnce(archiveId);
      } while (this.again.has(archiveId) && !this.closed);
    })().finally(() => this.flights.delete(archiveId));
    this.flights.set(archiveId, flight);
    return flight;
  }

  private async flushOnce(archiveId: string): Promise<void> {
    try {
      const record = this.archives.get(archiveId);
      const auth = this.archives.auth(archiveId);
      await this.outbox.deliverAll(archiveId, async (entry) => {
        if (entry.payload.kind === 'annStore') {
          if (this.annFiles === null) {
            throw new WorkstationError('internal', 'No folder is set for waiting annotations.');
          }
          // The client reports the archive's reachability itself.
          return deliverAnnStore(this.client(archiveId), this.annFiles, entry.payload);
        }
        try {
          await publishCaseStatus(
            record.baseUrl,
            auth,
            entry.payload.studyUID,
            entry.payload.status,
          );
          this.report(archiveId, null);
        } catch (e) {
          this.report(archiveId, e);
          throw e;
        }
      });
    } catch (e) {
      this.log.warn('outbox.delivery_paused', { archiveId, code: toWorkstationError(e).code });
    } finally {
      await this.sweepAnnotationFiles();
    }
  }

  close(): void {
    this.closed = true;
    if (this.probeTimer) clearInterval(this.probeTimer);
    if (this.syncTimer) clearInterval(this.syncTimer);
  }
}
