import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './api/transport';
import { App } from './App';
import { createI18n } from './i18n';
import { createAppStore } from './state/store';
import { StoreProvider } from './state/StoreContext';
import './styles/theme.css';
import './styles/app.css';

const connection = connect(window);
const store = createAppStore({
  api: connection.api,
  tileBase: connection.tileBase,
  browserLocale: navigator.language,
});
const i18n = createI18n(store.getState().language);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store} tileBase={connection.tileBase}>
      <App i18n={i18n} />
    </StoreProvider>
  </StrictMode>,
);

void store.getState().loadSettings();
void store.getState().loadCases();
