import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Archive } from '../../../../electron/common/contract';
import { formatDateTime } from '../../i18n';
import { archiveTestKey } from '../../i18n/errorText';
import { useAppStore } from '../../state/StoreContext';
import type { ErrorInfo } from '../../state/types';
import { ErrorDetails, ErrorText } from '../shell/ErrorText';
import { ArchiveForm } from './ArchiveForm';

const NO_ARCHIVES: Archive[] = [];

function ArchiveRow({
  archive,
  editing,
  onEdit,
}: {
  archive: Archive;
  editing: boolean;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const removeArchive = useAppStore((s) => s.removeArchive);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const remove = async () => {
    const outcome = await removeArchive(archive.id);
    if (!outcome.ok) setError(outcome.error);
  };
  return (
    <li
      className={`archive-row${editing ? ' archive-row-editing' : ''}`}
      data-testid="archive-row"
      data-archive-id={archive.id}
      data-state={archive.state}
    >
      <div className="archive-main">
        <div className="archive-title">
          <span className="archive-name">{archive.name}</span>
          <span
            className={`archive-state archive-state-${archive.state}`}
            data-testid="archive-state"
          >
            <span className="connection-dot" aria-hidden="true" />
            {t(`archives.state.${archive.state}`)}
          </span>
        </div>
        <code className="archive-url">{archive.baseUrl}</code>
        {(archive.state === 'offline' || archive.state === 'unauthorized') && (
          <span className="archive-problem">
            {t(archiveTestKey(archive.state === 'offline' ? 'unavailable' : 'unauthorized'))}
          </span>
        )}
        {archive.message && archive.state !== 'online' && (
          <span data-testid="archive-message">
            <ErrorDetails message={archive.message} />
          </span>
        )}
        <span className="archive-facts">
          {archive.lastSyncAt
            ? t('archives.lastSync', { time: formatDateTime(archive.lastSyncAt, language) })
            : t('archives.neverSynced')}
          {archive.pendingChanges > 0 && (
            <span className="archive-pending" data-testid="archive-pending">
              {' · '}
              {t('archives.pending', { count: archive.pendingChanges })}
            </span>
          )}
        </span>
        {error && (
          <p className="field-error" role="alert">
            <ErrorText error={error} />
          </p>
        )}
      </div>
      {confirming ? (
        <div
          className="archive-confirm"
          role="group"
          aria-label={t('archives.removeLabel', { name: archive.name })}
        >
          <span>{t('archives.removeConfirm', { name: archive.name })}</span>
          <button
            type="button"
            className="button button-danger"
            onClick={() => void remove()}
            data-testid="archive-remove-confirm"
          >
            {t('archives.removeYes')}
          </button>
          <button type="button" className="button" autoFocus onClick={() => setConfirming(false)}>
            {t('archives.removeNo')}
          </button>
        </div>
      ) : (
        <div className="archive-actions">
          <button
            type="button"
            className="button"
            aria-label={t('archives.editLabel', { name: archive.name })}
            onClick={onEdit}
            data-testid="archive-edit"
          >
            {t('archives.edit')}
          </button>
          <button
            type="button"
            className="button button-quiet"
            aria-label={t('archives.removeLabel', { name: archive.name })}
            onClick={() => setConfirming(true)}
            data-testid="archive-remove"
          >
            {t('archives.remove')}
          </button>
        </div>
      )}
    </li>
  );
}

/**
 * The DICOMweb archives in Settings: each with its state (from the polled status), last
 * synchronisation and changes waiting to be sent; how passwords are kept on this computer;
 * a form to add or edit one; "Synchronise now".
 */
export function Archives() {
  const { t } = useTranslation();
  const archives = useAppStore((s) => s.status?.archives ?? NO_ARCHIVES);
  const syncing = useAppStore((s) => s.syncing);
  const syncArchives = useAppStore((s) => s.syncArchives);
  const secretStorage = useAppStore((s) => s.appInfo?.secretStorage ?? null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const editing = archives.find((a) => a.id === editingId) ?? null;
  return (
    <fieldset className="settings-group" data-testid="archives">
      <legend>{t('archives.title')}</legend>
      <p className="help-text">{t('archives.help')}</p>
      {secretStorage && (
        // Where passwords and tokens really are: the OS keychain, obfuscated, or plain.
        <p className="help-text" data-testid="archive-secret-storage" data-storage={secretStorage}>
          {secretStorage !== 'keychain' && <span aria-hidden="true">⚠ </span>}
          {t(`archives.secretStorage.${secretStorage}`)}
        </p>
      )}
      {archives.length === 0 ? (
        <p className="muted">{t('archives.none')}</p>
      ) : (
        <ul className="archive-list" aria-label={t('archives.listLabel')}>
          {archives.map((a) => (
            <ArchiveRow
              key={a.id}
              archive={a}
              editing={a.id === editingId}
              onEdit={() => setEditingId(a.id)}
            />
          ))}
        </ul>
      )}
      {archives.length > 0 && (
        <div className="rescan-row">
          <button
            type="button"
            className="button"
            disabled={syncing}
            onClick={() => void syncArchives()}
            data-testid="archive-sync"
          >
            {syncing ? t('archives.syncing') : t('archives.sync')}
          </button>
          {editing && (
            <button
              type="button"
              className="button button-quiet"
              onClick={() => setEditingId(null)}
              data-testid="archive-add"
            >
              + {t('archives.add')}
            </button>
          )}
        </div>
      )}
      <ArchiveForm
        archive={editing}
        onSaved={(a) => setEditingId(a.id)}
        onCancel={editing ? () => setEditingId(null) : null}
      />
    </fieldset>
  );
}
