import { useEffect } from 'react';
import type { i18n as I18n } from 'i18next';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { startAddressSync } from './features/address/addressSync';
import { MissingView } from './features/address/MissingView';
import { CASE_CHANNEL, startCaseSync } from './features/windows/caseSync';
import { CaseView } from './features/case/CaseView';
import { OfflineBanner } from './features/connection/OfflineBanner';
import { RecoveryBanner } from './features/shell/RecoveryBanner';
import { useConnection } from './features/connection/useConnection';
import { useNetworkHint } from './features/connection/useNetworkHint';
import { useStatusPolling } from './features/connection/useStatusPolling';
import { SettingsView } from './features/settings/SettingsView';
import { CheatSheet } from './features/shell/CheatSheet';
import { ErrorBoundary } from './features/shell/ErrorBoundary';
import { ErrorPanel } from './features/shell/ErrorPanel';
import { Toasts } from './features/shell/Toasts';
import { TopBar } from './features/shell/TopBar';
import { useGlobalKeys } from './features/shell/useGlobalKeys';
import { UsersGate } from './features/users/UsersGate';
import { ReportScreen } from './features/reportWindow/ReportScreen';
import { ViewerScreen } from './features/viewer/ViewerScreen';
import { WorklistView } from './features/worklist/WorklistView';
import { localeOf } from './i18n/language';
import { useAppStore, useStoreApi } from './state/StoreContext';

/** Keeps i18next, <html lang> and the theme in step with the store. */
function useLanguageAndTheme(i18n: I18n): void {
  const language = useAppStore((s) => s.language);
  const theme = useAppStore((s) => s.theme);
  const offline = useConnection().state === 'offline';
  useEffect(() => {
    if (i18n.language !== language) void i18n.changeLanguage(language);
    document.documentElement.lang = localeOf(language);
  }, [i18n, language]);
  // The window title says "offline" too: it shows in the task bar when the window is hidden.
  useEffect(() => {
    const title = i18n.t('app.title', { lng: language });
    document.title = offline
      ? `${title} — ${i18n.t('connection.titleSuffix', { lng: language })}`
      : title;
  }, [i18n, language, offline]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}

function Screen() {
  const route = useAppStore((s) => s.route);
  switch (route.name) {
    case 'worklist':
      return <WorklistView />;
    case 'case':
      return <CaseView />;
    case 'slide':
      return <ViewerScreen />;
    case 'report':
      return <ReportScreen />;
    case 'settings':
      return <SettingsView />;
    case 'missing':
      return <MissingView />;
  }
}

function ScreenBoundary() {
  const { t } = useTranslation();
  const route = useAppStore((s) => s.route);
  const navigate = useAppStore((s) => s.navigate);
  return (
    <ErrorBoundary
      resetKey={JSON.stringify(route)}
      fallback={(error, reset) => (
        <ErrorPanel title={t('errors.screenFailed')} error={error} onRetry={reset}>
          <button type="button" className="button" onClick={() => navigate({ name: 'worklist' })}>
            {t('case.backToWorklist')}
          </button>
        </ErrorPanel>
      )}
    >
      <Screen />
    </ErrorBoundary>
  );
}

/** The URL's fragment follows the screen, and Back, Forward and reload work (features/address). */
function useAddress(): void {
  const store = useStoreApi();
  useEffect(() => startAddressSync(store, window), [store]);
}

/** Every window of the workstation shows the same case (features/windows/caseSync). */
function useSharedCase(): void {
  const store = useStoreApi();
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    return startCaseSync(store, new BroadcastChannel(CASE_CHANNEL));
  }, [store]);
}

export function App({ i18n }: { i18n: I18n }) {
  useLanguageAndTheme(i18n);
  useAddress();
  useSharedCase();
  useGlobalKeys();
  useStatusPolling();
  useNetworkHint();
  return (
    <I18nextProvider i18n={i18n}>
      <div className="app">
        <TopBar />
        <div className="banner-stack">
          <OfflineBanner />
          <RecoveryBanner />
        </div>
        <main className="app-main">
          <ScreenBoundary />
        </main>
        <Toasts />
        <CheatSheet />
        <UsersGate />
      </div>
    </I18nextProvider>
  );
}
