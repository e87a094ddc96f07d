import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Annotation } from '../../../../electron/common/contract';
import { useAppStore } from '../../state/StoreContext';
import { colourOf } from './controller';
import { className } from './labels';
import { measureText, spacingOf } from './measureText';
import { ToolIcon } from './ToolIcon';
import { useMeasureWords } from './useMeasureWords';
import './annotationList.css';

/** A text field that saves when it loses focus or on Enter, and puts the value back on Esc. */
function CommitField({
  label,
  value,
  multiline,
  onCommit,
  testId,
}: {
  label: string;
  value: string;
  multiline?: boolean;
  onCommit: (value: string) => void;
  testId: string;
}) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => {
    if (draft !== value) onCommit(draft);
  };
  const common = {
    className: 'text-input annotation-field',
    'aria-label': label,
    value: draft,
    onBlur: commit,
    'data-testid': testId,
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      setDraft(value);
      e.stopPropagation();
      (e.target as HTMLElement).blur();
    } else if (e.key === 'Enter' && !(multiline && e.shiftKey)) {
      e.preventDefault();
      commit();
    }
  };
  return multiline ? (
    <textarea
      {...common}
      rows={2}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={onKeyDown}
    />
  ) : (
    <input {...common} onChange={(e) => setDraft(e.target.value)} onKeyDown={onKeyDown} />
  );
}

/** The selected annotation's name, class, note and delete button. */
function Editor({ a, label }: { a: Annotation; label: string }) {
  const { t } = useTranslation();
  const classes = useAppStore((s) => s.annotationClasses);
  const language = useAppStore((s) => s.language);
  const update = useAppStore((s) => s.updateAnnotation);
  const remove = useAppStore((s) => s.deleteAnnotation);
  return (
    <div className="annotation-editor">
      <label className="annotation-editor-row">
        <span>{t('annotations.name')}</span>
        <CommitField
          label={t('annotations.name')}
          value={a.name}
          onCommit={(name) => update(a.id, { name }, 'rename')}
          testId="annotation-name"
        />
      </label>
      <label className="annotation-editor-row">
        <span>{t('annotations.class')}</span>
        <select
          className="select"
          value={a.classId ?? ''}
          onChange={(e) => update(a.id, { classId: e.target.value || null }, 'reclass')}
          data-testid="annotation-class"
        >
          <option value="">{t('annotations.noClass')}</option>
          {classes.map((c) => (
            <option key={c.id} value={c.id}>
              {className(c, language, t)}
            </option>
          ))}
        </select>
      </label>
      <label className="annotation-editor-row">
        <span>{t('annotations.note')}</span>
        <CommitField
          label={t('annotations.note')}
          value={a.text}
          multiline
          onCommit={(text) => update(a.id, { text }, 'note')}
          testId="annotation-note"
        />
      </label>
      <button
        type="button"
        className="button button-danger"
        onClick={() => remove(a.id)}
        aria-label={t('annotations.deleteNamed', { name: label })}
        data-testid="annotation-delete"
      >
        {t('annotations.delete')}
      </button>
    </div>
  );
}

/** Rows shown at first, and added by each "Show more": a page of rows, not 10,000. */
export const ROWS_PER_PAGE = 200;

/**
 * Every annotation of the slide with its class colour, name and measurement. A click
 * selects it and shows it on the slide; the selected one opens its editor. A slide with
 * thousands of annotations shows them a page at a time (every row in the page is styled and
 * laid out again while the slide pans: 10,000 rows cost ~100 ms a frame); one selected on
 * the slide is always listed.
 */
export function AnnotationList({
  items,
  labels,
  onShow,
}: {
  items: readonly Annotation[];
  labels: Map<string, string>;
  onShow: (a: Annotation) => void;
}) {
  const { t } = useTranslation();
  const classes = useAppStore((s) => s.annotationClasses);
  const language = useAppStore((s) => s.language);
  const info = useAppStore((s) => s.slideInfo);
  const selectedId = useAppStore((s) => s.selectedAnnotationId);
  const select = useAppStore((s) => s.selectAnnotation);
  const words = useMeasureWords();
  const spacing = spacingOf(info);
  const selectedRef = useRef<HTMLLIElement>(null);
  const [limit, setLimit] = useState(ROWS_PER_PAGE);
  const selectedAt = selectedId === null ? -1 : items.findIndex((a) => a.id === selectedId);
  const shown = Math.min(items.length, Math.max(limit, selectedAt + 1));
  // A shape picked on the slide is brought into view in the list.
  useEffect(() => {
    selectedRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedId]);
  return (
    <ul
      className="annotation-list"
      aria-label={t('annotations.list')}
      data-testid="annotation-list"
    >
      {items.slice(0, shown).map((a) => {
        const label = labels.get(a.id) ?? a.id;
        const m = measureText(a, spacing, language, words);
        const cls = classes.find((c) => c.id === a.classId);
        const selected = a.id === selectedId;
        return (
          <li
            key={a.id}
            ref={selected ? selectedRef : undefined}
            className="annotation-row"
            aria-current={selected ? 'true' : undefined}
            data-testid="annotation-row"
            data-annotation-id={a.id}
          >
            <button
              type="button"
              className="annotation-row-main"
              aria-label={t('annotations.goTo', { name: label })}
              aria-expanded={selected}
              onClick={() => {
                select(a.id);
                onShow(a);
              }}
            >
              <span
                className="class-swatch"
                style={{ background: colourOf(classes, a.classId) }}
                title={className(cls, language, t)}
              />
              <span className="annotation-kind" aria-hidden="true">
                <ToolIcon name={a.kind} />
              </span>
              <span className="annotation-label">
                <span className="annotation-name">{label}</span>
                <span className="annotation-class muted">{className(cls, language, t)}</span>
              </span>
              <span className="annotation-measure" data-testid="annotation-measure">
                {m.main && <span>{m.main}</span>}
                {m.detail && <span className="muted">{m.detail}</span>}
                {m.main && !m.spacingKnown && (
                  <span className="spacing-unknown" title={t('annotations.spacingUnknownHint')}>
                    {t('annotations.spacingUnknown')}
                  </span>
                )}
              </span>
            </button>
            {selected && <Editor a={a} label={label} />}
          </li>
        );
      })}
      {shown < items.length && (
        <li className="annotation-more">
          <button
            type="button"
            className="link-button"
            onClick={() => setLimit(shown + ROWS_PER_PAGE)}
            data-testid="annotation-more"
          >
            {t('annotations.showMore', {
              count: Math.min(ROWS_PER_PAGE, items.length - shown),
              hidden: (items.length - shown).toLocaleString(language),
            })}
          </button>
        </li>
      )}
    </ul>
  );
}
