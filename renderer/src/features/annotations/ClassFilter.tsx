import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Annotation } from '../../../../electron/common/contract';
import { useAppStore } from '../../state/StoreContext';
import type { ErrorInfo } from '../../state/types';
import { ErrorText } from '../shell/ErrorText';
import { NO_CLASS_COLOUR } from './controller';
import { className } from './labels';

/** A colour for a new class: Tableau 10 hues the built-in classes do not use. */
const NEW_CLASS_COLOURS = ['#9467bd', '#e377c2', '#bcbd22', '#8c564b', '#aec7e8', '#98df8a'];

function NewClassForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const save = useAppStore((s) => s.saveAnnotationClass);
  const count = useAppStore((s) => s.annotationClasses.filter((c) => !c.builtIn).length);
  const [fr, setFr] = useState('');
  const [en, setEn] = useState('');
  const [colour, setColour] = useState(NEW_CLASS_COLOURS[count % NEW_CLASS_COLOURS.length]!);
  const [error, setError] = useState<ErrorInfo | null>(null);
  return (
    <form
      className="class-form"
      aria-label={t('annotations.newClassTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        void save({ names: { fr: fr.trim(), en: en.trim() }, colour }).then((r) => {
          if ('id' in r) onDone();
          else setError(r);
        });
      }}
    >
      <label>
        <span>{t('annotations.classFr')}</span>
        <input className="text-input" required value={fr} onChange={(e) => setFr(e.target.value)} />
      </label>
      <label>
        <span>{t('annotations.classEn')}</span>
        <input className="text-input" required value={en} onChange={(e) => setEn(e.target.value)} />
      </label>
      <label className="class-form-colour">
        <span>{t('annotations.colour')}</span>
        <input type="color" value={colour} onChange={(e) => setColour(e.target.value)} />
      </label>
      {error && (
        <p className="annotation-form-error" role="alert">
          <ErrorText error={error} />
        </p>
      )}
      <div className="class-form-buttons">
        <button type="submit" className="button button-primary">
          {t('annotations.create')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('annotations.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * The classes of the slide's annotations (and every class, to draw with), each with its
 * colour, how many annotations have it, and an eye to hide it on the slide.
 */
export function ClassFilter({ items }: { items: readonly Annotation[] }) {
  const { t } = useTranslation();
  const classes = useAppStore((s) => s.annotationClasses);
  const language = useAppStore((s) => s.language);
  const hidden = useAppStore((s) => s.hiddenClassIds);
  const toggle = useAppStore((s) => s.toggleClassHidden);
  const [adding, setAdding] = useState(false);
  const counts = new Map<string, number>();
  for (const a of items) counts.set(a.classId ?? '', (counts.get(a.classId ?? '') ?? 0) + 1);
  const rows = [
    ...classes.map((c) => ({ id: c.id, colour: c.colour, name: className(c, language, t) })),
    { id: '', colour: NO_CLASS_COLOUR, name: t('annotations.noClass') },
  ];
  return (
    <section className="annotation-section" aria-labelledby="annotation-classes-title">
      <h3 id="annotation-classes-title">{t('annotations.classes')}</h3>
      <ul className="class-filter" data-testid="class-filter">
        {rows.map((r) => {
          const isHidden = hidden.includes(r.id);
          const label = t(isHidden ? 'annotations.showClass' : 'annotations.hideClass', {
            name: r.name,
          });
          return (
            <li key={r.id || 'none'} className={isHidden ? 'class-row is-hidden' : 'class-row'}>
              <span className="class-swatch" style={{ background: r.colour }} aria-hidden="true" />
              <span className="class-name">{r.name}</span>
              <span className="class-count muted">{counts.get(r.id) ?? 0}</span>
              <button
                type="button"
                className="icon-button class-eye"
                aria-label={label}
                title={label}
                aria-pressed={!isHidden}
                onClick={() => toggle(r.id || null)}
                data-testid="class-visibility"
                data-class-id={r.id}
              >
                {isHidden ? '◌' : '◉'}
              </button>
            </li>
          );
        })}
      </ul>
      {adding ? (
        <NewClassForm onDone={() => setAdding(false)} />
      ) : (
        <button type="button" className="link-button" onClick={() => setAdding(true)}>
          {t('annotations.newClass')}
        </button>
      )}
    </section>
  );
}
