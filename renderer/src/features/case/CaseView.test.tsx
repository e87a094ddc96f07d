import { describe, it, expect } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { press, renderApp, settle, unnamedControls } from '../../testing/renderApp';

async function openCase(caseId: string) {
  const app = await renderApp();
  await act(async () => {
    await app.store.getState().showCase(caseId);
  });
  return app;
}

describe('CaseView', () => {
  it('shows every slide with its label, overview and stain', async () => {
    const { container } = await openCase('C-routine-old');
    const cards = screen.getAllByTestId('slide-card');
    expect(cards).toHaveLength(3);
    const first = within(cards[0]!);
    expect(first.getByRole('img', { name: 'Label of slide 1' }).getAttribute('src')).toBe(
      '/tiles/C-routine-old-S1/associated/label',
    );
    expect(first.getByRole('img', { name: 'Overview of slide 1' }).getAttribute('src')).toBe(
      '/tiles/C-routine-old-S1/associated/thumbnail',
    );
    expect(within(cards[1]!).getByText('CK20')).toBeTruthy();
    expect(within(cards[1]!).getByText('IHC')).toBeTruthy();
    expect(unnamedControls(container)).toEqual([]);
  });

  it('asks only for the associated images a slide has', async () => {
    const app = await renderApp({ archive: true });
    await act(async () => {
      await app.store.getState().showCase('C-archive');
    });
    const [never, macroOnly] = screen.getAllByTestId('slide-card');
    // never opened: the list is unknown, both are tried
    expect(within(never!).getByRole('img', { name: 'Label of slide 1' }).getAttribute('src')).toBe(
      '/tiles/C-archive-S1/associated/label',
    );
    // a macro and nothing else: no label request, the macro stands in for the overview
    const label = within(macroOnly!).getByRole('img', { name: 'Label of slide 2' });
    expect(label.tagName).toBe('DIV');
    expect(label.textContent).toBe('No image');
    expect(
      within(macroOnly!).getByRole('img', { name: 'Overview of slide 2' }).getAttribute('src'),
    ).toBe('/tiles/C-archive-S2/associated/macro');
    expect(macroOnly!.querySelectorAll('img')).toHaveLength(1);
  });

  it('shows why a slide cannot be opened, and does not open it', async () => {
    const { store } = await openCase('C-routine-old');
    const broken = screen.getAllByTestId('slide-card')[2]!;
    expect(broken.dataset.error).toBe('true');
    expect(broken.textContent).toContain('The workstation cannot read this format or do this yet.');
    expect(broken.textContent).toContain('JPEG 2000 tiles are not supported');
    // The only button is the disclosure of the engine's message: nothing opens the slide.
    expect(
      within(broken)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Details']);
    await press('3');
    expect(store.getState().route.name).toBe('case');
  });

  it('opens a slide with its number key, keeping the case header', async () => {
    const { store } = await openCase('C-urgent');
    await press('2');
    await settle(() => {});
    expect(store.getState().route).toEqual({
      name: 'slide',
      caseId: 'C-urgent',
      slideId: 'C-urgent-S2',
    });
    expect(screen.getByTestId('case-header').textContent).toContain('H24-00102');
    // jsdom has no canvas: the viewer says so in place, the rest of the screen still works
    expect(screen.getByTestId('error-panel').dataset.code).toBe('unsupported');
    expect(screen.getByTestId('back-to-case')).toBeTruthy();
  });

  it('changes the case status, but never to "signed out" (signing the report does that)', async () => {
    const { store, fake } = await openCase('C-frozen');
    const select = screen.getByTestId<HTMLSelectElement>('case-status');
    expect(select.value).toBe('new');
    expect([...select.options].map((o) => o.value)).toEqual(['new', 'in_progress', 'pending_ihc']);
    await settle(() => {
      fireEvent.change(select, { target: { value: 'pending_ihc' } });
    });
    expect(fake.calls.some((c) => c.method === 'setCaseStatus')).toBe(true);
    expect(store.getState().openCase?.summary.status).toBe('pending_ihc');
    expect(screen.getByTestId<HTMLSelectElement>('case-status').value).toBe('pending_ihc');
  });

  it('shows a signed-out case as such, with the status locked', async () => {
    const { store } = await openCase('C-frozen');
    await act(async () => {
      await store.getState().setCaseStatus('signed_out');
    });
    const select = screen.getByTestId<HTMLSelectElement>('case-status');
    expect(select.value).toBe('signed_out');
    expect(select.disabled).toBe(true);
  });

  it('goes back to the worklist with Esc or the button', async () => {
    const { store } = await openCase('C-frozen');
    await press('Escape');
    expect(store.getState().route).toEqual({ name: 'worklist' });
    await act(async () => {
      await store.getState().showCase('C-frozen');
    });
    fireEvent.click(screen.getByTestId('back-button'));
    expect(store.getState().route).toEqual({ name: 'worklist' });
    // the case stays selected in the list
    const selected = screen
      .getAllByTestId('worklist-row')
      .find((r) => r.getAttribute('aria-selected') === 'true');
    expect(selected?.dataset.caseId).toBe('C-frozen');
  });

  it('reports a missing case in place', async () => {
    await openCase('C-nope');
    expect(screen.getByTestId('error-panel').dataset.code).toBe('not_found');
  });
});
