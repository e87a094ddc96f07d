/**
 * createWorkstation(config): opens the databases, the tile cache and the slide sources,
 * and returns the implementation of every contract call plus the tile function shared by
 * Electron's wsi:// protocol and the web host's /tiles route.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Handlers, SlideInfo } from '../common/contract';
import { WorkstationError, toWorkstationError } from '../common/errors';
import { resolveLanguage } from '../common/language';
import { COVERAGE_THRESHOLD_PCT } from '../common/tracking/model';
import { annotationHandlers } from './annotations/annotationHandlers';
import { AnnotationService, DEFAULT_AUTHOR } from './annotations/annotationService';
import { ArchiveAnnotations } from './annotations/archiveGlue';
import { HeatmapService } from './annotations/heatmaps';
import type { SlideFrame } from './annotations/geojson';
import { ArchiveRepository } from './archive/archiveRepository';
import { ArchiveService } from './archive/archiveService';
import { Outbox } from './archive/outbox';
import type { SecretBox } from './archive/secretBox';
import { plainSecretBox } from './archive/secretBox';
import { AuditLog } from './audit/auditLog';
import type { SlideLocator } from './cases/caseRepository';
import { CaseRepository } from './cases/caseRepository';
import { caseContextHandlers } from './caseContext/caseContextHandlers';
import { CaseContextService } from './caseContext/caseContextService';
import { LIS_OUTBOX_FOLDER } from './caseContext/lisOutbox';
import { searchCasePage } from './sources/dicomweb/worklist';
import { startDailyBackups } from './db/backup';
import { openWorkstationDb } from './db/open';
import { openWorkstationDbWithRecovery } from './db/recovery';
import { reportExports } from './reports/export';
import { reportHandlers } from './reports/reportHandlers';
import { ReportService } from './reports/reportService';
import { ReportStore } from './reports/reportStore';
import { loadShippedTemplates } from './reports/templates';
import { LibraryScanner } from './library/libraryScanner';
import type { Logger } from './log/logger';
import { consoleLogger, redactPaths } from './log/logger';
import { SettingsRepository } from './settings/settingsRepository';
import { slideThumbnail } from './tracking/thumbnail';
import { trackingHandlers } from './tracking/trackingHandlers';
import { TrackingService } from './tracking/trackingService';
import { TrackingStore } from './tracking/trackingStore';
import { worklistHandlers } from './worklist/worklistHandlers';
import { WorklistService } from './worklist/worklistService';
import { WorklistStore } from './worklist/worklistStore';
import { assertNewLibraryFolders } from './settings/libraryFolderCheck';
import type { UserDirectory } from './users/directory';
import { userHandlers } from './users/userHandlers';
import { UserService } from './users/userService';
import { openLocator } from './sources/openLocator';
import type { SpeechEngine } from './speech/engine';
import { PocketsphinxEngine } from './speech/pocketsphinx';
import { SherpaEngine } from './speech/sherpa';
import { speechModelsDir } from './speech/sherpaModels';
import { speechHandlers } from './speech/speechHandlers';
import { SpeechService } from './speech/speechService';
import type { SlideMetadata, SlideSource } from './sources/slideSource';
import { SlideRegistry } from './tiles/slideRegistry';
import { TileStore } from './tiles/tileStore';
import { TileService } from './tiles/tileService';
import { offlineIfUnreachable, tileRoute } from './tiles/tileRoute';
import type { TileResponse } from './tiles/tileRoute';
import type { WorkerEntry } from './tiles/workerEntry';
import type { PrefetcherOptions } from './prefetch/prefetcher';
import { Prefetcher } from './prefetch/prefetcher';
import type { PrefetcherLike } from './prefetch/disabledPrefetcher';
import { disabledPrefetcher } from './prefetch/disabledPrefetcher';
import { downloadHandlers } from './prefetch/downloadHandlers';
import { archiveOnly, prefetchWorklist } from './prefetch/worklist';

export interface WorkstationConfig {
  /** Folder for workstation.db, cache.db and the demo library. */
  dataDir: string;
  /** BCP 47 locale of the operating system. */
  systemLocale: string;
  version: string;
  /** Extra library folders for this run only (`--library`), not saved in settings. */
  libraryFolders?: string[];
  /** Where the report templates are (default: resources/templates of the project). */
  templatesDir?: string;
  /**
   * false: no background work (prefetching, archive polling), for one-shot commands such
   * as the annotations CLI. Default true.
   */
  background?: boolean;
  log?: Logger;
}

