/**
 * The enlarged macro outlines the scanned area where the slide's source gives it, and says
 * in the user's language that the scanner did not give it otherwise.
 */
import { render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { SlideSummary } from '../../../../electron/common/contract';
import { createI18n } from '../../i18n';
import { createAppStore } from '../../state/store';
import { StoreProvider } from '../../state/StoreContext';
import { FAKE_SLIDES, createFakeApi } from '../../testing/fakeApi';
import { EnlargeDialog } from './EnlargeDialog';

const base = FAKE_SLIDES['C-routine-old']![0]!;

function show(slide: SlideSummary, name: 'macro' | 'label', language: 'en' | 'fr') {
  const store = createAppStore({
    api: createFakeApi({}).api,
    tileBase: '/tiles',
    browserLocale: language,
  });
  render(
    <StoreProvider store={store} tileBase="/tiles">
      <I18nextProvider i18n={createI18n(language)}>
        <EnlargeDialog slide={slide} name={name} onClose={() => undefined} />
      </I18nextProvider>
    </StoreProvider>,
  );
}

describe('EnlargeDialog', () => {
  it('outlines the scanned area on the macro, placed in fractions of the image, with its legend', () => {
    show({ ...base, scanArea: { x: 0.4, y: 0.2, width: 0.43, height: 0.6 } }, 'macro', 'fr');
    const outline = screen.getByTestId('scan-area-outline');
    expect(outline.style.left).toBe('40%');
    expect(outline.style.top).toBe('20%');
    expect(outline.style.width).toBe('43%');
    expect(outline.style.height).toBe('60%');
    expect(screen.getByTestId('scan-area-legend').textContent).toBe('Zone numérisée');
    expect(screen.queryByTestId('scan-area-unknown')).toBeNull();
  });

  it('says the scanner did not give it, and draws nothing, when the source is silent', () => {
    show({ ...base, scanArea: null }, 'macro', 'fr');
    expect(screen.queryByTestId('scan-area-outline')).toBeNull();
    expect(screen.getByTestId('scan-area-unknown').textContent).toBe(
      'Zone numérisée non indiquée par le scanner.',
    );
  });

  it('has no scanned area on the label', () => {
    show({ ...base, scanArea: { x: 0.4, y: 0.2, width: 0.43, height: 0.6 } }, 'label', 'en');
    expect(screen.queryByTestId('scan-area-outline')).toBeNull();
    expect(screen.queryByTestId('scan-area-unknown')).toBeNull();
  });
});
