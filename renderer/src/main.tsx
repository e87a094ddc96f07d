import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Connection } from './api/transport';
import { SessionError, connect } from './api/transport';
import { App } from './App';
import { NoSession } from './features/connection/NoSession';
import { createI18n } from './i18n';
import { resolveLanguage } from './i18n/language';
import { createAppStore } from './state/store';
import { StoreProvider } from './state/StoreContext';
import { allowTestHook } from './viewer/testHook';
import './styles/theme.css';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

function start(connection: Connection) {
  if (connection.testHooks) allowTestHook();
  const store = createAppStore({
    api: connection.api,
    tileBase: connection.tileBase,
    // The user's languages (in Electron too: Chromium takes them from the system).
    browserLocale: navigator.languages,
  });
  const i18n = createI18n(store.getState().language);
  createRoot(root!).render(
    <StrictMode>
      <StoreProvider store={store} tileBase={connection.tileBase} windowKind={connection.kind}>
        <App i18n={i18n} />
      </StoreProvider>
    </StrictMode>,
  );
  void store.getState().loadSettings();
  void store.getState().loadCases();
}

connect(window).then(start, (e: unknown) => {
  const i18n = createI18n(resolveLanguage(null, navigator.languages));
  createRoot(root).render(
    <NoSession i18n={i18n} reason={e instanceof SessionError ? e.code : 'unavailable'} />,
  );
});
