import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Annotation } from '../../../../electron/common/contract';
import { useAppStore } from '../../state/StoreContext';
import { ErrorPanel } from '../shell/ErrorPanel';
import { AnnotationList } from './AnnotationList';
import { ClassFilter } from './ClassFilter';
import { CountSummary } from './CountSummary';
import { ImportExport } from './ImportExport';
import { className, annotationLabels } from './labels';
import { ToolIcon } from './ToolIcon';

/**
 * Beside the viewer: every annotation of the slide (its class, its measurement), the class
 * new ones get, classes to hide, the count, GeoJSON import and export. Collapses to a
 * narrow strip with one button.
 */
export function AnnotationPanel({
  onShow,
  fileName,
}: {
  onShow: (a: Annotation) => void;
  fileName: string;
}) {
  const { t } = useTranslation();
  const open = useAppStore((s) => s.annotationPanelOpen);
  const setOpen = useAppStore((s) => s.setAnnotationPanelOpen);
  const annotations = useAppStore((s) => s.annotations);
  const status = useAppStore((s) => s.annotationsStatus);
  const error = useAppStore((s) => s.annotationsError);
  const slideId = useAppStore((s) => s.annotationSlideId);
  const load = useAppStore((s) => s.loadAnnotations);
  const classes = useAppStore((s) => s.annotationClasses);
  const language = useAppStore((s) => s.language);
  const drawClassId = useAppStore((s) => s.drawClassId);
  const setDrawClass = useAppStore((s) => s.setDrawClass);
  const hidden = useAppStore((s) => s.hiddenClassIds);
  const drawn = useMemo(
    () => annotations.filter((a) => a.objectType === 'annotation'),
    [annotations],
  );
  // Detections still to review: rejected ones are done with (the AI panel counts the same).
  const detections = useMemo(
    () =>
      annotations.reduce(
        (n, a) => (a.objectType === 'detection' && a.detectionStatus !== 'rejected' ? n + 1 : n),
        0,
      ),
    [annotations],
  );
  const labels = useMemo(() => annotationLabels(annotations, t), [annotations, t]);
  const shown = useMemo(
    () => drawn.filter((a) => !hidden.includes(a.classId ?? '')),
    [drawn, hidden],
  );

  if (!open) {
    return (
      <aside className="annotation-panel is-collapsed" aria-label={t('annotations.panel')}>
        <button
          type="button"
          className="tool-button annotation-panel-toggle"
          aria-label={t('annotations.showPanel')}
          title={`${t('annotations.showPanel')} (N)`}
          aria-expanded="false"
          onClick={() => setOpen(true)}
          data-testid="annotation-panel-toggle"
        >
          <ToolIcon name="panel" />
        </button>
        <span className="annotation-panel-vertical" aria-hidden="true">
          {t('annotations.panel')} · {drawn.length}
        </span>
      </aside>
    );
  }
  return (
    <aside
      className="annotation-panel"
      aria-label={t('annotations.panel')}
      data-testid="annotation-panel"
    >
      <header className="annotation-panel-header">
        <h2>{t('annotations.panel')}</h2>
        <span className="muted" data-testid="annotation-total">
          {t('annotations.total', { count: drawn.length })}
        </span>
        <button
          type="button"
          className="icon-button"
          aria-label={t('annotations.hidePanel')}
          title={`${t('annotations.hidePanel')} (N)`}
          aria-expanded="true"
          onClick={() => setOpen(false)}
          data-testid="annotation-panel-toggle"
        >
          ×
        </button>
      </header>
      <div className="annotation-panel-body">
        <label className="annotation-editor-row annotation-draw-class">
          <span>{t('annotations.drawClass')}</span>
          <select
            className="select"
            value={drawClassId ?? ''}
            onChange={(e) => setDrawClass(e.target.value || null)}
            data-testid="draw-class"
          >
            <option value="">{t('annotations.noClass')}</option>
            {classes.map((c) => (
              <option key={c.id} value={c.id}>
                {className(c, language, t)}
              </option>
            ))}
          </select>
        </label>
        <CountSummary labels={labels} />
        {status === 'error' ? (
          <ErrorPanel
            title={t('annotations.loadFailed')}
            error={error}
            onRetry={slideId ? () => void load(slideId) : undefined}
          />
        ) : status === 'loading' && annotations.length === 0 ? (
          <p className="muted" role="status">
            {t('annotations.loading')}
          </p>
        ) : drawn.length === 0 ? (
          <p className="muted annotation-empty">{t('annotations.empty')}</p>
        ) : (
          <AnnotationList items={shown} labels={labels} onShow={onShow} />
        )}
        {detections > 0 && (
          <p className="muted">{t('annotations.detections', { count: detections })}</p>
        )}
        <ClassFilter items={drawn} />
        <ImportExport fileName={fileName} />
      </div>
    </aside>
  );
}
