import { describe, it, expect } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { renderApp, settle, unnamedControls } from '../../testing/renderApp';

async function openSettings(options: Parameters<typeof renderApp>[0] = {}) {
  const app = await renderApp(options);
  await act(async () => {
    await app.store.getState().pollStatus();
  });
  await settle(() => {
    fireEvent.click(screen.getByTestId('nav-settings'));
  });
  return app;
}

const type = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } });

/** Clicks and lets the save → poll → test chain finish. */
async function clickAndWait(testId: string, until: () => boolean) {
  await settle(() => {
    fireEvent.click(screen.getByTestId(testId));
  });
  for (let i = 0; i < 20 && !until(); i++) await settle();
}

describe('archives in Settings', () => {
  it('checks the form before saving and says what is wrong, field by field', async () => {
    const { fake, container } = await openSettings();
    expect(unnamedControls(container)).toEqual([]);
    await settle(() => {
      type('archive-url', 'pacs.example.org');
      fireEvent.change(screen.getByTestId('archive-auth-kind'), { target: { value: 'basic' } });
    });
    await clickAndWait('archive-save', () => true);
    const form = screen.getByTestId('archive-form');
    expect(form.textContent).toContain('Give the archive a name.');
    expect(form.textContent).toContain('Enter an address starting with http:// or https://.');
    expect(form.textContent).toContain('Enter the user name.');
    expect(form.textContent).toContain('Enter the password.');
    expect(screen.getByTestId('archive-url').getAttribute('aria-invalid')).toBe('true');
    expect(fake.calls.some((c) => c.method === 'saveArchive')).toBe(false);
  });

  it('tests an archive without saving it, then saves what passed without asking', async () => {
    const { fake } = await openSettings();
    await settle(() => {
      type('archive-name', 'PACS Lille');
      type('archive-url', 'http://127.0.0.1:8042/dicom-web');
    });
    await clickAndWait('archive-test', () => screen.queryByTestId('archive-test-result') !== null);
    const result = screen.getByTestId('archive-test-result');
    expect(result.dataset.ok).toBe('true');
    expect(result.textContent).toContain('Connection OK');
    // Tested as typed: nothing saved, no archive listed yet.
    expect(fake.calls.filter((c) => c.method === 'testArchiveInput')).toHaveLength(1);
    expect(fake.calls.some((c) => c.method === 'saveArchive')).toBe(false);
    expect(screen.queryByTestId('archive-row')).toBeNull();

    await clickAndWait('archive-save', () => screen.queryByTestId('archive-row') !== null);
    expect(screen.queryByTestId('archive-save-anyway-confirm')).toBeNull();
    expect(fake.calls.filter((c) => c.method === 'saveArchive')).toHaveLength(1);
    expect(screen.getByTestId('archive-row').textContent).toContain('PACS Lille');
    expect(screen.getByTestId('archive-form').dataset.mode).toBe('edit');
  });

  it('a failed test changes nothing; saving then asks first, and Cancel saves nothing', async () => {
    const { fake, store } = await openSettings();
    await settle(() => {
      type('archive-name', 'VNA');
      type('archive-url', 'http://127.0.0.1:9/down');
    });
    await clickAndWait('archive-test', () => screen.queryByTestId('archive-test-result') !== null);
    expect(screen.getByTestId('archive-test-result').dataset.ok).toBe('false');
    expect(fake.engine.archives).toHaveLength(0);
    expect(store.getState().status?.online).toBe(true);

    await settle(() => {
      fireEvent.click(screen.getByTestId('archive-save'));
    });
    const confirm = screen.getByTestId('archive-save-anyway-confirm');
    await settle(() => {
      fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    });
    expect(screen.queryByTestId('archive-save-anyway-confirm')).toBeNull();
    expect(fake.calls.some((c) => c.method === 'saveArchive')).toBe(false);

    // "Save anyway" is the explicit way to keep an archive that did not answer.
    await settle(() => {
      fireEvent.click(screen.getByTestId('archive-save'));
    });
    await clickAndWait('archive-save-anyway-yes', () => fake.engine.archives.length === 1);
    expect(fake.engine.archives[0]?.name).toBe('VNA');
  });

  it('turns a failed test into a sentence, with the engine message as detail', async () => {
    await openSettings({ settings: { language: 'fr' } });
    await settle(() => {
      type('archive-name', 'VNA');
      type('archive-url', 'http://127.0.0.1:9/down');
    });
    await clickAndWait('archive-test', () => screen.queryByTestId('archive-test-result') !== null);
    const result = screen.getByTestId('archive-test-result');
    expect(result.dataset).toMatchObject({ ok: 'false', code: 'unavailable' });
    expect(result.textContent).toContain('L’archive est injoignable');
    // The engine's English stays behind "Détails" until asked for.
    const message = within(result).getByText('fetch failed: connect ECONNREFUSED');
    expect(message.hidden).toBe(true);
    await settle(() => {
      fireEvent.click(within(result).getByRole('button', { name: 'Détails' }));
    });
    expect(message.hidden).toBe(false);
  });

  it('never shows a stored password, keeps it when the field stays empty, and removes after confirming', async () => {
    const { fake } = await openSettings({ archive: true });
    const row = screen.getByTestId('archive-row');
    await settle(() => {
      fireEvent.click(within(row).getByTestId('archive-edit'));
    });
    expect(screen.getByTestId<HTMLInputElement>('archive-secret').value).toBe('');
    expect(screen.getByTestId('archive-secret-stored').textContent).toBe(
      'A password is stored. Leave empty to keep it.',
    );
    await settle(() => type('archive-name', 'PACS CHU 2'));
    // Changed and not tested: saving asks first.
    await settle(() => {
      fireEvent.click(screen.getByTestId('archive-save'));
    });
    await clickAndWait(
      'archive-save-anyway-yes',
      () => fake.engine.archives[0]?.name === 'PACS CHU 2',
    );
    const saved = fake.calls.filter((c) => c.method === 'saveArchive').at(-1)?.args;
    expect(saved).toEqual({
      id: 'A1',
      name: 'PACS CHU 2',
      baseUrl: 'http://127.0.0.1:8042/dicom-web',
      auth: { kind: 'basic', user: 'reader' },
    });
    expect(fake.engine.archives[0]?.hasSecret).toBe(true);

    await settle(() => {
      fireEvent.click(within(screen.getByTestId('archive-row')).getByTestId('archive-remove'));
    });
    expect(fake.engine.archives).toHaveLength(1); // asks first
    await clickAndWait(
      'archive-remove-confirm',
      () => screen.queryByTestId('archive-row') === null,
    );
    expect(fake.engine.archives).toHaveLength(0);
  });

  it('asks for the password again when the address changes, in English and in French', async () => {
    const expected = {
      en: 'Enter the password again: the address changed.',
      fr: 'Saisissez de nouveau le mot de passe\u00a0: l’adresse a changé.',
    };
    for (const language of ['en', 'fr'] as const) {
      const { fake, unmount } = await openSettings({ archive: true, settings: { language } });
      await settle(() => {
        fireEvent.click(within(screen.getByTestId('archive-row')).getByTestId('archive-edit'));
      });
      await settle(() => type('archive-url', 'https://elsewhere.example.org/dicom-web'));
      // The password stays with the old address: the form no longer offers to keep it.
      expect(screen.queryByTestId('archive-secret-stored')).toBeNull();
      await clickAndWait('archive-save', () => true);
      expect(screen.getByTestId('archive-form').textContent).toContain(expected[language]);
      expect(screen.getByTestId('archive-secret').getAttribute('aria-invalid')).toBe('true');
      expect(fake.calls.some((c) => c.method === 'saveArchive')).toBe(false);
      unmount();
    }
  });

  it('refuses a password inside the address', async () => {
    const { fake } = await openSettings();
    await settle(() => {
      type('archive-name', 'PACS');
      type('archive-url', 'http://reader:s3cret@127.0.0.1:8042/dicom-web');
    });
    await clickAndWait('archive-save', () => true);
    expect(screen.getByTestId('archive-form').textContent).toContain(
      'Do not put a user name or password in the address',
    );
    expect(fake.calls.some((c) => c.method === 'saveArchive')).toBe(false);
  });

  it('says truthfully where passwords and tokens are kept', async () => {
    const cases = [
      ['keychain', 'en', 'stored sealed by the operating system’s keychain'],
      ['obfuscated', 'en', 'only obfuscated on this system (no keyring available)'],
      ['plain', 'en', 'stored in plain text in the data folder'],
      ['keychain', 'fr', 'scellés par le trousseau du système d’exploitation'],
      ['obfuscated', 'fr', 'seulement masqués sur ce système (aucun trousseau disponible)'],
      ['plain', 'fr', 'en clair dans le dossier de données'],
    ] as const;
    for (const [secretStorage, language, text] of cases) {
      const { unmount } = await openSettings({
        settings: { language },
        handlers: {
          getAppInfo: () => ({
            version: '0.1.0-test',
            systemLocale: 'en-GB',
            dataDir: '/tmp/x',
            secretStorage,
          }),
        },
      });
      const note = screen.getByTestId('archive-secret-storage');
      expect(note.dataset.storage).toBe(secretStorage);
      expect(note.textContent).toContain(text);
      unmount();
    }
  }, 30_000); // six whole apps rendered in turn

  it('synchronises on demand', async () => {
    const { fake } = await openSettings({ archive: true });
    await clickAndWait('archive-sync', () => true);
    expect(fake.calls.some((c) => c.method === 'syncArchives')).toBe(true);
  });
});
