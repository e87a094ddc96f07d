/** The scale bar of a viewport in jsdom: its length from the magnification, its readout. */
import { render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n';
import { createAppStore } from '../../state/store';
import { StoreProvider } from '../../state/StoreContext';
import { createFakeApi } from '../../testing/fakeApi';
import { ScaleBarOverlay } from './ViewerOverlays';

async function show(language: 'en' | 'fr', magnification: number | null, compact: boolean) {
  const fake = createFakeApi({ settings: { language } });
  const store = createAppStore({ api: fake.api, tileBase: '/tiles', browserLocale: 'en-GB' });
  await store.getState().loadSettings();
  render(
    <StoreProvider store={store} tileBase="/tiles">
      <I18nextProvider i18n={createI18n(store.getState().language)}>
        <ScaleBarOverlay magnification={magnification} compact={compact} />
      </I18nextProvider>
    </StoreProvider>,
  );
}

describe('ScaleBarOverlay', () => {
  it('alone in the viewer: up to 160 px, no magnification (the toolbar has it)', async () => {
    // 10×: 1 µm per screen pixel, so 100 µm is the longest round length within 160 px.
    await show('en', 10, false);
    const bar = screen.getByTestId('scale-bar');
    expect(bar.dataset.microns).toBe('100');
    expect(Number(bar.dataset.px)).toBe(100);
    expect(bar.textContent).toBe('100 µm');
    expect(screen.queryByTestId('viewport-magnification')).toBeNull();
  });

  it('beside other viewports: shorter, with its own magnification, in French', async () => {
    // 8.02×: 1.247 µm per screen pixel; within 90 px (112 µm), 100 µm over 80.2 px.
    await show('fr', 8.02, true);
    const bar = screen.getByTestId('scale-bar');
    expect(bar.dataset.microns).toBe('100');
    expect(Number(bar.dataset.px)).toBeCloseTo(80.2, 1);
    expect(screen.getByTestId('viewport-magnification').textContent).toBe('8,02×');
    expect(bar.getAttribute('aria-label')).toBe(
      'Barre d’échelle\u00a0: 100 µm, grossissement 8,02×',
    );
  });

  it('shows nothing while the magnification is unknown (no pixel size)', async () => {
    await show('en', null, true);
    expect(screen.queryByTestId('scale-bar')).toBeNull();
  });
});
