import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Geometry } from '../../../../electron/common/annotations/geometry';
import { boundsOf } from '../../../../electron/common/annotations/geometry';
import type { Language } from '../../../../electron/common/contract';
import { useAppStore, useStoreApi } from '../../state/StoreContext';
import type { ErrorInfo } from '../../state/types';
import { ErrorText } from '../shell/ErrorText';
import { layerVisibility } from './aiLayers';
import { sceneOf } from './aiOverlayClient';
import { LayerList } from './AiLayerList';
import { ArchiveAnnotations } from './ArchiveAnnotations';
import { HeatmapImport } from './HeatmapImport';
import { className } from './labels';
import './aiOverlay.css';

const where = (g: Geometry, language: Language) => {
  const b = boundsOf(g);
  const n = (v: number) => Math.round(v).toLocaleString(language);
  return {
    position: `${n((b.minX + b.maxX) / 2)}, ${n((b.minY + b.maxY) / 2)} px`,
    size: g.type === 'point' ? null : `${n(b.maxX - b.minX)} × ${n(b.maxY - b.minY)} px`,
  };
};

/** What is known of the selected detection or archive object, and its review buttons. */
function Selection() {
  const { t } = useTranslation();
  const store = useStoreApi();
  const selection = useAppStore((x) => x.aiSelection);
  const annotations = useAppStore((x) => x.annotations);
  const archiveObjects = useAppStore((x) => x.archiveObjects);
  const classes = useAppStore((x) => x.annotationClasses);
  const language = useAppStore((x) => x.language);
  const [error, setError] = useState<ErrorInfo | null>(null);
  if (!selection) return null;
  const rows: [string, string][] = [];
  let actions: React.ReactNode;
  if (selection.source === 'detection') {
    const d = annotations.find((a) => a.id === selection.id);
    if (!d) return null;
    const cls = classes.find((c) => c.id === d.classId);
    const place = where(d.geometry, language);
    rows.push([t('ai.class'), className(cls, language, t)]);
    if (d.detectionStatus) rows.push([t('ai.review'), t(`ai.status.${d.detectionStatus}`)]);
    rows.push([t('ai.position'), place.position]);
    if (place.size) rows.push([t('ai.size'), place.size]);
    for (const [name, value] of Object.entries(d.measurements))
      rows.push([name, value.toLocaleString(language, { maximumSignificantDigits: 4 })]);
    if (d.name) rows.push([t('annotations.name'), d.name]);
    rows.push([t('ai.importedBy'), d.author]);
    const review = (status: 'accepted' | 'rejected' | 'pending') =>
      void store
        .getState()
        .reviewDetection(d.id, status)
        .then((e) => setError(e ?? null));
    actions = (
      <>
        <div className="ai-review">
          {d.detectionStatus !== 'rejected' ? (
            <>
              <button
                type="button"
                className="button button-primary"
                onClick={() => review('accepted')}
                data-testid="ai-accept"
              >
                {t('ai.accept')}
              </button>
              <button
                type="button"
                className="button"
                onClick={() => review('rejected')}
                data-testid="ai-reject"
              >
                {t('ai.reject')}
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button"
              onClick={() => review('pending')}
              data-testid="ai-reset"
            >
              {t('ai.reset')}
            </button>
          )}
        </div>
        <p className="muted ai-hint">{t('ai.acceptHint')}</p>
      </>
    );
  } else {
    const o = archiveObjects.find((x) => x.sopInstanceUID === selection.sopInstanceUID);
    const g = o?.groups[selection.group];
    const shape = g?.geometries[selection.shape];
    if (!o || !g || !shape) return null;
    const place = where(shape, language);
    rows.push([t('ai.group'), g.label]);
    if (g.classId)
      rows.push([
        t('ai.class'),
        className(
          classes.find((c) => c.id === g.classId),
          language,
          t,
        ),
      ]);
    rows.push([t('ai.position'), place.position]);
    if (place.size) rows.push([t('ai.size'), place.size]);
    if (g.algorithm) rows.push([t('ai.algorithm'), `${g.algorithm.name} ${g.algorithm.version}`]);
    if (o.creatorName) rows.push([t('ai.madeBy'), o.creatorName]);
    if (o.contentDateTime)
      rows.push([t('ai.date'), new Date(o.contentDateTime).toLocaleString(language)]);
    actions = <p className="muted ai-hint">{t('ai.readOnly')}</p>;
  }
  return (
    <section
      className="annotation-section"
      aria-labelledby="ai-selected-title"
      data-testid="ai-selection"
    >
      <div className="ai-row-title">
        <h3 id="ai-selected-title">{t('ai.selected')}</h3>
        <button
          type="button"
          className="link-button"
          onClick={() => store.getState().selectAi(null)}
        >
          {t('ai.closeSelection')}
        </button>
      </div>
      <dl className="ai-properties">
        {rows.map(([k, v], i) => (
          <div key={`${k}-${i}`}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {actions}
      {error && (
        <p className="annotation-form-error" role="alert">
          <ErrorText error={error} />
        </p>
      )}
    </section>
  );
}

/**
 * The AI overlay's controls over the slide: detections by class (shown or not, how many),
 * rejected ones on request, opacity, heatmaps, the selected object with accept and reject,
 * and, for an archive slide, "Save to archive" and the archive's annotation objects.
 * Collapses to one button.
 */
export function DetectionsPanel({ fromArchive }: { fromArchive: boolean }) {
  const { t } = useTranslation();
  // Open when there is something to see; otherwise one button (which leads to the import).
  const [opened, setOpen] = useState<boolean | null>(null);
  const annotations = useAppStore((s) => s.annotations);
  const archiveObjects = useAppStore((s) => s.archiveObjects);
  const classes = useAppStore((s) => s.annotationClasses);
  const hidden = useAppStore((s) => s.hiddenAiLayers);
  const showRejected = useAppStore((s) => s.showRejected);
  const shownObjects = useAppStore((s) => s.shownArchiveObjects);
  const opacity = useAppStore((s) => s.aiOpacity);
  const heatmapOpacity = useAppStore((s) => s.heatmapOpacity);
  const heatmaps = useAppStore((s) => s.heatmaps);
  const hiddenHeatmaps = useAppStore((s) => s.hiddenHeatmaps);
  const state = useStoreApi().getState;
  const scene = useMemo(
    () => sceneOf(annotations, archiveObjects, classes),
    [annotations, archiveObjects, classes],
  );
  const detectionLayers = scene.layers.filter((l) => l.source !== 'archive');
  const visible = layerVisibility(scene.layers, hidden, showRejected, shownObjects);
  const pending = detectionLayers
    .filter((l) => l.source === 'detection')
    .reduce((n, l) => n + l.count, 0);
  const hasRejected = detectionLayers.some((l) => l.source === 'rejected');
  const nothing = detectionLayers.length === 0 && heatmaps.length === 0 && !fromArchive;

  const open = opened ?? !nothing;
  if (!open) {
    return (
      <button
        type="button"
        className="button ai-panel-toggle"
        aria-expanded="false"
        onClick={() => setOpen(true)}
        data-testid="ai-panel-toggle"
      >
        {t('ai.panel')}
        {pending > 0 && <span className="muted"> · {t('ai.toReview', { count: pending })}</span>}
      </button>
    );
  }
  return (
    <aside className="ai-panel" aria-label={t('ai.panel')} data-testid="ai-panel">
      <header className="ai-row-title">
        <h2>{t('ai.panel')}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('ai.hidePanel')}
          title={t('ai.hidePanel')}
          aria-expanded="true"
          onClick={() => setOpen(false)}
        >
          ×
        </button>
      </header>
      {detectionLayers.length > 0 && (
        <section className="annotation-section" aria-labelledby="ai-detections-title">
          <div className="ai-row-title">
            <h3 id="ai-detections-title">{t('ai.detections')}</h3>
            <span className="muted" data-testid="ai-to-review">
              {t('ai.toReview', { count: pending })}
            </span>
          </div>
          <LayerList layers={scene.layers} visible={visible} only={(l) => l.source !== 'archive'} />
          {hasRejected && (
            <label className="ai-check">
              <input
                type="checkbox"
                checked={showRejected}
                onChange={(e) => state().setShowRejected(e.target.checked)}
              />
              {t('ai.showRejected')}
            </label>
          )}
          <label className="ai-slider">
            <span>{t('ai.opacity')}</span>
            <input
              type="range"
              min={0}
              max={100}
              step={5}
              value={Math.round(opacity * 100)}
              onChange={(e) => state().setAiOpacity(Number(e.target.value) / 100)}
              data-testid="ai-opacity"
            />
          </label>
        </section>
      )}
      {nothing && <p className="muted ai-hint">{t('ai.empty')}</p>}
      <section className="annotation-section" aria-labelledby="ai-heatmaps-title">
        <h3 id="ai-heatmaps-title">{t('ai.heatmaps')}</h3>
        {heatmaps.length > 0 && (
          <ul className="class-filter">
            {heatmaps.map((h) => {
              const off = hiddenHeatmaps.includes(h.id);
              const label = t(off ? 'ai.showLayer' : 'ai.hideLayer', { name: h.name });
              return (
                <li key={h.id} className={off ? 'class-row is-hidden' : 'class-row'}>
                  <span className="class-swatch ai-heatmap-swatch" aria-hidden="true" />
                  <span
                    className="class-name"
                    title={t('ai.heatmapCells', { width: h.gridWidth, height: h.gridHeight })}
                  >
                    {h.name}
                  </span>
                  <button
                    type="button"
                    className="icon-button class-eye"
                    aria-label={t('ai.deleteHeatmap', { name: h.name })}
                    title={t('ai.deleteHeatmap', { name: h.name })}
                    onClick={() => void state().deleteHeatmap(h.id)}
                  >
                    ×
                  </button>
                  <button
                    type="button"
                    className="icon-button class-eye"
                    aria-label={label}
                    title={label}
                    aria-pressed={!off}
                    onClick={() => state().toggleHeatmap(h.id)}
                  >
                    {off ? '◌' : '◉'}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {heatmaps.length > 0 && <p className="muted ai-hint">{t('ai.heatmapLegend')}</p>}
        {heatmaps.length > 0 && (
          <label className="ai-slider">
            <span>{t('ai.heatmapOpacity')}</span>
            <input
              type="range"
              min={0}
              max={100}
              step={5}
              value={Math.round(heatmapOpacity * 100)}
              onChange={(e) => state().setHeatmapOpacity(Number(e.target.value) / 100)}
              data-testid="ai-heatmap-opacity"
            />
          </label>
        )}
        <HeatmapImport />
      </section>
      <Selection />
      {fromArchive && <ArchiveAnnotations layers={scene.layers} visible={visible} />}
    </aside>
  );
}
