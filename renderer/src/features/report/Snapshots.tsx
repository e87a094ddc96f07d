import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportSnapshot } from '../../../../electron/common/reports/model';
import { useAppStore } from '../../state/StoreContext';

/** The snapshots of the report as thumbnails, in the order they were taken. */
export function Snapshots({
  caseId,
  all,
  ids,
  onRemove,
}: {
  caseId: string;
  /** What the engine knows of the case's snapshots (captions); may lag behind `ids`. */
  all: readonly ReportSnapshot[];
  ids: readonly string[];
  onRemove?: (id: string) => void;
}) {
  const { t } = useTranslation();
  if (ids.length === 0) return null;
  return (
    <section
      className="report-snapshots"
      aria-label={t('report.snapshots')}
      data-testid="report-snapshots"
    >
      <h3 className="report-section-label">{t('report.snapshots')}</h3>
      <ul>
        {ids.map((id) => (
          <Thumbnail
            key={id}
            caseId={caseId}
            id={id}
            caption={all.find((s) => s.id === id)?.caption ?? ''}
            onRemove={onRemove}
          />
        ))}
      </ul>
    </section>
  );
}

function Thumbnail({
  caseId,
  id,
  caption,
  onRemove,
}: {
  caseId: string;
  id: string;
  caption: string;
  onRemove?: (id: string) => void;
}) {
  const { t } = useTranslation();
  const api = useAppStore((s) => s.reportApi);
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    api.getReportSnapshot({ caseId, snapshotId: id }).then(
      (image) => live && setSrc(`data:${image.mimeType};base64,${image.imageBase64}`),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [api, caseId, id]);
  return (
    <li className="report-snapshot" data-snapshot-id={id}>
      {src ? (
        <img src={src} alt={caption || t('report.snapshot')} />
      ) : (
        <span className="report-snapshot-missing">
          {failed ? t('report.snapshotMissing') : t('app.loading')}
        </span>
      )}
      {caption && <span className="report-snapshot-caption">{caption}</span>}
      {onRemove && (
        <button
          type="button"
          className="link-button"
          onClick={() => onRemove(id)}
          aria-label={t('report.removeSnapshot')}
        >
          {t('report.remove')}
        </button>
      )}
    </li>
  );
}
