/**
 * An in-memory Api with a handful of cases, for unit tests and the dev harness. Every
 * call goes through the real client and contract validation (createClient + dispatch), so
 * a fake that drifts from the contract fails loudly.
 */
import type {
  Annotation,
  AnnotationClass,
  Api,
  Archive,
  CaseProgress,
  CaseSummary,
  Handlers,
  Settings,
  SlideInfo,
  SlideSummary,
} from '../../../electron/common/contract';
import { METHODS } from '../../../electron/common/contract';
import { createClient, dispatch } from '../../../electron/common/rpc';
import { WorkstationError } from '../../../electron/common/errors';
import { BUILT_IN_CLASSES } from '../../../electron/common/annotations/classes';
import { slidePoint } from '../../../electron/common/annotations/geometry';

export const FAKE_CASES: CaseSummary[] = [
  {
    id: 'C-routine-old',
    accession: 'H24-00101',
    patient: { name: 'DURAND Hélène', id: 'P001', birthDate: '1956-03-14', sex: 'F' },
    specimen: 'Colon, right hemicolectomy',
    priority: 'routine',
    status: 'new',
    receivedAt: '2024-05-02T08:10:00Z',
    slideCount: 3,
    source: 'demo',
    stains: ['H&E', 'CK20', 'PAS'],
    assignedTo: null,
    signedAt: null,
  },
  {
    id: 'C-urgent',
    accession: 'H24-00102',
    patient: { name: 'MARTIN Paul', id: 'P002', birthDate: '1971-11-30', sex: 'M' },
    specimen: 'Prostate biopsies',
    priority: 'urgent',
    status: 'in_progress',
    receivedAt: '2024-05-03T09:00:00Z',
    slideCount: 2,
    source: 'demo',
    stains: ['H&E', 'p63/AMACR'],
    assignedTo: null,
    signedAt: null,
  },
  {
    id: 'C-frozen',
    accession: 'F24-00007',
    patient: { name: 'LEFEBVRE Anne', id: 'P003', birthDate: null, sex: null },
    specimen: 'Breast, sentinel lymph node (frozen section)',
    priority: 'frozen',
    status: 'new',
    receivedAt: '2024-05-04T10:30:00Z',
    slideCount: 1,
    source: 'demo',
    stains: ['H&E'],
    assignedTo: null,
    signedAt: null,
  },
  {
    id: 'C-routine-new',
    accession: 'H24-00103',
    patient: { name: 'Petit Louis', id: 'P004', birthDate: '2001-01-01', sex: 'M' },
    specimen: 'Skin, shave biopsy',
    priority: 'routine',
    status: 'signed_out',
    receivedAt: '2024-05-04T07:00:00Z',
    slideCount: 1,
    source: 'local',
    stains: ['H&E'],
    assignedTo: null,
    signedAt: '2024-05-04T12:00:00Z',
  },
];

const slide = (
  caseId: string,
  position: number,
  over: Partial<SlideSummary> = {},
): SlideSummary => ({
  id: `${caseId}-S${position}`,
  caseId,
  position,
  label: `${position}`,
  stain: 'H&E',
  stainKind: 'HE',
  associated: ['label', 'thumbnail'],
  error: null,
  ...over,
});

export const FAKE_SLIDES: Record<string, SlideSummary[]> = {
  'C-routine-old': [
    slide('C-routine-old', 1),
    slide('C-routine-old', 2, { stain: 'CK20', stainKind: 'IHC' }),
    slide('C-routine-old', 3, {
      stain: 'PAS',
      stainKind: 'special',
      error: { code: 'unsupported', message: 'JPEG 2000 tiles are not supported' },
    }),
  ],
  'C-urgent': [
    slide('C-urgent', 1),
    slide('C-urgent', 2, { stain: 'p63/AMACR', stainKind: 'IHC' }),
  ],
  'C-frozen': [slide('C-frozen', 1)],
  'C-routine-new': [slide('C-routine-new', 1)],
};

/** A case from a DICOMweb archive (only with `archive: true`). */
export const FAKE_ARCHIVE_CASE: CaseSummary = {
  id: 'C-archive',
  accession: 'H24-00200',
  patient: { name: 'BERNARD Claire', id: 'P005', birthDate: '1980-06-01', sex: 'F' },
  specimen: 'Liver, needle biopsy',
  priority: 'routine',
  status: 'new',
  receivedAt: '2024-05-04T11:00:00Z',
  slideCount: 2,
  source: 'archive',
  stains: ['H&E'],
  assignedTo: null,
  signedAt: null,
};

