import { useTranslation } from 'react-i18next';
import { countClassInArea } from '../../../../electron/common/annotations/counting';
import { DEFAULT_HPF_FIELD_DIAMETER_MM } from '../../../../electron/common/annotations/counting';
import { formatArea, formatCount } from '../../../../electron/common/annotations/format';
import { isAreaGeometry } from '../../../../electron/common/annotations/geometry';
import { formatNumber } from '../../i18n';
import { useAppStore } from '../../state/StoreContext';
import { className } from './labels';
import { spacingOf } from './measureText';

/**
 * The count of the count tool: how many objects of the counted class lie in the counting
 * area, the area in mm², the density per mm² and per 10 high-power fields (field diameter
 * from Settings). Computed from the annotations each time, so undo and moves keep it right.
 */
export function CountSummary({ labels }: { labels: Map<string, string> }) {
  const { t } = useTranslation();
  const annotations = useAppStore((s) => s.annotations);
  const classes = useAppStore((s) => s.annotationClasses);
  const language = useAppStore((s) => s.language);
  const countClassId = useAppStore((s) => s.countClassId);
  const setCountClass = useAppStore((s) => s.setCountClass);
  const areaId = useAppStore((s) => s.countAreaId);
  const info = useAppStore((s) => s.slideInfo);
  const diameter = useAppStore(
    (s) => s.settings?.hpfFieldDiameterMm ?? DEFAULT_HPF_FIELD_DIAMETER_MM,
  );
  const tool = useAppStore((s) => s.annotationTool);
  const area = annotations.find((a) => a.id === areaId);
  const spacing = spacingOf(info);
  const summary =
    area && isAreaGeometry(area.geometry)
      ? countClassInArea(annotations, countClassId, area.geometry, spacing, diameter)
      : null;
  // Shown while counting, and afterwards for an area that has counted objects in it.
  if (tool !== 'count' && !(summary && summary.count > 0)) return null;
  return (
    <section
      className="annotation-section count-summary"
      aria-labelledby="count-title"
      data-testid="count-summary"
    >
      <h3 id="count-title">{t('annotations.count.title')}</h3>
      <label className="annotation-editor-row">
        <span>{t('annotations.count.class')}</span>
        <select
          className="select"
          value={countClassId}
          onChange={(e) => setCountClass(e.target.value)}
          data-testid="count-class"
        >
          {classes.map((c) => (
            <option key={c.id} value={c.id}>
              {className(c, language, t)}
            </option>
          ))}
        </select>
      </label>
      {summary && area ? (
        <>
          <p className="count-area">
            {t('annotations.count.area', { name: labels.get(area.id) ?? '' })}
          </p>
          <dl className="count-figures">
            <div>
              <dt>{t('annotations.count.count')}</dt>
              <dd data-testid="count-value">{summary.count}</dd>
            </div>
            <div>
              <dt>{t('annotations.count.areaValue')}</dt>
              <dd data-testid="count-area">
                {summary.areaMm2 !== null
                  ? formatArea(summary.areaMm2 * 1e6, true, language).text
                  : formatArea(summary.areaPx2, false, language).text}
              </dd>
            </div>
            {summary.densityPerMm2 !== null && summary.per10Hpf !== null && (
              <>
                <div>
                  <dt>{t('annotations.count.density')}</dt>
                  <dd data-testid="count-density">
                    {t('annotations.count.densityValue', {
                      value: formatCount(summary.densityPerMm2, language),
                    })}
                  </dd>
                </div>
                <div>
                  <dt>{t('annotations.count.per10')}</dt>
                  <dd data-testid="count-per10">{formatCount(summary.per10Hpf, language)}</dd>
                </div>
              </>
            )}
          </dl>
          <p className="muted count-hint">
            {summary.spacingKnown
              ? t('annotations.count.hpf', { diameter: formatNumber(diameter, language, 3) })
              : t('annotations.count.noSpacing')}
          </p>
        </>
      ) : (
        <p className="muted count-hint">{t('annotations.count.noArea')}</p>
      )}
    </section>
  );
}
