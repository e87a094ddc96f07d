import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { I18nextProvider } from 'react-i18next';
import { createI18n } from '../../i18n';
import { createAppStore } from '../../state/store';
import { StoreProvider } from '../../state/StoreContext';
import type { Api } from '../../../../electron/common/contract';
import { RecoveryBanner } from './RecoveryBanner';

function setup(recovery: unknown) {
  const store = createAppStore({
    api: {} as Api,
    tileBase: '/tiles',
    browserLocale: 'en-GB',
  });
  store.setState({
    appInfo: {
      version: '1',
      systemLocale: 'en',
      dataDir: '/d',
      secretStorage: 'plain',
      databaseRecovery: recovery,
    } as never,
  });
  render(
    <StoreProvider store={store} tileBase="/tiles">
      <I18nextProvider i18n={createI18n('en')}>
        <RecoveryBanner />
      </I18nextProvider>
    </StoreProvider>,
  );
}

describe('RecoveryBanner', () => {
  it('says the database was damaged, which backup is in use, and goes when read', () => {
    sessionStorage.clear();
    setup({
      outcome: 'restored',
      at: '2026-12-03T08:00:00Z',
      damagedFile: 'workstation.db.damaged-20261203T080000Z',
      backupFile: 'workstation-2026-12-02.db',
      backupTakenAt: '2026-12-02T08:00:00Z',
    });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(/found damaged/);
    expect(alert.textContent).toContain('workstation.db.damaged-20261203T080000Z');
    expect(alert.textContent).toMatch(/backup of .* is in use/);
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Understood' }));
    });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says when there was no backup, and shows nothing after a clean start', () => {
    sessionStorage.clear();
    setup({
      outcome: 'empty',
      at: '2026-12-03T08:00:00Z',
      damagedFile: 'workstation.db.damaged-x',
      backupFile: null,
      backupTakenAt: null,
    });
    expect(screen.getByRole('alert').textContent).toMatch(/no backup/);
  });
});