export const FAKE_ARCHIVE: Archive = {
  id: 'A1',
  name: 'PACS CHU',
  baseUrl: 'http://127.0.0.1:8042/dicom-web',
  authKind: 'basic',
  user: 'reader',
  hasSecret: true,
  lastSyncAt: '2024-05-04T11:05:00Z',
  state: 'online',
  message: null,
  pendingChanges: 0,
};

/** What the fake engine knows about archives and downloads; tests change it between polls. */
export interface FakeEngineState {
  archives: Archive[];
  worklistVersion: number;
  paused: boolean;
  downloads: CaseProgress[];
}

/** A 4×-step pyramid like Aperio's (downsamples 1, 4, 16) with an uneven size. */
export function fakeSlideInfo(slideId: string): SlideInfo {
  return {
    slideId,
    format: 'aperio-svs',
    width: 46000,
    height: 32914,
    mpp: { x: 0.2522, y: 0.2522 },
    objectivePower: 40,
    levels: [
      { width: 46000, height: 32914, downsample: 1, tileWidth: 256, tileHeight: 256 },
      { width: 11500, height: 8228, downsample: 4.0001, tileWidth: 256, tileHeight: 256 },
      { width: 2875, height: 2057, downsample: 16.0006, tileWidth: 256, tileHeight: 256 },
    ],
    associated: ['label', 'macro', 'thumbnail'],
  };
}

export interface FakeApiOptions {
  settings?: Partial<Settings>;
  systemLocale?: string;
  /** Per-call overrides, e.g. to make one call fail. */
  handlers?: Partial<Handlers>;
  /** Adds an online archive with one case (C-archive) half downloaded. */
  archive?: boolean;
}

export interface FakeApi {
  api: Api;
  calls: { method: string; args: unknown }[];
  /** Annotations the fake engine holds, by id (every slide). */
  annotations: Map<string, Annotation>;
  settings: () => Settings;
  engine: FakeEngineState;
  cases: CaseSummary[];
}

