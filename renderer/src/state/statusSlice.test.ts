import { describe, it, expect } from 'vitest';
import { createFakeApi } from '../testing/fakeApi';
import { createAppStore } from './store';

function setup() {
  const fake = createFakeApi({ archive: true });
  const store = createAppStore({ api: fake.api, tileBase: '/tiles', browserLocale: 'en' });
  return { store, fake };
}

const callsOf = (fake: ReturnType<typeof createFakeApi>, method: string) =>
  fake.calls.filter((c) => c.method === method).length;

describe('status polling', () => {
  it('leaves the store alone when a poll brings nothing new', async () => {
    const { store } = setup();
    await store.getState().pollStatus();
    const first = store.getState().status;
    expect(first?.archives).toHaveLength(1);
    let updates = 0;
    const unsubscribe = store.subscribe(() => updates++);
    await store.getState().pollStatus();
    await store.getState().pollStatus();
    unsubscribe();
    expect(updates).toBe(0);
    expect(store.getState().status).toBe(first);
  });

  it('reloads the worklist (quietly, keeping the selection) and the open case when the version changes', async () => {
    const { store, fake } = setup();
    await store.getState().loadCases();
    await store.getState().showCase('C-archive');
    store.getState().closeCase();
    await store.getState().pollStatus();
    const rows = store.getState().cases;
    expect(callsOf(fake, 'listCases')).toBe(1);

    // a sync brought a new specimen text for one case
    fake.cases.find((c) => c.id === 'C-frozen')!.specimen = 'Breast, re-cut';
    fake.engine.worklistVersion++;
    const statuses: string[] = [];
    const unsubscribe = store.subscribe((s) => statuses.push(s.casesStatus));
    await store.getState().pollStatus();
    await new Promise((r) => setTimeout(r, 0));
    unsubscribe();
    expect(callsOf(fake, 'listCases')).toBe(2);
    expect(statuses).not.toContain('loading');
    const after = store.getState();
    expect(after.selectedCaseId).toBe('C-archive');
    expect(after.cases.find((c) => c.id === 'C-frozen')?.specimen).toBe('Breast, re-cut');
    // rows that did not change keep their objects (no re-render)
    expect(after.cases.find((c) => c.id === 'C-urgent')).toBe(
      rows.find((c) => c.id === 'C-urgent'),
    );
    expect(callsOf(fake, 'getCase')).toBe(1); // no case open any more
  });

  it('refreshes the open case when the worklist changes', async () => {
    const { store, fake } = setup();
    await store.getState().showCase('C-archive');
    await store.getState().pollStatus();
    fake.cases.find((c) => c.id === 'C-archive')!.status = 'in_progress';
    fake.engine.worklistVersion++;
    await store.getState().pollStatus();
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().openCase?.summary.status).toBe('in_progress');
  });

  it('counts reconnections and clears the viewer tile problems then', async () => {
    const { store, fake } = setup();
    await store.getState().pollStatus();
    fake.engine.archives[0]!.state = 'offline';
    await store.getState().pollStatus();
    expect(store.getState().status?.online).toBe(false);
    expect(Object.keys(store.getState().offlineSince)).toEqual(['A1']);
    store.getState().setOfflineTiles(12);
    store.getState().noteTileErrors(2);
    expect(store.getState().reconnects).toBe(0);
    fake.engine.archives[0]!.state = 'online';
    await store.getState().pollStatus();
    expect(store.getState().reconnects).toBe(1);
    expect(store.getState().offlineTiles).toBe(0);
    expect(store.getState().tileErrors).toBe(0);
    expect(store.getState().offlineSince).toEqual({});
  });

  it('opens again a slide that could not be opened while the archive was away', async () => {
    let away = true;
    const fake = createFakeApi({ archive: true });
    const api = {
      ...fake.api,
      getSlideInfo: async (args: { slideId: string }) => {
        if (away) {
          const { WorkstationError } = await import('../../../electron/common/errors');
          throw new WorkstationError('offline', 'Not available offline: slide never opened');
        }
        return fake.api.getSlideInfo(args);
      },
    };
    const store = createAppStore({ api, tileBase: '/tiles', browserLocale: 'en' });
    await store.getState().pollStatus();
    await store.getState().showCase('C-archive');
    fake.engine.archives[0]!.state = 'offline';
    await store.getState().pollStatus();
    await store.getState().openSlide('C-archive-S1');
    expect(store.getState().slideStatus).toBe('error');
    away = false;
    fake.engine.archives[0]!.state = 'online';
    await store.getState().pollStatus();
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().slideStatus).toBe('ready');
    expect(store.getState().slideInfo?.slideId).toBe('C-archive-S1');
  });

  it('says when the workstation service does not answer, and recovers', async () => {
    let down = true;
    const fake = createFakeApi({
      handlers: {
        getStatus: () => {
          if (down) throw new Error('socket hang up');
          return {
            demoLibrary: null,
            online: true,
            archives: [],
            worklistVersion: 1,
            downloads: { paused: false, reasons: [], cases: [] },
          };
        },
      },
    });
    const store = createAppStore({ api: fake.api, tileBase: '/tiles', browserLocale: 'en' });
    await store.getState().pollStatus();
    expect(store.getState().statusError?.code).toBe('internal');
    down = false;
    await store.getState().pollStatus();
    expect(store.getState().statusError).toBeNull();
  });
});

describe('downloads and available offline', () => {
  it('pins an archive case and shows its progress at once', async () => {
    const { store } = setup();
    await store.getState().pollStatus();
    await store.getState().setCaseOffline('C-archive', true);
    const p = store.getState().status?.downloads.cases.find((c) => c.caseId === 'C-archive');
    expect(p?.pinned).toBe(true);
    expect(store.getState().offlineBusy).toEqual({});
  });

  it('explains that a local case cannot be pinned', async () => {
    const { store } = setup();
    await store.getState().pollStatus();
    await store.getState().setCaseOffline('C-frozen', true);
    expect(store.getState().toasts).toMatchObject([
      { task: 'offline', error: { code: 'invalid_argument' } },
    ]);
  });

  it('pauses, resumes and cancels, then reads the status again', async () => {
    const { store, fake } = setup();
    await store.getState().pollStatus();
    await store.getState().pauseDownloads();
    expect(store.getState().status?.downloads.paused).toBe(true);
    await store.getState().resumeDownloads();
    await store.getState().pauseDownloads('C-archive');
    expect(store.getState().status?.downloads.cases[0]?.state).toBe('paused');
    await store.getState().cancelDownload('C-archive');
    expect(store.getState().status?.downloads.cases).toEqual([]);
    expect(fake.calls.map((c) => c.method)).toContain('cancelDownload');
  });
});