/** What the workstation needs from the outside world; replaced in tests. */
export interface WorkstationDeps {
  /** Opens slides stored on this machine (archive slides are opened by the engine). */
  openSlide(locator: Exclude<SlideLocator, { kind: 'dicomweb' }>): Promise<SlideSource>;
  /**
   * Makes sure the demo library exists in `dir` (generating it on first run), telling how
   * far it is (slides done of the total) while it writes.
   */
  prepareDemoLibrary(
    dir: string,
    onProgress?: (done: number, total: number) => void,
  ): Promise<void>;
  /** Seals archive credentials at rest (Electron: the OS keychain). Default: plain. */
  secretBox?: SecretBox;
  /** Built-in dictation engines, first match wins (default: sherpa-onnx, then pocketsphinx). */
  speechEngines?: SpeechEngine[];
  /** Per-request timeout towards archives; tests shorten it. */
  archiveTimeoutMs?: number;
  /** A quiet archive is asked whether it is still there after this long (default 30 s). */
  archiveKeepAliveMs?: number;
  /** Where the cache writer thread's code is (tests: a missing one). */
  cacheWriterEntry?: WorkerEntry;
  /** Prefetcher options for tests (a fake opener module, tuning). */
  prefetch?: Partial<
    Pick<
      PrefetcherOptions,
      'openerModule' | 'openerOptions' | 'tuning' | 'concurrency' | 'lookahead' | 'workerEntry'
    >
  >;
}

export interface Workstation {
  handlers: Handlers;
  tiles: TileService;
  archives: ArchiveService;
  /** Who is working and whether the session is locked (reports, the audit trail). */
  users: UserDirectory;
  /** The hash-chained audit trail. */
  audit: AuditLog;
  prefetcher: PrefetcherLike;
  cache: TileStore;
  /** Answers a tile path (`<slide>/<level>/<col>/<row>` or `<slide>/associated/<name>`). Never throws. */
  getTile(tilePath: string, signal?: AbortSignal): Promise<TileResponse>;
  /** Where a slide comes from and its cache identity (null until first opened). */
  describeSlide(slideId: string): { locator: SlideLocator; identity: string | null };
  /**
   * The id of slide `position` (1-based, as on its card) of the case with `accession`,
   * once the library is scanned. not_found says which of the two is missing.
   */
  findSlide(accession: string, position: number): Promise<string>;
  /** Resolves once the first library scan is done. */
  ready: Promise<void>;
  close(): Promise<void>;
}

const GB = 1024 ** 3;
/** How long getCase waits for local slides to open before answering anyway. */
const CASE_OPEN_WAIT_MS = 3000;

