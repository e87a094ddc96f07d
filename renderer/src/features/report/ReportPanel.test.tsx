import { describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { Api } from '../../../../electron/common/contract';
import { WorkstationError } from '../../../../electron/common/errors';
import type {
  ReportContent,
  ReportState,
  ReportTemplate,
} from '../../../../electron/common/reports/model';
import { EMPTY_SECTIONS } from '../../../../electron/common/reports/model';
import { createI18n } from '../../i18n';
import { createAppStore } from '../../state/store';
import { StoreProvider } from '../../state/StoreContext';
import { createFakeApi } from '../../testing/fakeApi';
import { I18nextProvider } from 'react-i18next';
import { ReportPanel } from './ReportPanel';
import type { ReportApi } from './reportApi';

const both = (en: string, fr = `${en} (fr)`) => ({ en, fr });
const TEMPLATE: ReportTemplate = {
  id: 'breast',
  name: both('Breast biopsy', 'Biopsie mammaire'),
  basedOn: 'test',
  sections: { macroscopy: both('Three cores.', 'Trois carottes.') },
  items: [
    {
      id: 'type',
      label: both('Histological type'),
      kind: 'choice',
      required: true,
      options: [
        { id: 'nst', label: both('NST') },
        { id: 'other', label: both('Other') },
      ],
    },
    { id: 'other_text', label: both('Other type'), kind: 'text', required: true },
    {
      id: 'size',
      label: both('Size'),
      kind: 'number',
      required: false,
      unit: 'mm',
      min: 0,
      max: 100,
      decimals: 1,
    },
  ],
  rules: [{ when: 'type', equals: ['other'], then: 'show', items: ['other_text'] }],
};

/** The report calls over one in-memory report; `failSaves` makes saves fail. */
function reportFake() {
  let state: ReportState = {
    caseId: 'C-frozen',
    status: 'none',
    content: { templateId: null, sections: { ...EMPTY_SECTIONS }, synoptic: {}, snapshotIds: [] },
    version: 0,
    savedAt: null,
    signature: null,
    overrides: [],
    addenda: [],
    snapshots: [],
  };
  const saves: ReportContent[] = [];
  const control = { failSaves: false };
  const api: Partial<ReportApi> = {
    listReportTemplates: () => Promise.resolve([TEMPLATE]),
    getReport: () => Promise.resolve(state),
    saveReportDraft: ({ content }) => {
      if (control.failSaves) return Promise.reject(new WorkstationError('unavailable', 'down'));
      saves.push(content);
      state = {
        ...state,
        status: 'draft',
        content: content,
        version: state.version + 1,
        savedAt: new Date().toISOString(),
      };
      return Promise.resolve(state);
    },
    listAutotext: () => Promise.resolve([{ abbreviation: '.neg', text: 'No malignancy.' }]),
  };
  return { api, saves, control };
}

async function renderPanel(language: 'en' | 'fr' = 'en') {
  const fake = createFakeApi({ systemLocale: language === 'fr' ? 'fr-FR' : 'en-GB' });
  const report = reportFake();
  const api = { ...fake.api, ...report.api } as Api;
  const store = createAppStore({ api, tileBase: '/tiles', browserLocale: language });
  await store.getState().loadSettings();
  const i18n = createI18n(language);
  render(
    <StoreProvider store={store} tileBase="/tiles">
      <I18nextProvider i18n={i18n}>
        <ReportPanel caseId="C-frozen" slide={null} />
      </I18nextProvider>
    </StoreProvider>,
  );
  await screen.findByRole('textbox', { name: language === 'fr' ? 'Microscopie' : 'Microscopy' });
  return { store, report };
}

describe('ReportPanel', () => {
  it('has the five sections by name, in order, and saves what is typed', async () => {
    const { report } = await renderPanel();
    const names = screen.getAllByRole('textbox').map((t) => t.getAttribute('id'));
    expect(names).toEqual([
      'report-clinical',
      'report-macroscopy',
      'report-microscopy',
      'report-conclusion',
      'report-comment',
    ]);
    for (const name of ['Clinical information', 'Macroscopy', 'Conclusion', 'Comment']) {
      expect(screen.getByRole('textbox', { name })).toBeTruthy();
    }
    fireEvent.change(screen.getByRole('textbox', { name: 'Microscopy' }), {
      target: { value: 'Carcinoma.' },
    });
    await waitFor(() => expect(report.saves.at(-1)?.sections.microscopy).toBe('Carcinoma.'));
    await waitFor(() =>
      expect(screen.getByTestId('report-save-state').dataset.state).toBe('saved'),
    );
    expect(screen.getByTestId('report-save-state').textContent).toMatch(/^Saved /);
  });

  it('says so when a save fails, keeps the text, and saves on Retry', async () => {
    const { report } = await renderPanel();
    report.control.failSaves = true;
    const field = screen.getByRole('textbox', { name: 'Conclusion' });
    fireEvent.change(field, { target: { value: 'Benign.' } });
    const banner = await screen.findByTestId('report-save-error');
    expect(banner.getAttribute('role')).toBe('alert');
    expect((field as HTMLTextAreaElement).value).toBe('Benign.');
    report.control.failSaves = false;
    fireEvent.click(within(banner).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(report.saves.at(-1)?.sections.conclusion).toBe('Benign.'));
    await waitFor(() => expect(screen.queryByTestId('report-save-error')).toBeNull());
  });

  it('a template pre-fills empty sections and shows its checklist, whose rule shows an item', async () => {
    const { report } = await renderPanel();
    fireEvent.change(screen.getByTestId('report-template'), { target: { value: 'breast' } });
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Macroscopy' }).value).toBe(
      'Three cores.',
    );
    const checklist = screen.getByTestId('synoptic');
    expect(within(checklist).queryByText('Other type')).toBeNull();
    expect(screen.getByTestId('synoptic-missing').textContent).toBe('1 required item missing');
    fireEvent.click(within(checklist).getByLabelText('Other'));
    expect(within(checklist).getByText('Other type')).toBeTruthy();
    expect(screen.getByTestId('synoptic-missing').textContent).toBe('1 required item missing');
    // A number out of range is said at once.
    fireEvent.change(within(checklist).getByLabelText(/^Size/), { target: { value: '120' } });
    expect(within(checklist).getByText('At most 100 mm.')).toBeTruthy();
    await waitFor(() =>
      expect(report.saves.at(-1)?.synoptic).toEqual({ type: 'other', size: 120 }),
    );
    expect(report.saves.at(-1)?.templateId).toBe('breast');
  });

  it('expands autotext typed in a section', async () => {
    const { store } = await renderPanel();
    const field = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Comment' });
    // jsdom puts the cursor at the end of a value set this way, as after typing.
    await waitFor(() => expect(store.getState().autotext).toHaveLength(1));
    fireEvent.change(field, { target: { value: 'See .neg ' } });
    await waitFor(() => expect(field.value).toBe('See No malignancy. '));
  });

  it('speaks French, and folds with Alt+R', async () => {
    const { store } = await renderPanel('fr');
    for (const name of [
      'Renseignements cliniques',
      'Macroscopie',
      'Microscopie',
      'Conclusion',
      'Commentaire',
    ]) {
      expect(screen.getByRole('textbox', { name })).toBeTruthy();
    }
    act(() => {
      fireEvent.keyDown(window, { key: 'r', code: 'KeyR', altKey: true });
    });
    expect(store.getState().reportPanelOpen).toBe(false);
    expect(screen.queryByRole('textbox', { name: 'Microscopie' })).toBeNull();
    fireEvent.click(screen.getByTestId('report-toggle'));
    expect(await screen.findByRole('textbox', { name: 'Microscopie' })).toBeTruthy();
  });
});
