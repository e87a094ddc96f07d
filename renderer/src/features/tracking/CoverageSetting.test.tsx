/** Settings → Slide tracking in jsdom over the fake engine: the threshold, within its bounds. */
import { fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n';
import { createAppStore } from '../../state/store';
import { StoreProvider } from '../../state/StoreContext';
import { createFakeApi } from '../../testing/fakeApi';
import { settle } from '../../testing/renderApp';
import { CoverageSetting } from './CoverageSetting';

async function setup(language: 'en' | 'fr') {
  const fake = createFakeApi({ settings: { language } });
  const store = createAppStore({ api: fake.api, tileBase: '/tiles', browserLocale: 'en-GB' });
  await store.getState().loadSettings();
  render(
    <StoreProvider store={store} tileBase="/tiles">
      <I18nextProvider i18n={createI18n(store.getState().language)}>
        <CoverageSetting />
      </I18nextProvider>
    </StoreProvider>,
  );
  return fake;
}

describe('CoverageSetting', () => {
  it('refuses a threshold outside 0-100 or not whole, and saves a good one', async () => {
    const fake = await setup('en');
    const field = screen.getByTestId<HTMLInputElement>('coverage-threshold');
    expect(field.value).toBe('80');
    for (const bad of ['101', '-5', '85.5', 'all']) {
      fireEvent.change(field, { target: { value: bad } });
      await settle(() => fireEvent.click(screen.getByTestId('coverage-threshold-save')));
      expect(screen.getByText('A whole number from 0 to 100')).toBeTruthy();
      expect(field.getAttribute('aria-invalid')).toBe('true');
    }
    fireEvent.change(field, { target: { value: ' 95 ' } });
    await settle(() => fireEvent.click(screen.getByTestId('coverage-threshold-save')));
    expect(fake.settings().coverageThresholdPct).toBe(95);
    expect(screen.getByText('Saved.')).toBeTruthy();
  });

  it('speaks French', async () => {
    await setup('fr');
    expect(screen.getByText('Seuil de couverture (tissu vu à ≥10×)')).toBeTruthy();
  });
});
