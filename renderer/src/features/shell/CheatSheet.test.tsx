import { describe, it, expect } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { renderApp } from '../../testing/renderApp';

describe('CheatSheet', () => {
  it('opens on ?, lists the viewer keys, and closes on Esc without acting behind it', async () => {
    const { store } = await renderApp();
    act(() => {
      fireEvent.keyDown(document.body, { key: '?', shiftKey: true });
    });
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByText('Flip horizontally')).toBeTruthy();
    expect(
      within(dialog).getByText(
        'Magnification 1.25×, 2.5×, 5×, 10×, 20×, 40× (on the case screen, digits open slides)',
      ),
    ).toBeTruthy();
    // modal: Enter does not open the selected case behind the sheet
    act(() => {
      fireEvent.keyDown(document.body, { key: 'Enter' });
    });
    expect(store.getState().route.name).toBe('worklist');
    act(() => {
      fireEvent.keyDown(document.body, { key: 'Escape' });
    });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows error toasts that can be dismissed', async () => {
    const { store } = await renderApp();
    act(() => store.getState().reportError('rescan', new Error('folder vanished')));
    const toast = screen.getByTestId('error-toast');
    expect(toast.textContent).toContain('Scanning the library');
    expect(toast.textContent).toContain('folder vanished');
    fireEvent.click(within(toast).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('error-toast')).toBeNull();
  });
});
