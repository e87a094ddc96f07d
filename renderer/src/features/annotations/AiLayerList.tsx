import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AnnotationClass, Language } from '../../../../electron/common/contract';
import { useAppStore, useStoreApi } from '../../state/StoreContext';
import type { AiLayer } from './aiLayers';
import { className } from './labels';

function layerName(
  l: AiLayer,
  classes: readonly AnnotationClass[],
  language: Language,
  t: TFunction,
): string {
  if (l.source === 'rejected') return t('ai.rejected');
  if (l.source === 'archive' && l.label) return l.label;
  return className(
    classes.find((c) => c.id === l.classId),
    language,
    t,
  );
}

/** Layers with their colour, count and an eye. */
export function LayerList({
  layers,
  visible,
  only,
}: {
  layers: readonly AiLayer[];
  visible: readonly boolean[];
  only: (l: AiLayer) => boolean;
}) {
  const { t } = useTranslation();
  const store = useStoreApi();
  const classes = useAppStore((x) => x.annotationClasses);
  const language = useAppStore((x) => x.language);
  return (
    <ul className="class-filter">
      {layers.map((l, i) => {
        if (!only(l)) return null;
        const shown = visible[i] !== false;
        const name = layerName(l, classes, language, t);
        const label = t(shown ? 'ai.hideLayer' : 'ai.showLayer', { name });
        return (
          <li key={l.key} className={shown ? 'class-row' : 'class-row is-hidden'}>
            <span className="class-swatch" style={{ background: l.colour }} aria-hidden="true" />
            <span className="class-name">{name}</span>
            <span className="class-count muted">{l.count.toLocaleString(language)}</span>
            <button
              type="button"
              className="icon-button class-eye"
              aria-label={label}
              title={label}
              aria-pressed={shown}
              onClick={() => {
                const s = store.getState();
                if (l.source === 'rejected') s.setShowRejected(!shown);
                else s.toggleAiLayer(l.key);
              }}
              data-testid="ai-layer-visibility"
              data-layer={l.key}
            >
              {shown ? '◉' : '◌'}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
