/**
 * Voice commands of dictation, as a pure function: what a speech engine heard becomes
 * text to insert and actions ("new line", "full stop", "next section"). Written here
 * because the commands are ours (no library knows a report editor's sections); the
 * engines only turn audio into words.
 *
 * Commands are matched as whole words, case- and accent-insensitively, anywhere in the
 * utterance, so "no atypia full stop next section" is text, a full stop, then a move.
 */
import type { Language } from '../language';

export type DictationStep =
  | { kind: 'text'; text: string }
  | { kind: 'newLine' }
  | { kind: 'fullStop' }
  | { kind: 'nextSection' };

type CommandKind = Exclude<DictationStep['kind'], 'text'>;

/** The spoken form of each command, per language (the engine's words, lower case). */
export const VOICE_COMMANDS: Record<Language, readonly { words: string; kind: CommandKind }[]> = {
  en: [
    { words: 'new line', kind: 'newLine' },
    { words: 'full stop', kind: 'fullStop' },
    { words: 'period', kind: 'fullStop' },
    { words: 'next section', kind: 'nextSection' },
  ],
  fr: [
    { words: 'nouvelle ligne', kind: 'newLine' },
    { words: 'a la ligne', kind: 'newLine' },
    { words: 'point', kind: 'fullStop' },
    { words: 'section suivante', kind: 'nextSection' },
  ],
};

function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Splits an utterance into text and commands, longest command first at each word. */
export function parseUtterance(utterance: string, language: Language): DictationStep[] {
  const words = utterance.trim().split(/\s+/).filter(Boolean);
  const folded = words.map(fold);
  const commands = [...VOICE_COMMANDS[language]]
    .map((c) => ({ ...c, parts: c.words.split(' ') }))
    .sort((a, b) => b.parts.length - a.parts.length);
  const steps: DictationStep[] = [];
  let text: string[] = [];
  const flush = () => {
    if (text.length > 0) steps.push({ kind: 'text', text: text.join(' ') });
    text = [];
  };
  for (let i = 0; i < words.length;) {
    const hit = commands.find((c) => c.parts.every((p, k) => folded[i + k] === p));
    if (hit) {
      flush();
      steps.push({ kind: hit.kind });
      i += hit.parts.length;
    } else {
      text.push(words[i]!);
      i += 1;
    }
  }
  flush();
  return steps;
}

/** A text field's value and caret, as the dictation writes into it. */
export interface FieldEdit {
  value: string;
  caret: number;
}

const FULL_STOP: Record<Language, string> = { en: '.', fr: '.' };

/**
 * Applies text and in-field commands at the caret: words get one space from what is before
 * them, a sentence starts with a capital after a full stop or a new line, and a full stop
 * sticks to the word before it. `nextSection` steps are left to the caller (they move the
 * focus), and are returned in `moves`.
 */
export function applySteps(
  field: FieldEdit,
  steps: readonly DictationStep[],
  language: Language,
): { field: FieldEdit; moves: number } {
  let { value, caret } = field;
  let moves = 0;
  const insert = (s: string) => {
    value = value.slice(0, caret) + s + value.slice(caret);
    caret += s.length;
  };
  for (const step of steps) {
    const before = value.slice(0, caret);
    if (step.kind === 'nextSection') moves += 1;
    else if (step.kind === 'newLine') insert('\n');
    else if (step.kind === 'fullStop') insert(FULL_STOP[language]);
    else {
      const sentenceStart = /(^|[.!?]\s*|\n\s*)$/.test(before);
      let text = step.text;
      if (sentenceStart) text = text.charAt(0).toLocaleUpperCase(language) + text.slice(1);
      const space = before.length > 0 && !/\s$/.test(before) ? ' ' : '';
      insert(space + text);
    }
  }
  return { field: { value, caret }, moves };
}
