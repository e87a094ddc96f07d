import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_HPF_FIELD_DIAMETER_MM,
  countClassInArea,
} from '../../../../electron/common/annotations/counting';
import { formatArea, formatCount } from '../../../../electron/common/annotations/format';
import { isAreaGeometry } from '../../../../electron/common/annotations/geometry';
import type { ReportContent, ReportTemplate } from '../../../../electron/common/reports/model';
import { useAppStore } from '../../state/StoreContext';
import { errorInfo } from '../../state/types';
import type { ErrorInfo } from '../../state/types';
import { annotationLabels, className } from '../annotations/labels';
import { ErrorText } from '../shell/ErrorText';
import { measurementValue } from './insertText';
import type { SlideContext } from './ReportEditor';
import { composeSnapshot } from './snapshot';

interface Insertable {
  id: string;
  label: string;
  text: string;
}

/**
 * The row of actions above the sections: the template, a snapshot of the slide, a
 * measurement or a count from the slide's annotations, earlier versions, and signing.
 */
export function ReportTools({
  content,
  templates,
  slide,
  onTemplate,
  onInsert,
  onSnapshot,
  onVersions,
  onSign,
}: {
  content: ReportContent;
  templates: readonly ReportTemplate[];
  slide: SlideContext | null;
  onTemplate: (template: ReportTemplate | null, prefill: boolean) => void;
  onInsert: (text: string) => void;
  onSnapshot: (snapshotId: string) => void;
  onVersions: () => void;
  onSign: () => void;
}) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const api = useAppStore((s) => s.reportApi);
  const caseId = useAppStore((s) => s.openCase?.summary.id ?? null);
  const annotations = useAppStore((s) => s.annotations);
  const classes = useAppStore((s) => s.annotationClasses);
  const countClassId = useAppStore((s) => s.countClassId);
  const diameter = useAppStore(
    (s) => s.settings?.hpfFieldDiameterMm ?? DEFAULT_HPF_FIELD_DIAMETER_MM,
  );
  const magnification = useAppStore((s) => s.magnification);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const insertables: Insertable[] = [];
  if (slide) {
    const onSlide = annotations.filter(
      (a) => a.slideId === slide.slideId && a.objectType === 'annotation',
    );
    const labels = annotationLabels(onSlide, t);
    const spacing = slide.info.mpp;
    for (const a of onSlide) {
      const label = labels.get(a.id) ?? a.id;
      const value = measurementValue(a, spacing, language);
      if (value) {
        insertables.push({
          id: a.id,
          label: `${label} — ${value}`,
          text: t('report.insert.measurement', { what: label, value, slide: slide.name }),
        });
      }
      if (isAreaGeometry(a.geometry)) {
        const c = countClassInArea(onSlide, countClassId, a.geometry, spacing, diameter);
        if (c.count > 0) {
          const cls = className(
            classes.find((x) => x.id === countClassId),
            language,
            t,
          );
          const area = c.areaMm2 === null ? null : formatArea(c.areaMm2 * 1e6, true, language).text;
          const per10 = c.per10Hpf === null ? null : formatCount(c.per10Hpf, language);
          const text =
            area && per10
              ? t('report.insert.count', {
                  what: cls,
                  count: c.count,
                  area,
                  per10,
                  slide: slide.name,
                })
              : t('report.insert.countNoArea', { what: cls, count: c.count, slide: slide.name });
          insertables.push({ id: `${a.id}:count`, label: `${label} — ${cls} ${c.count}`, text });
        }
      }
    }
  }

  const takeSnapshot = async () => {
    const canvas = slide?.canvas();
    if (!slide || !canvas || caseId === null) return;
    setBusy(true);
    setError(null);
    try {
      const image = composeSnapshot(canvas, magnification, language);
      const caption = t('report.snapshotCaption', {
        slide: slide.name,
        bar: image.bar?.label ?? '',
      });
      const stored = await api.addReportSnapshot({
        caseId,
        slideId: slide.slideId,
        caption,
        imageBase64: image.base64,
      });
      onSnapshot(stored.id);
    } catch (e) {
      setError(errorInfo(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="report-tools">
      <label className="report-template">
        <span>{t('report.template')}</span>
        <select
          className="select"
          value={content.templateId ?? ''}
          title={templates.find((x) => x.id === content.templateId)?.name[language]}
          data-testid="report-template"
          onChange={(e) => {
            const next = templates.find((x) => x.id === e.target.value) ?? null;
            onTemplate(next, true);
          }}
        >
          <option value="">{t('report.noTemplate')}</option>
          {templates.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name[language]}
            </option>
          ))}
        </select>
      </label>
      <div className="report-tool-row">
        <button
          type="button"
          className="button"
          disabled={!slide || busy}
          onClick={() => void takeSnapshot()}
          title={slide ? t('report.snapshotHint') : t('report.needsSlide')}
          data-testid="report-snapshot"
        >
          {t('report.snapshot')}
        </button>
        <select
          className="select report-insert"
          value=""
          disabled={insertables.length === 0}
          aria-label={t('report.insert.hint')}
          title={slide ? t('report.insert.hint') : t('report.needsSlide')}
          data-testid="report-insert"
          onChange={(e) => {
            const item = insertables.find((x) => x.id === e.target.value);
            if (item) onInsert(item.text);
          }}
        >
          <option value="">{t('report.insert.label')}</option>
          {insertables.map((x) => (
            <option key={x.id} value={x.id}>
              {x.label}
            </option>
          ))}
        </select>
      </div>
      <div className="report-tool-row">
        <button type="button" className="button" onClick={onVersions} data-testid="report-versions">
          {t('report.versions.open')}
        </button>
        <button
          type="button"
          className="button button-primary report-sign"
          onClick={onSign}
          data-testid="report-sign"
        >
          {t('report.sign.open')}
        </button>
      </div>
      {error && (
        <div className="report-banner" role="alert">
          <ErrorText error={error} />
        </div>
      )}
    </div>
  );
}
