import { describe, it, expect } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { press, renderApp, unnamedControls } from '../../testing/renderApp';

const rows = () => screen.getAllByTestId('worklist-row');
const selectedId = () =>
  rows().find((r) => r.getAttribute('aria-selected') === 'true')?.dataset.caseId;
describe('WorklistView', () => {
  it('lists frozen cases first, then urgent, with a sortable grid; signed cases hidden', async () => {
    await renderApp();
    expect(rows().map((r) => r.dataset.caseId)).toEqual(['C-frozen', 'C-urgent', 'C-routine-old']);
    const grid = screen.getByRole('grid', { name: 'Cases to review' });
    const priority = within(grid).getByRole('columnheader', { name: /Priority/ });
    expect(priority.getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(screen.getByTestId('sort-patient'));
    expect(rows()[0]?.dataset.caseId).toBe('C-routine-old'); // DURAND
    expect(
      within(grid)
        .getByRole('columnheader', { name: /Patient/ })
        .getAttribute('aria-sort'),
    ).toBe('ascending');
    expect(priority.getAttribute('aria-sort')).toBe('none');
  });

  it('is driven by the keyboard: arrows select, Enter opens', async () => {
    const { store } = await renderApp();
    expect(selectedId()).toBe('C-frozen');
    await press('ArrowDown');
    expect(selectedId()).toBe('C-urgent');
    await press('End');
    expect(selectedId()).toBe('C-routine-old');
    await press('ArrowUp');
    await press('Enter');
    await screen.findByTestId('case-header');
    expect(store.getState().route).toEqual({ name: 'case', caseId: 'C-urgent' });
    expect(screen.getByTestId('case-accession').textContent).toBe('H24-00102');
  });

  it('filters with / and clears with Esc', async () => {
    await renderApp();
    await press('/');
    const filter = screen.getByTestId('worklist-filter');
    expect(document.activeElement).toBe(filter);
    fireEvent.change(filter, { target: { value: 'prostate' } });
    expect(rows().map((r) => r.dataset.caseId)).toEqual(['C-urgent']);
    expect(screen.getByTestId('worklist-count').textContent).toBe('1 of 4 cases');
    // arrows and Enter still work from the filter
    await press('Enter');
    await screen.findByTestId('case-header');
  });

  it('clears the filter on Esc', async () => {
    await renderApp();
    const filter = screen.getByTestId('worklist-filter');
    filter.focus();
    fireEvent.change(filter, { target: { value: 'zzz' } });
    expect(screen.getByText('No case matches “zzz”.')).toBeTruthy();
    await press('Escape');
    expect(rows()).toHaveLength(3);
  });

  it('filters by status chip, priority and assignment, with counts, and remembers the choice', async () => {
    const saved: unknown[] = [];
    const { store } = await renderApp({
      handlers: {
        setWorklistPrefs: (prefs) => {
          saved.push(prefs);
          return prefs;
        },
      },
    });
    const count = (id: string) => screen.getByTestId(`status-count-${id}`).textContent;
    expect([count('new'), count('in_progress'), count('pending_ihc')]).toEqual(['2', '1', '0']);
    fireEvent.click(screen.getByTestId('status-chip-new'));
    expect(rows().map((r) => r.dataset.caseId)).toEqual(['C-frozen', 'C-routine-old']);
    fireEvent.click(screen.getByTestId('priority-chip-frozen'));
    expect(rows().map((r) => r.dataset.caseId)).toEqual(['C-frozen']);
    // The counts follow the other filters: one new frozen case, none in progress.
    expect([count('new'), count('in_progress')]).toEqual(['1', '0']);
    fireEvent.click(screen.getByTestId('assignment-unassigned'));
    expect(rows().map((r) => r.dataset.caseId)).toEqual(['C-frozen']);
    expect(store.getState().worklistPrefs).toMatchObject({
      statuses: ['new'],
      priorities: ['frozen'],
      assignment: 'unassigned',
    });
    expect(saved).toHaveLength(3);
  });

  it('shows a load failure with a retry, not a crash', async () => {
    await renderApp({
      handlers: {
        listCases: () => {
          throw new Error('disk gone');
        },
      },
    });
    const panel = screen.getByTestId('error-panel');
    expect(panel.textContent).toContain('The worklist could not be loaded.');
    expect(panel.textContent).toContain('disk gone');
    expect(within(panel).getByRole('button', { name: 'Retry' })).toBeTruthy();
  });

  it('names every control, in English and in French', async () => {
    const { container, store } = await renderApp();
    expect(unnamedControls(container)).toEqual([]);
    await act(async () => {
      await store.getState().updateSettings({ language: 'fr' });
    });
    expect(screen.getByRole('grid', { name: 'Dossiers à lire' })).toBeTruthy();
    expect(unnamedControls(container)).toEqual([]);
  });
});
