import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/StoreContext';
import type { ConnectionState } from '../../state/statusLogic';
import { useConnection } from './useConnection';

/**
 * A dot and a word in the top bar: is the archive there? Colour, shape and word all change
 * (never colour alone). Opens the settings, where the archives are.
 */
export function ConnectionStatus() {
  const { t } = useTranslation();
  const connection = useConnection();
  const archives = useAppStore((s) => s.status?.archives ?? null);
  const serviceDown = useAppStore((s) => s.statusError !== null);
  const openSettings = useAppStore((s) => s.openSettings);
  const state: ConnectionState = serviceDown ? 'unknown' : connection.state;
  const text = serviceDown ? t('connection.serviceDown') : t(`connection.${state}`);
  const details =
    archives === null || archives.length === 0
      ? t('connection.noneHint')
      : archives
          .map((a) =>
            t('connection.archiveLine', { name: a.name, state: t(`archives.state.${a.state}`) }),
          )
          .join('\n');
  return (
    <button
      type="button"
      className={`connection-status connection-${state}`}
      data-testid="connection-status"
      data-state={state}
      aria-label={`${t('connection.label')}: ${text}`}
      title={details}
      onClick={openSettings}
    >
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-text">{text}</span>
    </button>
  );
}
