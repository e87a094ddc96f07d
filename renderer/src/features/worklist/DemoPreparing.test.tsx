import { describe, expect, it } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { App } from '../../App';
import { createI18n } from '../../i18n';
import { StoreProvider } from '../../state/StoreContext';
import { createAppStore } from '../../state/store';
import { createFakeApi } from '../../testing/fakeApi';
import type { Status } from '../../../../electron/common/contract';

describe('first start', () => {
  it('says the demo library is being prepared, with its progress, instead of "Loading cases…"', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let progress: Status['demoLibrary'] = { done: 3, total: 12 };
    const base = createFakeApi({ systemLocale: 'en-GB' });
    const fake = createFakeApi({
      systemLocale: 'en-GB',
      handlers: {
        listCases: async () => {
          await gate;
          return base.api.listCases({});
        },
        getStatus: async () => ({ ...(await base.api.getStatus({})), demoLibrary: progress }),
      },
    });
    const store = createAppStore({ api: fake.api, tileBase: '/tiles', browserLocale: 'en-GB' });
    await store.getState().loadSettings();
    const loading = store.getState().loadCases();
    await store.getState().pollStatus();
    window.history.replaceState(null, '', '/');
    render(
      <StoreProvider store={store} tileBase="/tiles">
        <App i18n={createI18n(store.getState().language)} />
      </StoreProvider>,
    );
    await act(async () => {});
    const notice = screen.getByTestId('demo-preparing');
    expect(notice.textContent).toContain('Preparing the demo library: slide 3 of 12…');
    expect(notice.querySelector('progress')?.value).toBe(3);
    expect(screen.queryByText('Loading cases…')).toBeNull();

    progress = null;
    release();
    await act(async () => {
      await loading;
      await store.getState().pollStatus();
    });
    expect(screen.queryByTestId('demo-preparing')).toBeNull();
    expect(screen.getAllByTestId('worklist-row').length).toBeGreaterThan(0);
  });
});
