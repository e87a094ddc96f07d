import { describe, it, expect } from 'vitest';
import { WorkstationError } from '../../../electron/common/errors';
import { createFakeApi } from '../testing/fakeApi';
import type { FakeApiOptions } from '../testing/fakeApi';
import { createAppStore } from './store';
import { normalizeRotation } from './viewerSlice';

function setup(options: FakeApiOptions = {}, browserLocale: string | string[] = 'en-US') {
  const fake = createFakeApi(options);
  const store = createAppStore({ api: fake.api, tileBase: '/tiles', browserLocale });
  return { store, fake };
}

describe('worklist slice', () => {
  it('loads cases and keeps the error when the engine fails', async () => {
    const { store } = setup();
    await store.getState().loadCases();
    expect(store.getState().casesStatus).toBe('ready');
    expect(store.getState().cases).toHaveLength(4);

    const failing = setup({
      handlers: {
        listCases: () => {
          throw new WorkstationError('unavailable', 'Archive down');
        },
      },
    }).store;
    await failing.getState().loadCases();
    expect(failing.getState().casesStatus).toBe('error');
    expect(failing.getState().casesError).toEqual({ code: 'unavailable', message: 'Archive down' });
  });
});

describe('case slice', () => {
  it('opens a case, sorts its slides and navigates', async () => {
    const { store } = setup();
    await store.getState().showCase('C-routine-old');
    const s = store.getState();
    expect(s.route).toEqual({ name: 'case', caseId: 'C-routine-old' });
    expect(s.selectedCaseId).toBe('C-routine-old');
    expect(s.openCase?.slides.map((x) => x.position)).toEqual([1, 2, 3]);
    s.closeCase();
    expect(store.getState().route).toEqual({ name: 'worklist' });
  });

  it('shows a missing case as an error, not a crash', async () => {
    const { store } = setup();
    await store.getState().showCase('nope');
    expect(store.getState().caseStatus).toBe('error');
    expect(store.getState().caseError?.code).toBe('not_found');
  });

  it('ignores the answer of a case opened before the last one', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const { fake } = setup();
    const slowApi = {
      ...fake.api,
      getCase: async (args: { caseId: string }) => {
        if (args.caseId === 'C-urgent') await gate;
        return fake.api.getCase(args);
      },
    };
    const raced = createAppStore({ api: slowApi, tileBase: '/tiles', browserLocale: 'en' });
    const first = raced.getState().showCase('C-urgent');
    await raced.getState().showCase('C-frozen');
    release();
    await first;
    expect(raced.getState().openCase?.summary.id).toBe('C-frozen');
    expect(raced.getState().route).toEqual({ name: 'case', caseId: 'C-frozen' });
  });

  it('changes the status in the case and in the worklist', async () => {
    const { store } = setup();
    await store.getState().loadCases();
    await store.getState().showCase('C-frozen');
    await store.getState().setCaseStatus('signed_out');
    expect(store.getState().openCase?.summary.status).toBe('signed_out');
    expect(store.getState().cases.find((c) => c.id === 'C-frozen')?.status).toBe('signed_out');
  });

  it('reports a refused status change as a toast', async () => {
    const { store } = setup({
      handlers: {
        setCaseStatus: () => {
          throw new WorkstationError('unavailable', 'Database busy');
        },
      },
    });
    await store.getState().showCase('C-frozen');
    await store.getState().setCaseStatus('in_progress');
    expect(store.getState().openCase?.summary.status).toBe('new');
    expect(store.getState().toasts).toMatchObject([
      { task: 'setStatus', error: { code: 'unavailable' } },
    ]);
  });
});

