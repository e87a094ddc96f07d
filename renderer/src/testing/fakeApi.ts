/**
 * An in-memory Api with a handful of cases, for unit tests and the dev harness. Every
 * call goes through the real client and contract validation (createClient + dispatch), so
 * a fake that drifts from the contract fails loudly.
 */
import type {
  Api,
  CaseSummary,
  Handlers,
  Settings,
  SlideInfo,
  SlideSummary,
} from '../../../electron/common/contract';
import { METHODS } from '../../../electron/common/contract';
import { createClient, dispatch } from '../../../electron/common/rpc';
import { WorkstationError } from '../../../electron/common/errors';

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
}

export interface FakeApi {
  api: Api;
  calls: { method: string; args: unknown }[];
  settings: () => Settings;
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
  const cases = FAKE_CASES.map((c) => ({ ...c, patient: { ...c.patient } }));
  const find = (caseId: string) => {
    const c = cases.find((x) => x.id === caseId);
    if (!c) throw new WorkstationError('not_found', `No case ${caseId}`);
    return c;
  };
  const notHere = (): never => {
    throw new WorkstationError('unsupported', 'Not in the fake api');
  };
  const defaults = Object.fromEntries(METHODS.map((m) => [m, notHere])) as unknown as Handlers;
  const handlers: Handlers = {
    ...defaults,
    getAppInfo: () => ({
      version: '0.1.0-test',
      systemLocale: options.systemLocale ?? 'en-US',
      dataDir: '/tmp/x',
    }),
    listCases: () => cases,
    getCase: ({ caseId }) => ({ case: find(caseId), slides: FAKE_SLIDES[caseId] ?? [] }),
    getSlideInfo: ({ slideId }) => {
      if (!Object.values(FAKE_SLIDES).some((list) => list.some((s) => s.id === slideId))) {
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
    // Like the engine: folders are saved as typed; the scan says which cannot be read.
    updateSettings: (patch) => {
      if (patch.libraryFolders?.some((f) => f.includes('forbidden'))) {
        throw new WorkstationError('invalid_argument', 'Library folders must be absolute paths');
      }
      settings = { ...settings, ...patch };
      return settings;
    },
    rescanLibrary: () => ({
      cases: cases.length,
      slides: 7,
      errors: settings.libraryFolders
        .filter((f) => f.includes('missing'))
        .map((path) => ({ path, message: 'Folder not found' })),
    }),
    ...options.handlers,
  };
  const calls: FakeApi['calls'] = [];
  const api = createClient((method, args) => {
    calls.push({ method, args });
    return dispatch(handlers, method, args);
  });
  return { api, calls, settings: () => settings };
}
