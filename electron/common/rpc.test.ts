import { describe, expect, it } from 'vitest';
import type { Handlers, Settings } from './contract';
import { METHODS } from './contract';
import { WorkstationError } from './errors';
import { createClient, dispatch } from './rpc';

const caseSummary = {
  id: 'c1',
  accession: 'B26-000001',
  patient: { name: 'X', id: '1', birthDate: null, sex: null },
  specimen: 'S',
  priority: 'routine',
  status: 'new',
  receivedAt: '2026-11-01T00:00:00Z',
  slideCount: 0,
  source: 'demo',
  stains: [] as string[],
  assignedTo: null,
  signedAt: null,
} as const;

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const settings: Settings = {
    language: null,
    theme: 'dark',
    libraryFolders: [],
    showDemo: true,
    cacheBudgetGB: 20,
  };
  const unused = Object.fromEntries(
    METHODS.map((m) => [
      m,
      () => {
        throw new WorkstationError('internal', `${m} is not used in this test`);
      },
    ]),
  ) as unknown as Handlers;
  return {
    ...unused,
    getAppInfo: () => ({
      version: '1',
      systemLocale: 'fr-FR',
      dataDir: '/d',
      secretStorage: 'plain',
    }),
    listCases: () => [caseSummary],
    getCase: () => ({ case: caseSummary, slides: [] }),
    getSlideInfo: () => {
      throw new WorkstationError('corrupt', 'Truncated TIFF');
    },
    setCaseStatus: ({ status }) => ({ ...caseSummary, status }),
    getSettings: () => settings,
    updateSettings: (patch) => ({ ...settings, ...patch }),
    rescanLibrary: () => ({ cases: 0, slides: 0, errors: [] }),
    ...overrides,
  };
}

describe('dispatch', () => {
  it('runs valid calls', async () => {
    expect(await dispatch(handlers(), 'listCases', {})).toEqual({ ok: true, value: [caseSummary] });
    expect(
      await dispatch(handlers(), 'setCaseStatus', { caseId: 'c1', status: 'signed_out' }),
    ).toMatchObject({
      ok: true,
      value: { status: 'signed_out' },
    });
  });

  it('answers invalid calls with typed errors, never a throw', async () => {
    const h = handlers();
    const cases: [unknown, unknown][] = [
      ['nope', {}],
      ['__proto__', {}],
      ['constructor', {}],
      ['getCase', {}],
      ['getCase', { caseId: '../../etc' }],
      ['getCase', { caseId: 'c1', extra: 1 }],
      ['setCaseStatus', { caseId: 'c1', status: 'deleted' }],
      ['updateSettings', { theme: 'neon' }],
      ['updateSettings', { cacheBudgetGB: -1 }],
      ['updateSettings', { libraryFolders: 'not-a-list' }],
      ['listCases', { unexpected: true }],
      ['listCases', 'string'],
      [42, {}],
    ];
    for (const [method, args] of cases) {
      const r = await dispatch(h, method, args);
      expect(r, JSON.stringify([method, args])).toMatchObject({
        ok: false,
        error: { code: 'invalid_argument' },
      });
    }
  });

  it('passes handler errors through with their code', async () => {
    expect(await dispatch(handlers(), 'getSlideInfo', { slideId: 's1' })).toEqual({
      ok: false,
      error: { code: 'corrupt', message: 'Truncated TIFF' },
    });
  });

  it('refuses results that break the contract', async () => {
    const bad = handlers({ listCases: () => [{ ...caseSummary, priority: 'asap' as 'routine' }] });
    expect(await dispatch(bad, 'listCases', {})).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });
});

describe('createClient', () => {
  it('round-trips through a transport and rethrows typed errors', async () => {
    const h = handlers();
    const api = createClient((method, args) => dispatch(h, method, args));
    expect((await api.getAppInfo({})).systemLocale).toBe('fr-FR');
    await expect(api.getSlideInfo({ slideId: 's1' })).rejects.toMatchObject({
      code: 'corrupt',
      message: 'Truncated TIFF',
    });
    // @ts-expect-error: invalid on purpose, refused before it is sent.
    await expect(api.getCase({ caseId: 5 })).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('refuses a malformed response', async () => {
    const api = createClient(() => Promise.resolve({ ok: true, value: 'not a list' }));
    await expect(api.listCases({})).rejects.toMatchObject({ code: 'internal' });
  });
});
