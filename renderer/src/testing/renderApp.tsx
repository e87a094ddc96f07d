/** Renders the whole app over a fake api, for component tests in jsdom. */
import { act, fireEvent, render } from '@testing-library/react';
import { App } from '../App';
import { createI18n } from '../i18n';
import { createAppStore } from '../state/store';
import { StoreProvider } from '../state/StoreContext';
import type { FakeApiOptions } from './fakeApi';
import { createFakeApi } from './fakeApi';

export async function renderApp(options: FakeApiOptions = {}) {
  const fake = createFakeApi({ systemLocale: 'en-GB', ...options });
  const store = createAppStore({ api: fake.api, tileBase: '/tiles', browserLocale: 'en-GB' });
  await store.getState().loadSettings();
  await store.getState().loadCases();
  const i18n = createI18n(store.getState().language);
  // jsdom keeps one window per file: start every app on a clean address (the worklist).
  window.history.replaceState(null, '', '/');
  const view = render(
    <StoreProvider store={store} tileBase="/tiles">
      <App i18n={i18n} />
    </StoreProvider>,
  );
  // Let effects (language sync) settle.
  await act(async () => {});
  return { ...view, store, fake, i18n };
}

/** Every interactive control without an accessible name (none is the only right answer). */
export function unnamedControls(root: HTMLElement): string[] {
  const controls = root.querySelectorAll<HTMLElement>(
    'button, input, select, textarea, [role="grid"]',
  );
  const missing: string[] = [];
  for (const el of controls) {
    const labelled = el.getAttribute('aria-labelledby');
    const name =
      el.getAttribute('aria-label') ??
      (labelled ? document.getElementById(labelled)?.textContent : null) ??
      ((el as HTMLInputElement).labels?.[0]?.textContent || null) ??
      (el.tagName === 'BUTTON' ? el.textContent : null);
    if (!name || !name.trim()) missing.push(el.outerHTML.slice(0, 120));
  }
  return missing;
}

/** Runs `fn` (events) inside act() and lets the promises it started settle. */
export async function settle(fn: () => void = () => {}): Promise<void> {
  await act(async () => {
    fn();
    await Promise.resolve();
  });
}

/** A keydown on the focused element (or the body), as a user would press it. */
export function press(key: string, init: KeyboardEventInit = {}): Promise<void> {
  return settle(() => {
    fireEvent.keyDown(document.activeElement ?? document.body, { key, ...init });
  });
}
