import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { Annotation } from '../../../../electron/common/contract';
import { useAppStore } from '../../state/StoreContext';
import type { AnnotationController } from './controller';
import { colourOf } from './controller';
import { annotationLabels, className } from './labels';
import { measureText, spacingOf } from './measureText';
import { useMeasureWords } from './useMeasureWords';

/** Keeps a popup of about `w` × `h` pixels inside the window. */
function placeAt(x: number, y: number, w: number, h: number): React.CSSProperties {
  return {
    left: Math.max(8, Math.min(x, window.innerWidth - w - 8)),
    top: Math.max(8, Math.min(y, window.innerHeight - h - 8)),
  };
}

/** The size of the shape being drawn, edited or measured, beside the pointer. */
export function LiveMeasure({ controller }: { controller: AnnotationController }) {
  const { t } = useTranslation();
  const ui = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const info = useAppStore((s) => s.slideInfo);
  const language = useAppStore((s) => s.language);
  const words = useMeasureWords();
  const live = ui.live;
  if (!live) return null;
  const m = measureText(live.shape, spacingOf(info), language, words, {
    sides: live.shape.kind === 'rectangle' || live.shape.kind === 'ellipse',
  });
  if (!m.main) return null;
  return (
    <div
      className="live-measure"
      style={{ left: live.at.x + 18, top: live.at.y + 18 }}
      role="status"
      data-testid="live-measure"
    >
      {live.transient && <span className="live-measure-title">{t('annotations.measureBox')}</span>}
      <strong>{m.main}</strong>
      {m.detail && <span>{m.detail}</span>}
      {!m.spacingKnown && (
        <span className="spacing-unknown">{t('annotations.spacingUnknown')}</span>
      )}
    </div>
  );
}

/** Asks for the text of a note where it was placed. */
export function TextPrompt({ controller }: { controller: AnnotationController }) {
  const { t } = useTranslation();
  const ui = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const [text, setText] = useState('');
  const field = useRef<HTMLInputElement>(null);
  const ask = ui.askText;
  useEffect(() => {
    setText('');
    if (ask) field.current?.focus();
  }, [ask]);
  if (!ask) return null;
  return (
    <form
      className="popup text-prompt"
      style={placeAt(ask.clientX + 8, ask.clientY + 8, 300, 90)}
      aria-label={t('annotations.textPrompt')}
      data-testid="text-prompt"
      onSubmit={(e) => {
        e.preventDefault();
        controller.answerText(text);
      }}
    >
      <input
        ref={field}
        className="text-input"
        aria-label={t('annotations.textPrompt')}
        placeholder={t('annotations.textPrompt')}
        value={text}
        maxLength={10_000}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            controller.answerText(null);
          }
        }}
      />
      <div className="popup-buttons">
        <button type="submit" className="button button-primary" disabled={!text.trim()}>
          {t('annotations.textSave')}
        </button>
        <button type="button" className="button" onClick={() => controller.answerText(null)}>
          {t('annotations.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Right-click on an annotation: show it whole, change its class, delete it. */
export function AnnotationMenu({
  controller,
  onShow,
}: {
  controller: AnnotationController;
  onShow: (a: Annotation) => void;
}) {
  const { t } = useTranslation();
  const ui = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const annotations = useAppStore((s) => s.annotations);
  const classes = useAppStore((s) => s.annotationClasses);
  const language = useAppStore((s) => s.language);
  const update = useAppStore((s) => s.updateAnnotation);
  const remove = useAppStore((s) => s.deleteAnnotation);
  const info = useAppStore((s) => s.slideInfo);
  const words = useMeasureWords();
  const menu = useRef<HTMLDivElement>(null);
  const open = ui.menu;
  const a = open ? annotations.find((x) => x.id === open.id) : undefined;
  const labels = useMemo(() => annotationLabels(annotations, t), [annotations, t]);
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    const close = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node)) controller.closeMenu();
    };
    window.addEventListener('mousedown', close, true);
    return () => window.removeEventListener('mousedown', close, true);
  }, [open, controller]);
  if (!open || !a) return null;
  const label = labels.get(a.id) ?? '';
  const m = measureText(a, spacingOf(info), language, words);
  const act = (fn: () => void) => () => {
    fn();
    controller.closeMenu();
  };
  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role^=menuitem]') ?? [])];
  return (
    <div
      ref={menu}
      className="popup annotation-menu"
      role="menu"
      aria-label={t('annotations.menu', { name: label })}
      style={placeAt(open.clientX, open.clientY, 240, 360)}
      data-testid="annotation-menu"
      onKeyDown={(e) => {
        const list = items();
        const at = list.indexOf(document.activeElement as HTMLElement);
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          e.stopPropagation();
          const next = list[(at + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length];
          next?.focus();
        } else if (e.key === 'Escape') {
          e.stopPropagation();
          controller.closeMenu();
        }
      }}
    >
      <div className="annotation-menu-title">
        <strong>{label}</strong>
        {m.main && <span className="muted">{m.main}</span>}
      </div>
      <button type="button" role="menuitem" onClick={act(() => onShow(a))}>
        {t('annotations.goTo', { name: label })}
      </button>
      <div className="annotation-menu-group" role="group" aria-label={t('annotations.class')}>
        {[
          { id: null, colour: colourOf(classes, null), name: t('annotations.noClass') },
          ...classes.map((c) => ({ id: c.id, colour: c.colour, name: className(c, language, t) })),
        ].map((c) => (
          <button
            key={c.id ?? 'none'}
            type="button"
            role="menuitemradio"
            aria-checked={a.classId === c.id}
            onClick={act(() => {
              if (a.classId !== c.id) update(a.id, { classId: c.id }, 'reclass');
            })}
            data-testid="menu-class"
            data-class-id={c.id ?? ''}
          >
            <span className="class-swatch" style={{ background: c.colour }} aria-hidden="true" />
            {c.name}
          </button>
        ))}
      </div>
      <button
        type="button"
        role="menuitem"
        className="annotation-menu-danger"
        onClick={act(() => remove(a.id))}
        data-testid="menu-delete"
      >
        {t('annotations.delete')}
      </button>
    </div>
  );
}
