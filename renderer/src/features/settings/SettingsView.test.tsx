import { describe, it, expect } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { renderApp, settle, unnamedControls } from '../../testing/renderApp';

async function openSettings() {
  const app = await renderApp();
  await settle(() => {
    fireEvent.click(screen.getByTestId('nav-settings'));
  });
  return app;
}

describe('SettingsView', () => {
  it('switches the language at once and remembers it', async () => {
    const { fake, container } = await openSettings();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Settings');
    await settle(() => {
      fireEvent.change(screen.getByTestId('language-select'), { target: { value: 'fr' } });
    });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Réglages');
    expect(document.documentElement.lang).toBe('fr-FR');
    expect(fake.settings().language).toBe('fr');
    expect(unnamedControls(container)).toEqual([]);
    await settle(() => {
      fireEvent.change(screen.getByTestId('language-select'), { target: { value: 'system' } });
    });
    expect(fake.settings().language).toBeNull();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Settings'); // en-GB system
  });

  it('switches the theme', async () => {
    await openSettings();
    await settle(() => {
      fireEvent.change(screen.getByTestId('theme-select'), { target: { value: 'light' } });
    });
    expect(document.documentElement.dataset.theme).toBe('light');
  });

  it('adds and removes library folders, and says why a folder is refused', async () => {
    const { fake } = await openSettings();
    const input = screen.getByTestId('folder-input');
    await settle(() => {
      fireEvent.click(screen.getByTestId('folder-add'));
    });
    expect(screen.getByTestId('folder-error').textContent).toBe('Type the path of a folder.');

    fireEvent.change(input, { target: { value: 'forbidden' } });
    await settle(() => {
      fireEvent.click(screen.getByTestId('folder-add'));
    });
    expect(screen.getByTestId('folder-error').textContent).toContain(
      'Library folders must be absolute paths',
    );
    expect(input.getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(input, { target: { value: '/data/slides' } });
    await settle(() => {
      fireEvent.click(screen.getByTestId('folder-add'));
    });
    expect(fake.settings().libraryFolders).toEqual(['/data/slides']);
    expect(screen.getByTestId('library-folder').dataset.error).toBeUndefined();

    // a folder that does not exist is refused with its reason, and nothing is saved
    fireEvent.change(input, { target: { value: '/data/missing' } });
    await settle(() => {
      fireEvent.click(screen.getByTestId('folder-add'));
    });
    await settle();
    expect(fake.settings().libraryFolders).toEqual(['/data/slides']);
    expect(screen.getAllByTestId('library-folder')).toHaveLength(1);
    const refusal = screen.getByTestId('folder-error');
    expect(refusal.textContent).toContain('This folder does not exist on this computer.');
    // The engine's English is behind "Details".
    expect(within(refusal).getByText('Folder not found: /data/missing').hidden).toBe(true);
    expect(fake.calls.filter((c) => c.method === 'rescanLibrary')).toHaveLength(1);

    await settle(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Remove /data/slides' }));
    });
    expect(fake.settings().libraryFolders).toEqual([]);
  });

  it('rescans and shows what was found', async () => {
    await openSettings();
    await settle(() => {
      fireEvent.click(screen.getByTestId('rescan'));
    });
    expect(screen.getByTestId('rescan-result').textContent).toContain(
      '4 cases and 7 slides found.',
    );
  });

  it('checks the cache budget before saving it', async () => {
    const { fake } = await openSettings();
    const input = screen.getByTestId('cache-budget');
    fireEvent.change(input, { target: { value: '0' } });
    await settle(() => {
      fireEvent.click(screen.getByTestId('cache-save'));
    });
    expect(screen.getByText('Enter a number between 0.1 and 100000.')).toBeTruthy();
    fireEvent.change(input, { target: { value: '2,5' } });
    await settle(() => {
      fireEvent.click(screen.getByTestId('cache-save'));
    });
    expect(fake.settings().cacheBudgetGB).toBe(2.5);
  });

  it('toggles the demo library', async () => {
    const { fake } = await openSettings();
    await settle(() => {
      fireEvent.click(screen.getByTestId('show-demo'));
    });
    expect(fake.settings().showDemo).toBe(false);
  });
});