export async function createWorkstation(
  config: WorkstationConfig,
  deps: WorkstationDeps,
): Promise<Workstation> {
  const log = config.log ?? consoleLogger();
  fs.mkdirSync(config.dataDir, { recursive: true });
  // One-shot commands (CLIs) open the file as it is; the app recovers a damaged one and
  // keeps daily backups (db/recovery.ts, db/backup.ts).
  const { db, recovery: databaseRecovery } =
    config.background === false
      ? {
          db: await openWorkstationDb(path.join(config.dataDir, 'workstation.db'), log),
          recovery: null,
        }
      : await openWorkstationDbWithRecovery(config.dataDir, log);
  const backups = config.background === false ? null : startDailyBackups(db, config.dataDir, log);
  const settings = new SettingsRepository(db, log);
  const cases = new CaseRepository(db);
  const audit = new AuditLog(db);
  const users = new UserService(db, { audit });
  audit.attachUsers(users);
  const templates = loadShippedTemplates(config.templatesDir);
  for (const error of templates.errors) log.error('report.template_invalid', { file: error.file });
  const templateById = new Map(templates.templates.map((t) => [t.id, t]));
  const reportStore = new ReportStore(db);
  const reports = new ReportService({
    store: reportStore,
    users,
    audit,
    cases: {
      assertCase: (caseId) => void cases.get(caseId),
      slideIds: (caseId) => cases.slides(caseId).map((s) => s.id),
      setSignedOut: (caseId) => void cases.setStatus(caseId, 'signed_out'),
    },
    template: (id) => templateById.get(id) ?? null,
    // Declared below; only called once the workstation is running.
    lowCoverageSlides: (caseId) => tracking.lowCoverageSlides(caseId),
  });
  const cachePath = path.join(config.dataDir, 'cache.db');
  const budgetBytes = settings.get().cacheBudgetGB * GB;
  const cache = await TileStore.open(cachePath, {
    log,
    budgetBytes,
    ...(deps.cacheWriterEntry ? { writerEntry: deps.cacheWriterEntry } : {}),
  });
  let prefetcher: PrefetcherLike;
  try {
    if (config.background === false) throw new Error('background work is off');
    prefetcher = await Prefetcher.start({
      store: cache,
      cachePath,
      budgetBytes,
      log,
      ...deps.prefetch,
    });
  } catch (e) {
    // Viewing must never depend on background downloads.
    const reason = redactPaths((e as Error).message).slice(0, 200);
    if (config.background !== false) log.error('prefetch.unavailable', { error: e });
    prefetcher = disabledPrefetcher(reason);
  }
  const outbox = new Outbox(db);
  const archives = new ArchiveService(
    new ArchiveRepository(db, deps.secretBox ?? plainSecretBox),
    cases,
    outbox,
    log,
    {
      ...(deps.archiveTimeoutMs ? { timeoutMs: deps.archiveTimeoutMs } : {}),
      ...(deps.archiveKeepAliveMs ? { keepAliveMs: deps.archiveKeepAliveMs } : {}),
      annotationFilesDir: path.join(config.dataDir, 'outbox'),
    },
  );
  const exports = reportExports({
    reports,
    cases,
    template: (id) => templateById.get(id) ?? null,
    audit,
    language: () => resolveLanguage(settings.get().language, config.systemLocale),
    archives,
    slides: (caseId) => cases.slides(caseId),
    softwareVersion: config.version,
    log,
  });
  const registry = new SlideRegistry(
    cases,
    (locator) =>
      locator.kind === 'dicomweb'
        ? openLocator(locator, (id) => archives.client(id), {
            seriesMetadata: cache.seriesMetadata,
          })
        : deps.openSlide(locator),
    log,
  );
  let worklistVersion = 1;
  function worklistChanged() {
    worklistVersion++;
    prefetcher.setWorklist(
      prefetchWorklist(cases)
        .map((c) => ({ ...c, slides: archiveOnly(c.slides) }))
        .filter((c) => c.slides.length > 0),
    );
  }
  prefetcher.setArchives(archives.connections());
  archives.on('configured', () => prefetcher.setArchives(archives.connections()));
  archives.on('synced', worklistChanged);
  // What the worker learns when it opens a slide lets the viewer open it offline later.
  prefetcher.onSlideOpened(({ slideId, identity, metadata }) => {
    try {
      cases.setSlideState(slideId, { identity, metadata: JSON.stringify(metadata), error: null });
    } catch {
      // The slide left the worklist meanwhile.
    }
  });
  const tiles = new TileService(registry, cache, prefetcher.interactive);
  // Tiles the archive could not send are asked for again as soon as it answers.
  archives.on('state', (_id, state) => {
    if (state === 'online') tiles.archiveBack();
  });
  const library = new LibraryScanner({
    settings,
    cases,
    log,
    demoDir: path.join(config.dataDir, 'demo-library'),
    configFolders: config.libraryFolders ?? [],
    prepareDemoLibrary: (dir, onProgress) => deps.prepareDemoLibrary(dir, onProgress),
    onChanged: () => worklistChanged(),
  });
  const rescan = () => library.rescan();
  const ready = rescan().then(() => undefined);
  ready.catch((e: unknown) => log.error('library.scan_failed', { error: e }));
  if (config.background !== false) archives.start();
  const annotations = new AnnotationService(db, {
    author: () => ({ name: settings.get().authorName || DEFAULT_AUTHOR, id: null }),
    assertSlide: (slideId) => void cases.slide(slideId),
    audit,
  });

  async function slideInfo(slideId: string): Promise<SlideInfo> {
    try {
      const source = await registry.get(slideId);
      return { slideId, ...source.metadata };
    } catch (e) {
      // Offline, an archive slide seen before still opens from what we remember of it.
      const stored = cases.slide(slideId).metadata;
      if (toWorkstationError(e).code === 'unavailable' && stored) {
        return { slideId, ...(JSON.parse(stored) as SlideMetadata) };
      }
      return offlineIfUnreachable(e);
    }
  }

  const tracking = new TrackingService({
    store: new TrackingStore(db),
    slide: async (slideId) => {
      const { caseId } = cases.slide(slideId);
      const { width, height } = await slideInfo(slideId);
      return { caseId, width, height };
    },
    slideIds: (caseId) => {
      cases.get(caseId);
      return cases.slides(caseId).map((s) => s.id);
    },
    viewedSlides: (caseId) => reportStore.viewedSlides(caseId),
    thumbnail: (slideId) =>
      slideThumbnail(
        {
          info: slideInfo,
          tile: (id, level, col, row) => tiles.getTile(id, level, col, row),
          thumbnail: (id) => tiles.getAssociated(id, 'thumbnail'),
        },
        slideId,
      ),
    thresholdPct: () => settings.get().coverageThresholdPct ?? COVERAGE_THRESHOLD_PCT.default,
    userId: () => users.current()?.id ?? null,
    audit,
  });

  const authorName = () => settings.get().authorName || DEFAULT_AUTHOR;
  const archiveAnnotations = new ArchiveAnnotations({
    db,
    archives: {
      client: (id) => archives.client(id),
      storeAnnotations: (id, object) => archives.storeAnnotations(id, object),
      state: (id) => archives.statuses().find((a) => a.id === id)?.state ?? 'unknown',
    },
    locator: (slideId) => cases.slide(slideId).locator,
    seriesMetadata: cache.seriesMetadata,
    annotations: (slideId) => annotations.list(slideId),
    classes: () => annotations.classes(),
    language: () => resolveLanguage(settings.get().language, config.systemLocale),
    creatorName: () => settings.get().authorName || null,
    version: config.version,
    audit,
  });
  const heatmaps = new HeatmapService(db, {
    slideSize: async (slideId) => {
      const { width, height } = await slideInfo(slideId);
      return { width, height };
    },
    author: authorName,
    audit,
  });

  async function slideFrame(slideId: string): Promise<SlideFrame> {
    const { width, height, mpp } = await slideInfo(slideId);
    return { width, height, mpp };
  }

  function status() {
    const statuses = archives.statuses();
    return {
      demoLibrary: library.demoProgress,
      online: statuses.every((a) => a.state !== 'offline'),
      archives: statuses,
      worklistVersion,
      downloads: (({ paused, reasons, cases }) => ({ paused, reasons, cases }))(
        prefetcher.status(),
      ),
    };
  }

  const speech = new SpeechService(
    deps.speechEngines ?? [
      new SherpaEngine({ modelsDir: speechModelsDir(config.dataDir) }),
      new PocketsphinxEngine(),
    ],
  );

  const worklist = new WorklistService({
    store: new WorklistStore(db),
    users,
    audit,
    cases,
    // Like setCaseStatus: an archive case's new status waits in the outbox.
    onStatusChanged: (caseId, summary) => {
      const first = cases.slides(caseId)[0]?.locator;
      if (summary.source === 'archive' && first?.kind === 'dicomweb') {
        outbox.add(first.archiveId, caseId, {
          kind: 'caseStatus',
          studyUID: first.studyUID,
          status: summary.status,
        });
        void archives.flushOutbox(first.archiveId);
      }
      worklistChanged();
    },
    onAssignmentsChanged: () => worklistChanged(),
  });
  archives.on('readingPhysicians', (archiveId, studies) =>
    worklist.archiveReadings(archiveId, studies),
  );

  const caseContext = new CaseContextService({
    db,
    cases,
    users,
    audit,
    outboxDir: path.join(config.dataDir, LIS_OUTBOX_FOLDER),
    setStatus: (caseId, status) => void handlers.setCaseStatus({ caseId, status }),
    signedConclusion: (caseId) => reports.signed(caseId)?.content.sections.conclusion ?? null,
    archives: {
      list: () => archives.statuses().map((a) => ({ id: a.id, name: a.name })),
      studiesOfPatient: async (archiveId, patientId) =>
        (
          await searchCasePage(
            archives.client(archiveId),
            { limit: 100, offset: 0 },
            { match: { PatientID: patientId } },
          )
        ).cases,
    },
  });
  if (config.background !== false)
    void caseContext
      .retryOutbox()
      .catch((e: unknown) => log.error('lis.outbox_failed', { error: e }));

  const handlers: Handlers = {
    getAppInfo: () => ({
      version: config.version,
      systemLocale: config.systemLocale,
      dataDir: config.dataDir,
      secretStorage: (deps.secretBox ?? plainSecretBox).storage,
      databaseRecovery,
    }),
    listCases: async () => {
      await ready;
      return cases.list();
    },
    getCase: async ({ caseId }) => {
      await ready;
      // Opened by a user: a New case becomes In progress (worklist/worklistService.ts).
      const summary = worklist.caseOpened(caseId);
      const local = cases.slides(caseId).filter((s) => s.locator.kind !== 'dicomweb');
      // Open the case's local slides now: errors show in the gallery, and switching
      // slides later costs nothing. Archive slides open lazily so offline cases stay fast.
      const opening = Promise.allSettled(local.map((s) => registry.get(s.id)));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise((resolve) => (timer = setTimeout(resolve, CASE_OPEN_WAIT_MS)));
      await Promise.race([opening, timeout]);
      clearTimeout(timer);
      audit.record('case.open', { type: 'case', id: caseId });
      return {
        case: summary,
        slides: cases.slides(caseId).map(({ locator: _l, identity: _i, metadata: _m, ...s }) => s),
      };
    },
    getSlideInfo: async ({ slideId }) => {
      const info = await slideInfo(slideId);
      reports.recordSlideView(cases.slide(slideId).caseId, slideId);
      audit.record('slide.view', { type: 'slide', id: slideId });
      return info;
    },
    setCaseStatus: ({ caseId, status }) => {
      reports.assertStatusChange(caseId, cases.get(caseId).status, status);
      const updated = cases.setStatus(caseId, status);
      audit.record('case.status', { type: 'case', id: caseId }, { status });
      // An archive case's status also belongs on the archive: it waits in the outbox.
      const first = cases.slides(caseId)[0]?.locator;
      if (updated.source === 'archive' && first?.kind === 'dicomweb') {
        outbox.add(first.archiveId, caseId, {
          kind: 'caseStatus',
          studyUID: first.studyUID,
          status,
        });
        void archives.flushOutbox(first.archiveId);
      }
      worklistChanged();
      return updated;
    },
    getSettings: () => settings.get(),
    updateSettings: async (patch) => {
      const before = settings.get();
      // A folder that cannot be read is refused with its reason; nothing is saved.
      await assertNewLibraryFolders(before.libraryFolders, patch.libraryFolders);
      const after = settings.update(patch);
      if (after.cacheBudgetGB !== before.cacheBudgetGB) cache.setBudget(after.cacheBudgetGB * GB);
      const libraryChanged =
        after.showDemo !== before.showDemo ||
        JSON.stringify(after.libraryFolders) !== JSON.stringify(before.libraryFolders);
      if (libraryChanged) await rescan();
      return after;
    },
    getStatus: () => status(),
    listArchives: () => archives.statuses(),
    saveArchive: (input) => {
      const record = archives.save(input);
      audit.record('archive.save', { type: 'archive', id: record.id });
      return archives.statuses().find((a) => a.id === record.id)!;
    },
    removeArchive: ({ id }) => {
      archives.remove(id);
      audit.record('archive.remove', { type: 'archive', id });
      worklistChanged();
      return {};
    },
    testArchive: ({ id }) => archives.test(id),
    testArchiveInput: (input) => archives.testInput(input),
    syncArchives: async () => {
      await Promise.allSettled(archives.statuses().map((a) => archives.sync(a.id)));
      return {};
    },
    ...downloadHandlers({ cases, prefetcher, audit }),
    rescanLibrary: async () => {
      const result = await rescan();
      audit.record('library.rescan', undefined, {
        cases: result.cases,
        errors: result.errors.length,
      });
      return result;
    },
    ...annotationHandlers({ annotations, archiveAnnotations, heatmaps, slideFrame }),
    ...userHandlers(users),
    ...reportHandlers({
      reports,
      templates: () => templates.templates,
      exportReport: (args) => exports.exportReport(args),
      onSigned: (caseId) => {
        // Like setCaseStatus: an archive case's new status waits in the outbox.
        const first = cases.slides(caseId)[0]?.locator;
        if (cases.get(caseId).source === 'archive' && first?.kind === 'dicomweb') {
          outbox.add(first.archiveId, caseId, {
            kind: 'caseStatus',
            studyUID: first.studyUID,
            status: 'signed_out',
          });
          void archives.flushOutbox(first.archiveId);
        }
        worklistChanged();
        // The signed PDF to the case's study (archive cases only; through the outbox).
        void exports.afterSigning(caseId);
      },
      // The PDF with its new addendum, as the next instance of the report series.
      onAddendum: (caseId) => void exports.afterSigning(caseId),
    }),
    ...speechHandlers(speech),
    ...caseContextHandlers(caseContext),
    ...trackingHandlers(tracking),
    ...worklistHandlers(worklist),
  };

  const getTile = tileRoute(tiles, log);

  return {
    handlers,
    tiles,
    archives,
    users,
    audit,
    prefetcher,
    cache,
    getTile,
    describeSlide: (slideId) => {
      const { locator, identity } = cases.slide(slideId);
      return { locator, identity };
    },
    async findSlide(accession, position) {
      await ready;
      const matches = cases.list().filter((c) => c.accession === accession);
      if (matches.length !== 1) {
        throw new WorkstationError(
          matches.length === 0 ? 'not_found' : 'invalid_argument',
          matches.length === 0
            ? `No case has accession number ${accession}.`
            : `${matches.length} cases have accession number ${accession} (${matches.map((c) => c.source).join(', ')}).`,
        );
      }
      const slides = cases.slides(matches[0]!.id);
      const slide = slides.find((s) => s.position === position);
      if (!slide) {
        throw new WorkstationError(
          'not_found',
          `Case ${accession} has ${slides.length} slide${slides.length === 1 ? '' : 's'}: there is no slide ${position}.`,
        );
      }
      return slide.id;
    },
    ready,
    async close() {
      archives.close();
      await speech.close();
      await library.settled();
      await registry.closeAll();
      await prefetcher.close();
      await cache.close();
      backups?.stop();
      db.close();
    },
  };
}
