import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { Api } from '../../../../electron/common/contract';
import type { ReportState } from '../../../../electron/common/reports/model';
import { EMPTY_SECTIONS } from '../../../../electron/common/reports/model';
import { createI18n } from '../../i18n';
import { createAppStore } from '../../state/store';
import { StoreProvider } from '../../state/StoreContext';
import { createFakeApi } from '../../testing/fakeApi';
import { ReportPanel } from '../report/ReportPanel';
import type { Locks } from './editorLock';
import { REPORT_EDITOR_LOCK } from './editorLock';
import { fakeLocks } from './testing/fakeLocks';

let locks: Locks;

beforeEach(() => {
  locks = fakeLocks();
  Object.defineProperty(globalThis.navigator, 'locks', { value: locks, configurable: true });
});

afterEach(() => {
  Reflect.deleteProperty(globalThis.navigator, 'locks');
  vi.restoreAllMocks();
});

async function renderPanel() {
  const fake = createFakeApi({ systemLocale: 'en-GB' });
  const draft: ReportState = {
    caseId: 'C-frozen',
    status: 'draft',
    content: {
      templateId: null,
      sections: { ...EMPTY_SECTIONS, microscopy: 'Saved by the other window.' },
      synoptic: {},
      snapshotIds: [],
    },
    version: 3,
    savedAt: '2026-12-03T10:00:00.000Z',
    signature: null,
    overrides: [],
    addenda: [],
    snapshots: [],
  };
  const getReport = vi.fn(() => Promise.resolve(draft));
  const api = {
    ...fake.api,
    getReport,
    listReportTemplates: () => Promise.resolve([]),
    listAutotext: () => Promise.resolve([]),
  } as unknown as Api;
  const store = createAppStore({ api, tileBase: '/tiles', browserLocale: 'en' });
  await store.getState().loadSettings();
  await store.getState().showCase('C-frozen');
  render(
    <StoreProvider store={store} tileBase="/tiles">
      <I18nextProvider i18n={createI18n('en')}>
        <ReportPanel caseId="C-frozen" slide={null} />
      </I18nextProvider>
    </StoreProvider>,
  );
  return { store, getReport };
}

describe('the report panel and the report window', () => {
  it('says the report is open in another window while that window holds the editor, and takes it when let go', async () => {
    let letGo: () => void = () => {};
    // Another window's live editor.
    void locks.request(REPORT_EDITOR_LOCK, {}, () => new Promise<void>((r) => (letGo = r)));
    const { getReport } = await renderPanel();
    // The notice comes after the lock's grace (ELSEWHERE_GRACE_MS); a loaded machine is slower.
    expect(await screen.findByTestId('report-elsewhere', {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByText('Report open in another window')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Microscopy' })).toBeNull();
    expect(getReport).not.toHaveBeenCalled();

    letGo();
    // The draft is read from the engine only now, after the other window's last save.
    const field = await screen.findByRole('textbox', { name: 'Microscopy' }, { timeout: 5000 });
    expect((field as HTMLTextAreaElement).value).toBe('Saved by the other window.');
    expect(screen.queryByTestId('report-elsewhere')).toBeNull();
    expect(getReport).toHaveBeenCalledTimes(1);
  });

  it('opens the report alone at its own address in a window of its own', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const { store } = await renderPanel();
    await screen.findByRole('textbox', { name: 'Microscopy' }, { timeout: 5000 });
    const accession = store.getState().openCase!.summary.accession;
    fireEvent.click(screen.getByRole('button', { name: 'Report in its own window' }));
    await waitFor(() => expect(open).toHaveBeenCalledTimes(1));
    const [url, target, features] = open.mock.calls[0]!;
    expect(url).toBe(`/#/case/${encodeURIComponent(accession)}/report`);
    expect(target).toBe('_blank');
    expect(features).toMatch(/^popup,left=\d+,top=\d+,width=\d+,height=\d+$/);
    // A blocked window is said in the panel (the web host: window.open gave null).
    expect(await screen.findByText(/The browser blocked the new window/)).toBeTruthy();
  });
});
