/**
 * Autotext (issue 8): ".neg" followed by a space or a new line becomes its full text. Pure,
 * so the rules are unit-tested; the field applies the replacement with the browser's own
 * editing command (see useAutotext), which keeps Ctrl+Z working.
 *
 * It looks at the text AFTER the input happened, never at keys: dictation software
 * (Dragon Medical) writes into the field without key events, and ".neg " dictated or
 * typed expands the same way.
 */
import type { AutotextEntry } from '../../../../electron/common/reports/model';
import { AutotextEntrySchema } from '../../../../electron/common/reports/model';

export interface Expansion {
  /** Range of the text to replace: the abbreviation (the space or new line stays). */
  start: number;
  end: number;
  text: string;
}

/** What may stand before an abbreviation: start of text, white space or punctuation. */
const BOUNDARY_BEFORE = /[\s([{«"'’;:,]/u;

/**
 * The expansion due when the character just before `cursor` is a space or a new line that
 * ends a known abbreviation standing at a word boundary; null otherwise.
 */
export function findExpansion(
  value: string,
  cursor: number,
  entries: readonly AutotextEntry[],
): Expansion | null {
  if (cursor < 2 || cursor > value.length) return null;
  const trigger = value[cursor - 1];
  if (trigger !== ' ' && trigger !== '\n' && trigger !== '\u00a0') return null;
  const end = cursor - 1;
  const dot = value.lastIndexOf('.', end - 1);
  if (dot < 0) return null;
  const candidate = value.slice(dot, end);
  if (!/^\.[\p{L}\p{N}_-]{1,30}$/u.test(candidate)) return null;
  if (dot > 0 && !BOUNDARY_BEFORE.test(value[dot - 1]!)) return null;
  const entry = entries.find((e) => e.abbreviation === candidate);
  if (!entry) return null;
  return { start: dot, end, text: entry.text };
}

/** The text with the expansion applied, and where the cursor goes (after the trigger). */
export function applyExpansion(
  value: string,
  expansion: Expansion,
): { value: string; cursor: number } {
  const next = value.slice(0, expansion.start) + expansion.text + value.slice(expansion.end);
  return { value: next, cursor: expansion.start + expansion.text.length + 1 };
}

/** Parses an exported autotext file: `[{ abbreviation, text }]` (or `{ entries: [...] }`). */
/** Why an autotext file cannot be imported, for the UI to word in the user's language. */
export type AutotextFileProblem = 'not_json' | 'not_a_list' | 'entry_fields' | 'entry_invalid';

export class AutotextFileError extends Error {
  constructor(
    readonly problem: AutotextFileProblem,
    /** 1-based number of the faulty entry, or null when the file as a whole is wrong. */
    readonly entry: number | null,
    /** Technical detail (the JSON parser's words, or what the entry broke), for "Details". */
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'AutotextFileError';
  }
}

/** The entries of an autotext file (a list, or `{ entries }`), each checked as saving would. */
export function parseAutotextFile(json: string): AutotextEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new AutotextFileError('not_json', null, e instanceof Error ? e.message : String(e));
  }
  const list: unknown = Array.isArray(data)
    ? data
    : data !== null && typeof data === 'object' && 'entries' in data
      ? data.entries
      : null;
  if (!Array.isArray(list))
    throw new AutotextFileError('not_a_list', null, 'not a list of autotext entries');
  return list.map((item: unknown, i) => {
    const { abbreviation, text } = (item ?? {}) as Record<string, unknown>;
    if (typeof abbreviation !== 'string' || typeof text !== 'string') {
      throw new AutotextFileError(
        'entry_fields',
        i + 1,
        `entry ${i + 1} needs "abbreviation" and "text"`,
      );
    }
    const parsed = AutotextEntrySchema.safeParse({ abbreviation, text });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AutotextFileError(
        'entry_invalid',
        i + 1,
        `entry ${i + 1} (${abbreviation}): ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
      );
    }
    return parsed.data;
  });
}

/** Entries merged by abbreviation: those of `incoming` replace existing ones. */
export function mergeAutotext(
  existing: readonly AutotextEntry[],
  incoming: readonly AutotextEntry[],
): AutotextEntry[] {
  const byAbbreviation = new Map(existing.map((e) => [e.abbreviation, e]));
  for (const e of incoming) byAbbreviation.set(e.abbreviation, e);
  return [...byAbbreviation.values()].sort((a, b) => a.abbreviation.localeCompare(b.abbreviation));
}
