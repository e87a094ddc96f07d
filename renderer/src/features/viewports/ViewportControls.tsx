/** The titlebar's viewport controls: 1, 2 or 4 viewports, sync, and align. */
import { useTranslation } from 'react-i18next';
import { useAppStore, useStoreApi } from '../../state/StoreContext';
import type { ViewportCount } from './viewportLayout';
import { VIEWPORT_COUNTS } from './viewportLayout';

/** Rectangles of each layout, drawn in a 20×14 box. */
const SHAPES: Record<ViewportCount, [number, number, number, number][]> = {
  1: [[1, 1, 18, 12]],
  2: [
    [1, 1, 8.5, 12],
    [10.5, 1, 8.5, 12],
  ],
  4: [
    [1, 1, 8.5, 5.5],
    [10.5, 1, 8.5, 5.5],
    [1, 7.5, 8.5, 5.5],
    [10.5, 7.5, 8.5, 5.5],
  ],
};

const NAMES = { 1: 'viewports.one', 2: 'viewports.two', 4: 'viewports.four' } as const;

export function ViewportControls() {
  const { t } = useTranslation();
  const store = useStoreApi();
  const count = useAppStore((s) => s.viewportCount);
  const sync = useAppStore((s) => s.syncOn);
  const aligning = useAppStore((s) => s.aligning);
  return (
    <div className="viewport-controls" role="group" aria-label={t('viewports.layout')}>
      {VIEWPORT_COUNTS.map((n) => (
        <button
          key={n}
          type="button"
          className="tool-button"
          aria-label={t(NAMES[n])}
          title={t(NAMES[n])}
          aria-pressed={count === n}
          onClick={() => store.getState().setViewportCount(n)}
          data-testid={`layout-${n}`}
        >
          <svg width="20" height="14" viewBox="0 0 20 14" aria-hidden="true">
            {SHAPES[n].map(([x, y, w, h], i) => (
              <rect
                key={i}
                x={x}
                y={y}
                width={w}
                height={h}
                rx="1"
                fill="none"
                stroke="currentColor"
              />
            ))}
          </svg>
        </button>
      ))}
      <button
        type="button"
        className="tool-button text-toggle"
        aria-pressed={sync}
        disabled={count === 1}
        title={t('viewports.syncHint')}
        onClick={() => store.getState().toggleSync()}
        data-testid="viewport-sync"
      >
        {t('viewports.sync')}
      </button>
      <button
        type="button"
        className="tool-button text-toggle"
        aria-pressed={aligning}
        disabled={count === 1 || !sync}
        title={t('viewports.alignHint')}
        onClick={() => store.getState().setAligning(!aligning)}
        data-testid="viewport-align"
      >
        {t('viewports.align')}
      </button>
    </div>
  );
}