describe('viewer slice', () => {
  it('opens a slide of the open case and resets orientation', async () => {
    const { store } = setup();
    await store.getState().showCase('C-urgent');
    store.getState().rotateBy(90);
    await store.getState().openSlide('C-urgent-S2');
    const s = store.getState();
    expect(s.route).toEqual({ name: 'slide', caseId: 'C-urgent', slideId: 'C-urgent-S2' });
    expect(s.slideInfo?.levels).toHaveLength(3);
    expect(s.rotation).toBe(0);
    s.closeSlide();
    expect(store.getState().route).toEqual({ name: 'case', caseId: 'C-urgent' });
  });

  it('keeps the previous slide of the case until the next is known, never one of another case', async () => {
    const { store } = setup();
    await store.getState().showCase('C-urgent');
    await store.getState().openSlide('C-urgent-S1');
    const next = store.getState().openSlide('C-urgent-S2');
    expect(store.getState().slideInfo?.slideId).toBe('C-urgent-S1');
    expect(store.getState().slideStatus).toBe('loading');
    await next;
    expect(store.getState().slideInfo?.slideId).toBe('C-urgent-S2');
    store.getState().closeCase();
    void store.getState().showCase('C-frozen');
    expect(store.getState().slideInfo).toBeNull();
  });

  it('refuses to open a slide that has an error', async () => {
    const { store, fake } = setup();
    await store.getState().showCase('C-routine-old');
    await store.getState().openSlide('C-routine-old-S3');
    expect(store.getState().route.name).toBe('case');
    expect(fake.calls.some((c) => c.method === 'getSlideInfo')).toBe(false);
  });

  it('keeps rotation in (-180, 180]', () => {
    expect(normalizeRotation(270)).toBe(-90);
    expect(normalizeRotation(-180)).toBe(180);
    expect(normalizeRotation(540)).toBe(180);
    expect(normalizeRotation(-0)).toBe(0);
    expect(normalizeRotation(12.345)).toBe(12.3);
    expect(normalizeRotation(Number.NaN)).toBe(0);
  });
});

describe('settings slice', () => {
  it('speaks the user’s language, not the host’s, and the setting wins afterwards', async () => {
    // A French browser on an English web host: French.
    const { store } = setup({ systemLocale: 'en-US' }, ['de-DE', 'fr-FR', 'en-US']);
    await store.getState().loadSettings();
    expect(store.getState().language).toBe('fr');
    expect(await store.getState().updateSettings({ language: 'en' })).toBeNull();
    expect(store.getState().language).toBe('en');
    expect(await store.getState().updateSettings({ language: null })).toBeNull();
    expect(store.getState().language).toBe('fr');
  });

  it('reports a refused change and keeps the previous settings', async () => {
    const { store } = setup();
    await store.getState().loadSettings();
    const refused = await store.getState().updateSettings({ libraryFolders: ['forbidden'] });
    expect(refused).toMatchObject({ code: 'invalid_argument' });
    expect(store.getState().settings?.libraryFolders).toEqual([]);
    expect(store.getState().toasts[0]).toMatchObject({
      task: 'settings',
      error: { code: 'invalid_argument' },
    });
    // shown beside the field instead of as a toast
    await store
      .getState()
      .updateSettings({ libraryFolders: ['forbidden/again'] }, { inline: true });
    expect(store.getState().toasts).toHaveLength(1);
  });

  it('starts with defaults when settings cannot be read', async () => {
    const { store } = setup(
      {
        handlers: {
          getSettings: () => {
            throw new WorkstationError('internal', 'boom');
          },
        },
      },
      'fr-BE',
    );
    await store.getState().loadSettings();
    expect(store.getState().settingsStatus).toBe('error');
    expect(store.getState().theme).toBe('dark');
    expect(store.getState().toasts).toHaveLength(1);
  });

  it('rescans and reloads the worklist', async () => {
    const { store, fake } = setup();
    await store.getState().rescanLibrary();
    expect(store.getState().lastRescan).toEqual({ cases: 4, slides: 7, errors: [] });
    expect(fake.calls.map((c) => c.method)).toContain('listCases');
  });
});

describe('ui slice', () => {
  it('opens settings over any screen and comes back to it', () => {
    const { store } = setup();
    store.getState().navigate({ name: 'case', caseId: 'C-frozen' });
    store.getState().openSettings();
    expect(store.getState().route.name).toBe('settings');
    store.getState().closeSettings();
    expect(store.getState().route).toEqual({ name: 'case', caseId: 'C-frozen' });
  });

  it('keeps at most three toasts', () => {
    const { store } = setup();
    for (let i = 0; i < 5; i++) store.getState().reportError('start', new Error(`e${i}`));
    expect(store.getState().toasts.map((t) => t.error.message)).toEqual(['e2', 'e3', 'e4']);
    store.getState().dismissToast(store.getState().toasts[0]!.id);
    expect(store.getState().toasts).toHaveLength(2);
  });
});
