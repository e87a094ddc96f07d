import { describe, expect, it } from 'vitest';
import { applySteps, parseUtterance } from './voiceCommands';

describe('parseUtterance', () => {
  it('splits text and English commands, whole words only', () => {
    expect(parseUtterance('no atypia full stop next section tumour', 'en')).toEqual([
      { kind: 'text', text: 'no atypia' },
      { kind: 'fullStop' },
      { kind: 'nextSection' },
      { kind: 'text', text: 'tumour' },
    ]);
    expect(parseUtterance('the fullness new line', 'en')).toEqual([
      { kind: 'text', text: 'the fullness' },
      { kind: 'newLine' },
    ]);
  });

  it('reads French commands without accents or case mattering', () => {
    expect(parseUtterance('Absence de nécrose Point Nouvelle ligne À la ligne', 'fr')).toEqual([
      { kind: 'text', text: 'Absence de nécrose' },
      { kind: 'fullStop' },
      { kind: 'newLine' },
      { kind: 'newLine' },
    ]);
    expect(parseUtterance('section suivante', 'fr')).toEqual([{ kind: 'nextSection' }]);
    // An English command is text in French.
    expect(parseUtterance('new line', 'fr')).toEqual([{ kind: 'text', text: 'new line' }]);
  });

  it('gives nothing for silence', () => {
    expect(parseUtterance('   ', 'en')).toEqual([]);
  });
});

describe('applySteps', () => {
  it('inserts at the caret with spacing, capitals after a full stop and a new line', () => {
    const steps = parseUtterance('no atypia full stop margins clear new line grade two', 'en');
    const { field, moves } = applySteps({ value: 'Benign', caret: 6 }, steps, 'en');
    expect(field.value).toBe('Benign no atypia. Margins clear\nGrade two');
    expect(field.caret).toBe(field.value.length);
    expect(moves).toBe(0);
  });

  it('writes in the middle of a text and counts section moves', () => {
    const { field, moves } = applySteps(
      { value: 'A. C.', caret: 2 },
      parseUtterance('b full stop next section', 'en'),
      'en',
    );
    expect(field.value).toBe('A. B. C.');
    expect(field.caret).toBe(5);
    expect(moves).toBe(1);
  });

  it('starts an empty field with a capital', () => {
    const { field } = applySteps({ value: '', caret: 0 }, parseUtterance('état', 'fr'), 'fr');
    expect(field.value).toBe('État');
  });
});
