import { useTranslation } from 'react-i18next';
import type { EditorState } from './editorLock';
import { WindowIcon } from './WindowIcon';

/**
 * Where an editor would be while another window has it (or for the moment the lock takes
 * at start): the notice, and the button that brings the editor here.
 */
export function ReportElsewhere({
  state,
  onClaim,
}: {
  state: Exclude<EditorState, 'live'>;
  onClaim: () => void;
}) {
  const { t } = useTranslation();
  if (state === 'waiting') {
    return (
      <p className="placeholder" role="status">
        {t('app.loading')}
      </p>
    );
  }
  return (
    <div className="report-elsewhere" role="status" data-testid="report-elsewhere">
      <span className="report-elsewhere-icon">
        <WindowIcon size={28} />
      </span>
      <strong>{t('reportWindow.elsewhere')}</strong>
      <p className="muted">{t('reportWindow.elsewhereHint')}</p>
      <button type="button" className="button" onClick={onClaim} data-testid="report-bring-back">
        {t('reportWindow.bringBack')}
      </button>
    </div>
  );
}
