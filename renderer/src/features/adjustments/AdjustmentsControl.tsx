import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/StoreContext';
import type { ImageAdjustments } from './adjustments';
import { LIMITS, isNeutral, percentChange } from './adjustments';
import './adjustments.css';

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

const FIELDS: readonly (keyof ImageAdjustments)[] = ['brightness', 'contrast', 'gamma'];

/** Toolbar button and its panel: three live sliders and a reset. */
export function AdjustmentsControl() {
  const { t } = useTranslation();
  const adjustments = useAppStore((s) => s.adjustments);
  const setAdjustments = useAppStore((s) => s.setAdjustments);
  const resetAdjustments = useAppStore((s) => s.resetAdjustments);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const neutral = isNeutral(adjustments);
  useEffect(() => {
    if (!open) return;
    const close = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [open]);
  const valueText = (key: keyof ImageAdjustments, v: number) =>
    key === 'gamma'
      ? t('adjustments.gammaValue', { value: v.toFixed(2) })
      : t('adjustments.percent', { value: signed(percentChange(v)) });
  return (
    <div className="adjustments" ref={root}>
      <button
        type="button"
        className="tool-button"
        aria-label={t('adjustments.title')}
        title={t('adjustments.title')}
        aria-expanded={open}
        aria-pressed={!neutral}
        onClick={() => setOpen((o) => !o)}
        data-testid="adjustments-toggle"
      >
        ◐
      </button>
      {!neutral && (
        <span className="adjusted-badge" role="status" data-testid="adjusted-badge">
          {t('adjustments.adjusted')}
        </span>
      )}
      {open && (
        <div
          className="adjustments-panel"
          role="group"
          aria-label={t('adjustments.title')}
          data-testid="adjustments-panel"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setOpen(false);
            }
          }}
        >
          {FIELDS.map((key) => (
            <label key={key} className="adjustments-row">
              <span>{t(`adjustments.${key}`)}</span>
              <input
                type="range"
                min={LIMITS[key].min}
                max={LIMITS[key].max}
                step={LIMITS[key].step}
                value={adjustments[key]}
                aria-valuetext={valueText(key, adjustments[key])}
                onChange={(e) => setAdjustments({ [key]: Number(e.target.value) })}
                onDoubleClick={() => setAdjustments({ [key]: 1 })}
                data-testid={`adjust-${key}`}
              />
              <output>{valueText(key, adjustments[key])}</output>
            </label>
          ))}
          <button
            type="button"
            className="button"
            onClick={resetAdjustments}
            disabled={neutral}
            data-testid="adjust-reset"
          >
            {t('adjustments.reset')}
          </button>
        </div>
      )}
    </div>
  );
}
