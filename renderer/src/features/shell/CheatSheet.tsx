import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Binding } from '../../keyboard/keymap';
import {
  ANNOTATION_GESTURES,
  ANNOTATION_KEYS,
  CASE_KEYS,
  CASE_NAVIGATION_KEYS,
  GLOBAL_KEYS,
  OVERLAY_KEYS,
  VIEWER_KEYS,
  VIEWPORT_GESTURES,
  WORKLIST_KEYS,
  helpLines,
} from '../../keyboard/keymap';
import { useAppStore } from '../../state/StoreContext';
import { KeyChord } from './KeyChord';

type Section = 'global' | 'worklist' | 'case' | 'viewer' | 'annotations';
const SECTIONS: { id: Section; bindings: readonly Binding<unknown>[] }[] = [
  {
    id: 'viewer',
    bindings: [...VIEWER_KEYS, ...VIEWPORT_GESTURES.map((g) => ({ ...g, action: null }))],
  },
  // Mouse gestures are listed with the keys they go with; no key event ever matches them.
  {
    id: 'annotations',
    bindings: [...ANNOTATION_KEYS, ...ANNOTATION_GESTURES.map((g) => ({ ...g, action: null }))],
  },
  { id: 'worklist', bindings: WORKLIST_KEYS },
  { id: 'case', bindings: [...CASE_KEYS, ...CASE_NAVIGATION_KEYS] },
  { id: 'global', bindings: [...GLOBAL_KEYS, ...OVERLAY_KEYS] },
];

/** Digits in a row read better as a range: 1–6. */
function compactKeys(keys: string[]): (string | { from: string; to: string })[] {
  const digits = keys.filter((k) => /^[1-9]$/.test(k));
  if (digits.length < 3) return keys;
  return [
    { from: digits[0]!, to: digits[digits.length - 1]! },
    ...keys.filter((k) => !digits.includes(k)),
  ];
}

/** Every shortcut, generated from the key tables the handlers use. `?` opens, Esc closes. */
export function CheatSheet() {
  const { t } = useTranslation();
  const open = useAppStore((s) => s.cheatSheetOpen);
  const setOpen = useAppStore((s) => s.setCheatSheetOpen);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const previous = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    return () => previous?.focus?.();
  }, [open]);

  if (!open) return null;
  return (
    <div className="overlay-backdrop" onMouseDown={() => setOpen(false)}>
      <div
        className="cheatsheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby="cheatsheet-title"
        data-testid="cheat-sheet"
        onMouseDown={(e) => e.stopPropagation()}
      >
        <div className="cheatsheet-header">
          <h2 id="cheatsheet-title">{t('shortcuts.title')}</h2>
          <button ref={closeRef} type="button" className="button" onClick={() => setOpen(false)}>
            {t('shortcuts.close')}
          </button>
        </div>
        <div className="cheatsheet-columns">
          {SECTIONS.map((section) => (
            <section key={section.id} className="cheatsheet-section">
              <h3>{t(`shortcuts.${section.id}`)}</h3>
              <dl>
                {helpLines(section.bindings).map((line) => (
                  <div key={line.help} className="cheatsheet-line">
                    <dt>
                      {compactKeys(line.keys).map((k, i) =>
                        typeof k === 'string' ? (
                          <KeyChord key={i} chord={k} />
                        ) : (
                          <span key={i} className="chord">
                            <kbd>{k.from}</kbd>–<kbd>{k.to}</kbd>
                          </span>
                        ),
                      )}
                    </dt>
                    <dd>{t(`keys.${line.help}`)}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}
