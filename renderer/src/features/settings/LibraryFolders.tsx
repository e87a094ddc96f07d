import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../state/types';
import { useAppStore } from '../../state/StoreContext';
import { ErrorDetails, ErrorText } from '../shell/ErrorText';
import { isErrorReason } from '../../../../electron/common/errors';
import type { FolderScanError } from '../../../../electron/common/contract';
import { errorReasonKey } from '../../i18n/errorText';

/** From contract.ts: SettingsSchema.libraryFolders.max(32). */
const MAX_FOLDERS = 32;

type Problem = { kind: 'local'; text: string } | { kind: 'engine'; error: ErrorInfo };

/**
 * Library folders typed as paths (the contract has no folder dialog yet): add, remove,
 * rescan. The engine refuses a folder it cannot read (missing, a file, not readable) and
 * saves nothing; its reason is shown beside the field. A folder already listed that a
 * rescan cannot read (a drive unplugged since) is marked in the list.
 */
export function LibraryFolders({ folders }: { folders: string[] }) {
  const { t } = useTranslation();
  const updateSettings = useAppStore((s) => s.updateSettings);
  const rescanLibrary = useAppStore((s) => s.rescanLibrary);
  const rescanStatus = useAppStore((s) => s.rescanStatus);
  const lastRescan = useAppStore((s) => s.lastRescan);
  const [path, setPath] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const add = async () => {
    const trimmed = path.trim();
    if (trimmed === '') return setProblem({ kind: 'local', text: t('settings.folderEmpty') });
    if (folders.includes(trimmed))
      return setProblem({ kind: 'local', text: t('settings.folderDuplicate') });
    if (folders.length >= MAX_FOLDERS) {
      return setProblem({ kind: 'local', text: t('settings.folderTooMany', { max: MAX_FOLDERS }) });
    }
    setBusy(true);
    const error = await updateSettings({ libraryFolders: [...folders, trimmed] }, { inline: true });
    setBusy(false);
    if (error) return setProblem({ kind: 'engine', error });
    setProblem(null);
    setPath('');
    await rescanLibrary();
  };

  const remove = async (folder: string) => {
    if ((await updateSettings({ libraryFolders: folders.filter((f) => f !== folder) })) === null) {
      await rescanLibrary();
    }
  };
  const scanError = (folder: string) => lastRescan?.errors.find((e) => e.path === folder);
  /** What the scan found wrong, in the user's language; the engine's words behind Details. */
  const scanText = (e: FolderScanError) => (
    <>
      {isErrorReason(e.reason) ? t(errorReasonKey(e.reason)) : t('settings.scanOther')}{' '}
      <ErrorDetails message={e.message} />
    </>
  );

  return (
    <fieldset className="settings-group" data-testid="library-folders">
      <legend>{t('settings.library')}</legend>
      <p className="help-text" id="library-help">
        {t('settings.libraryHelp')}
      </p>
      {folders.length === 0 ? (
        <p className="muted">{t('settings.noFolders')}</p>
      ) : (
        <ul className="folder-list">
          {folders.map((f) => {
            const error = scanError(f);
            return (
              <li
                key={f}
                data-testid="library-folder"
                data-path={f}
                data-error={error ? 'true' : undefined}
              >
                <div className="folder-entry">
                  <code>{f}</code>
                  {error && (
                    <span className="field-error" role="note">
                      <span aria-hidden="true">⚠ </span>
                      {scanText(error)}
                    </span>
                  )}
                </div>
                <button
                  type="button"
                  className="button button-quiet"
                  aria-label={t('settings.removeFolder', { path: f })}
                  onClick={() => void remove(f)}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <form
        className="folder-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <input
          type="text"
          className="text-input"
          value={path}
          aria-label={t('settings.folderPath')}
          aria-describedby="library-help folder-problem"
          aria-invalid={problem !== null}
          placeholder={t('settings.folderPlaceholder')}
          spellCheck={false}
          onChange={(e) => {
            setPath(e.target.value);
            setProblem(null);
          }}
          data-testid="folder-input"
        />
        <button type="submit" className="button" disabled={busy} data-testid="folder-add">
          {t('settings.addFolder')}
        </button>
      </form>
      <p id="folder-problem" className="field-error" role="alert" data-testid="folder-error">
        {problem?.kind === 'local' && problem.text}
        {problem?.kind === 'engine' && <ErrorText error={problem.error} />}
      </p>
      <div className="rescan-row">
        <button
          type="button"
          className="button"
          disabled={rescanStatus === 'loading'}
          onClick={() => void rescanLibrary()}
          data-testid="rescan"
        >
          {rescanStatus === 'loading' ? t('settings.rescanning') : t('settings.rescan')}
        </button>
        {lastRescan && rescanStatus === 'ready' && (
          <div role="status" data-testid="rescan-result">
            <span>
              {t('settings.rescanResult', { cases: lastRescan.cases, slides: lastRescan.slides })}
            </span>
            {lastRescan.errors.length > 0 && (
              <div className="rescan-errors">
                <span>{t('settings.rescanErrors')}</span>
                <ul>
                  {lastRescan.errors.map((e) => (
                    <li key={e.path}>
                      <code>{e.path}</code> — {scanText(e)}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </div>
        )}
      </div>
    </fieldset>
  );
}
