/**
 * Dictation into the report's sections: the section last focused is where words go, and
 * "next section" moves along REPORT_SECTIONS, as Tab does.
 */
import type { MutableRefObject } from 'react';
import type { ReportSectionId } from '../../../../electron/common/reports/model';
import { REPORT_SECTIONS } from '../../../../electron/common/reports/model';
import type { DictationTarget } from './useDictation';

export function sectionTarget(
  fields: MutableRefObject<Map<ReportSectionId, HTMLTextAreaElement>>,
  lastField: MutableRefObject<ReportSectionId>,
  setSection: (id: ReportSectionId, text: string) => void,
): DictationTarget {
  return {
    read() {
      const field = fields.current.get(lastField.current);
      if (!field) return null;
      const focused = document.activeElement === field;
      return { value: field.value, caret: focused ? field.selectionEnd : field.value.length };
    },
    write({ value, caret }) {
      const id = lastField.current;
      setSection(id, value);
      requestAnimationFrame(() => {
        const field = fields.current.get(id);
        if (field && document.activeElement === field) field.setSelectionRange(caret, caret);
      });
    },
    moveSection(delta) {
      const at = REPORT_SECTIONS.indexOf(lastField.current);
      const next = REPORT_SECTIONS[Math.max(0, Math.min(REPORT_SECTIONS.length - 1, at + delta))]!;
      lastField.current = next;
      const field = fields.current.get(next);
      if (field) {
        field.focus();
        field.setSelectionRange(field.value.length, field.value.length);
      }
    },
  };
}
