import { useTranslation } from 'react-i18next';
import { useAppStore, useWindowKind } from '../../state/StoreContext';
import { openInNewWindow } from '../windows/newWindow';
import { ConnectionStatus } from '../connection/ConnectionStatus';
import { DownloadsMenu } from '../downloads/DownloadsMenu';
import { UserMenu } from '../users/UserMenu';

export function TopBar() {
  const { t } = useTranslation();
  const route = useAppStore((s) => s.route);
  const navigate = useAppStore((s) => s.navigate);
  const openSettings = useAppStore((s) => s.openSettings);
  const closeSettings = useAppStore((s) => s.closeSettings);
  const setCheatSheetOpen = useAppStore((s) => s.setCheatSheetOpen);
  const onWorklist = route.name === 'worklist';
  // Electron opens its windows from the main process; the web host's tab opens its own.
  const canOpenWindows = useWindowKind() === 'web';
  return (
    <header className="topbar">
      <div className="topbar-brand" aria-hidden="true">
        <span className="topbar-logo" />
        {t('app.title')}
      </div>
      <div className="topbar-tools">
        <ConnectionStatus />
        <DownloadsMenu />
        <UserMenu />
      </div>
      <nav className="topbar-nav" aria-label={t('app.mainNav')}>
        <button
          type="button"
          className="topbar-link"
          aria-current={onWorklist ? 'page' : undefined}
          data-testid="nav-worklist"
          onClick={() => navigate({ name: 'worklist' })}
        >
          {t('app.worklist')}
        </button>
        <button
          type="button"
          className="topbar-link"
          aria-current={route.name === 'settings' ? 'page' : undefined}
          data-testid="nav-settings"
          onClick={() => (route.name === 'settings' ? closeSettings() : openSettings())}
        >
          {t('app.settings')}
        </button>
        {canOpenWindows && (
          <button
            type="button"
            className="topbar-link"
            title={t('app.newWindowHint')}
            data-testid="nav-new-window"
            onClick={() => void openInNewWindow(window)}
          >
            {t('app.newWindow')}
          </button>
        )}
        <button
          type="button"
          className="topbar-link topbar-help"
          aria-label={t('app.shortcuts')}
          title={t('app.shortcuts')}
          data-testid="nav-shortcuts"
          onClick={() => setCheatSheetOpen(true)}
        >
          ?
        </button>
      </nav>
    </header>
  );
}