export function createFakeApi(options: FakeApiOptions = {}): FakeApi {
  let settings: Settings = {
    language: null,
    theme: 'dark',
    libraryFolders: [],
    showDemo: true,
    cacheBudgetGB: 20,
    ...options.settings,
  };
  const cases = [...FAKE_CASES, ...(options.archive ? [FAKE_ARCHIVE_CASE] : [])].map((c) => ({
    ...c,
    patient: { ...c.patient },
  }));
  const engine: FakeEngineState = {
    archives: options.archive ? [{ ...FAKE_ARCHIVE }] : [],
    worklistVersion: 1,
    paused: false,
    downloads: options.archive
      ? [
          {
            caseId: 'C-archive',
            state: 'running',
            tilesDone: 450,
            tilesTotal: 1000,
            bytes: 12_500_000,
            pinned: false,
            notice: null,
          },
        ]
      : [],
  };
  const archive = (id: string) => {
    const a = engine.archives.find((x) => x.id === id);
    if (!a) throw new WorkstationError('not_found', `No archive ${id}`);
    return a;
  };
  const setProgress = (caseId: string, change: Partial<CaseProgress>) => {
    const p = engine.downloads.find((x) => x.caseId === caseId);
    if (p) Object.assign(p, change);
  };
  let nextArchive = 1;
  const find = (caseId: string) => {
    const c = cases.find((x) => x.id === caseId);
    if (!c) throw new WorkstationError('not_found', `No case ${caseId}`);
    return c;
  };
  const notHere = (): never => {
    throw new WorkstationError('unsupported', 'Not in the fake api');
  };
  const defaults = Object.fromEntries(METHODS.map((m) => [m, notHere])) as unknown as Handlers;
  // Annotations like the engine: ids from the caller kept, deleted ones brought back by id.
  const annotations = new Map<string, Annotation>();
  const classes: AnnotationClass[] = BUILT_IN_CLASSES.map((c) => ({ ...c, names: { ...c.names } }));
  let nextAnnotation = 1;
  let nextClass = 1;
  const slideExists = (slideId: string) =>
    Object.values(FAKE_SLIDES).some((list) => list.some((s) => s.id === slideId));
  const handlers: Handlers = {
    ...defaults,
    getAppInfo: () => ({
      version: '0.1.0-test',
      systemLocale: options.systemLocale ?? 'en-US',
      dataDir: '/tmp/x',
      secretStorage: 'keychain',
    }),
    listCases: () => cases,
    getCase: ({ caseId }) => ({
      case: find(caseId),
      slides:
        FAKE_SLIDES[caseId] ??
        (caseId === 'C-archive'
          ? [slide(caseId, 1, { associated: null }), slide(caseId, 2, { associated: ['macro'] })]
          : []),
    }),
    getSlideInfo: ({ slideId }) => {
      const known =
        Object.values(FAKE_SLIDES).some((list) => list.some((s) => s.id === slideId)) ||
        (options.archive === true && slideId.startsWith('C-archive-S'));
      if (!known) {
        throw new WorkstationError('not_found', `No slide ${slideId}`);
      }
      return fakeSlideInfo(slideId);
    },
    setCaseStatus: ({ caseId, status }) => {
      const c = find(caseId);
      c.status = status;
      return c;
    },
    getSettings: () => settings,
    updateSettings: (patch) => {
      if (patch.libraryFolders?.some((f) => f.includes('forbidden'))) {
        throw new WorkstationError('invalid_argument', 'Library folders must be absolute paths');
      }
      // Like the engine: a new folder that does not exist is refused, nothing is saved.
      const missing = patch.libraryFolders?.find(
        (f) => f.includes('missing') && !settings.libraryFolders.includes(f),
      );
      if (missing !== undefined) {
        throw new WorkstationError(
          'not_found',
          `Folder not found: ${missing}`,
          undefined,
          'folder_missing',
        );
      }
      settings = { ...settings, ...patch };
      return settings;
    },
    rescanLibrary: () => ({
      cases: cases.length,
      slides: 7,
      errors: settings.libraryFolders
        .filter((f) => f.includes('missing'))
        .map((path) => ({ path, message: `Folder not found: ${path}`, reason: 'folder_missing' })),
    }),
    getStatus: () => ({
      demoLibrary: null,
      online: engine.archives.every((a) => a.state !== 'offline'),
      archives: engine.archives,
      worklistVersion: engine.worklistVersion,
      downloads: {
        paused: engine.paused,
        reasons: engine.paused ? ['user'] : [],
        cases: engine.downloads,
      },
    }),
    listArchives: () => engine.archives,
    saveArchive: (input) => {
      const previous = input.id ? archive(input.id) : null;
      const secret =
        input.auth.kind === 'basic'
          ? input.auth.password
          : input.auth.kind === 'bearer'
            ? input.auth.token
            : undefined;
      const saved: Archive = {
        id: previous?.id ?? `A-new-${nextArchive++}`,
        name: input.name,
        baseUrl: input.baseUrl,
        authKind: input.auth.kind,
        user: input.auth.kind === 'basic' ? input.auth.user : null,
        hasSecret:
          input.auth.kind !== 'none' &&
          (Boolean(secret) || (previous?.authKind === input.auth.kind && previous.hasSecret)),
        lastSyncAt: previous?.lastSyncAt ?? null,
        state: 'unknown',
        message: null,
        pendingChanges: previous?.pendingChanges ?? 0,
      };
      engine.archives = [...engine.archives.filter((a) => a.id !== saved.id), saved];
      return saved;
    },
    removeArchive: ({ id }) => {
      archive(id);
      engine.archives = engine.archives.filter((a) => a.id !== id);
      return {};
    },
    // Like an archive that is down: an address with "down" in it does not answer.
    testArchive: ({ id }) => {
      const a = archive(id);
      if (a.baseUrl.includes('down')) {
        a.state = 'offline';
        a.message = 'fetch failed: connect ECONNREFUSED';
        return {
          ok: false,
          code: 'unavailable',
          message: 'fetch failed: connect ECONNREFUSED',
          studies: 0,
        };
      }
      a.state = 'online';
      a.message = null;
      return { ok: true, code: null, message: 'ok', studies: 3 };
    },
    // The same address rule, without saving and without changing any archive's state.
    testArchiveInput: (input) =>
      input.baseUrl.includes('down')
        ? {
            ok: false,
            code: 'unavailable',
            message: 'fetch failed: connect ECONNREFUSED',
            studies: 0,
          }
        : { ok: true, code: null, message: 'ok', studies: 3 },
    syncArchives: () => ({}),
    setCaseOffline: ({ caseId, offline }) => {
      if (find(caseId).source !== 'archive') {
        throw new WorkstationError(
          'invalid_argument',
          'This case is stored on this computer: it is always available offline.',
        );
      }
      let p = engine.downloads.find((x) => x.caseId === caseId);
      if (!p) {
        p = {
          caseId,
          state: 'queued',
          tilesDone: 0,
          tilesTotal: 1000,
          bytes: 0,
          pinned: false,
          notice: null,
        };
        engine.downloads.push(p);
      }
      p.pinned = offline;
      return { ...p };
    },
    pauseDownloads: ({ caseId }) => {
      if (caseId === undefined) engine.paused = true;
      else setProgress(caseId, { state: 'paused' });
      return {};
    },
    resumeDownloads: ({ caseId }) => {
      if (caseId === undefined) engine.paused = false;
      else setProgress(caseId, { state: 'running' });
      return {};
    },
    cancelDownload: ({ caseId }) => {
      engine.downloads = engine.downloads.filter((p) => p.caseId !== caseId);
      return {};
    },
    listAnnotations: ({ slideId }) => {
      if (!slideExists(slideId)) throw new WorkstationError('not_found', `No slide ${slideId}`);
      return [...annotations.values()].filter((a) => a.slideId === slideId);
    },
    saveAnnotation: ({ annotation: input }) => {
      if (!slideExists(input.slideId)) {
        throw new WorkstationError('not_found', `No slide ${input.slideId}`);
      }
      if (input.classId !== null && !classes.some((c) => c.id === input.classId)) {
        throw new WorkstationError(
          'invalid_argument',
          `Unknown annotation class ${input.classId}.`,
        );
      }
      const id = input.id ?? `A${nextAnnotation++}`;
      const previous = annotations.get(id);
      const now = new Date().toISOString();
      const saved: Annotation = {
        id,
        slideId: input.slideId,
        kind: input.kind,
        geometry: input.geometry,
        classId: input.classId,
        name: input.name,
        text: input.text,
        measurements: input.measurements ?? previous?.measurements ?? {},
        objectType: previous?.objectType ?? 'annotation',
        detectionStatus: previous?.detectionStatus ?? null,
        author: 'local user',
        authorId: null,
        createdAt: previous?.createdAt ?? now,
        updatedAt: now,
      };
      annotations.set(id, saved);
      return saved;
    },
    deleteAnnotation: ({ id }) => {
      if (!annotations.delete(id)) throw new WorkstationError('not_found', `No annotation ${id}`);
      return {};
    },
    listAnnotationClasses: () => classes,
    saveAnnotationClass: (input) => {
      const saved: AnnotationClass = {
        id: input.id ?? `user-${nextClass++}`,
        colour: input.colour,
        names: input.names,
        builtIn: false,
      };
      const at = classes.findIndex((c) => c.id === saved.id);
      if (at >= 0) classes[at] = saved;
      else classes.push(saved);
      return saved;
    },
    // Enough of QuPath GeoJSON for the window's tests: points only, all or nothing.
    importAnnotations: ({ slideId, geojson }) => {
      let features: { geometry?: { type?: string; coordinates?: number[] } }[];
      try {
        const parsed = JSON.parse(geojson) as { features?: typeof features };
        features = parsed.features ?? [];
      } catch {
        throw new WorkstationError('invalid_argument', 'The file is not JSON.');
      }
      const bad = features.findIndex((f) => f.geometry?.type !== 'Point');
      if (bad >= 0) {
        throw new WorkstationError('invalid_argument', `Feature ${bad + 1}: only points here.`);
      }
      for (const f of features) {
        const [x = 0, y = 0] = f.geometry?.coordinates ?? [];
        const id = `A${nextAnnotation++}`;
        annotations.set(id, {
          id,
          slideId,
          kind: 'point',
          geometry: { type: 'point', point: slidePoint(x, y) },
          classId: null,
          name: '',
          text: '',
          measurements: {},
          objectType: 'annotation',
          detectionStatus: null,
          author: 'local user',
          authorId: null,
          createdAt: '2024-05-04T10:00:00Z',
          updatedAt: '2024-05-04T10:00:00Z',
        });
      }
      return { imported: features.length, detections: 0, classesCreated: 0 };
    },
    exportAnnotations: ({ slideId }) => ({
      geojson: JSON.stringify({
        type: 'FeatureCollection',
        features: [...annotations.values()]
          .filter((a) => a.slideId === slideId && a.geometry.type === 'point')
          .map((a) => ({
            type: 'Feature',
            geometry: {
              type: 'Point',
              coordinates:
                a.geometry.type === 'point' ? [a.geometry.point.x, a.geometry.point.y] : [],
            },
            properties: { objectType: 'annotation' },
          })),
      }),
    }),
    ...options.handlers,
  };
  const calls: FakeApi['calls'] = [];
  const api = createClient((method, args) => {
    calls.push({ method, args });
    return dispatch(handlers, method, args);
  });
  return { api, calls, annotations, settings: () => settings, engine, cases };
}
