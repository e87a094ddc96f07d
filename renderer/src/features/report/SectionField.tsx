import { useLayoutEffect, useRef } from 'react';
import type { Ref } from 'react';
import type { AutotextEntry } from '../../../../electron/common/reports/model';
import { findExpansion } from './autotext';

/** Rows a section shows when empty (it grows with its text). */
const MIN_ROWS = 2;

/**
 * One section of the report: a plain <textarea> with its label, so Tab, the clipboard and
 * dictation software (Dragon Medical) work as in any field. Nothing listens to keys: the
 * field grows with its text, and autotext looks at the text after each input.
 */
export function SectionField({
  id,
  label,
  value,
  readOnly,
  autotext,
  onChange,
  fieldRef,
  onFocus,
}: {
  id: string;
  label: string;
  value: string;
  readOnly: boolean;
  autotext: readonly AutotextEntry[];
  onChange: (value: string) => void;
  fieldRef?: Ref<HTMLTextAreaElement>;
  onFocus?: (field: HTMLTextAreaElement) => void;
}) {
  const own = useRef<HTMLTextAreaElement | null>(null);

  // Grows (and shrinks) to its text; the panel scrolls, not the field.
  useLayoutEffect(() => {
    const field = own.current;
    if (!field) return;
    field.style.height = 'auto';
    field.style.height = `${field.scrollHeight + 2}px`;
  }, [value]);

  const setRefs = (node: HTMLTextAreaElement | null) => {
    own.current = node;
    if (typeof fieldRef === 'function') fieldRef(node);
    else if (fieldRef) (fieldRef as { current: HTMLTextAreaElement | null }).current = node;
  };

  return (
    <div className="report-section">
      <label htmlFor={id} className="report-section-label">
        {label}
      </label>
      <textarea
        id={id}
        ref={setRefs}
        className="report-textarea"
        rows={MIN_ROWS}
        value={value}
        readOnly={readOnly}
        spellCheck
        onFocus={(e) => onFocus?.(e.currentTarget)}
        onChange={(e) => {
          const field = e.currentTarget;
          const expansion = findExpansion(field.value, field.selectionStart, autotext);
          if (expansion) {
            // The browser's own editing command: one step for Ctrl+Z, which brings the
            // abbreviation back.
            const trigger = field.value[expansion.end] ?? ' ';
            field.setSelectionRange(expansion.start, expansion.end + 1);
            const done =
              typeof document.execCommand === 'function' &&
              document.execCommand('insertText', false, expansion.text + trigger);
            if (!done) {
              field.setRangeText(
                expansion.text + trigger,
                expansion.start,
                expansion.end + 1,
                'end',
              );
            }
          }
          onChange(field.value);
        }}
      />
    </div>
  );
}
