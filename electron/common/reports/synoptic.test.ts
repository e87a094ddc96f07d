import { describe, expect, it } from 'vitest';
import type { ReportTemplate } from './model';
import { ReportTemplateSchema } from './model';
import {
  evaluateSynoptic,
  hasAtMostDecimals,
  isAnswered,
  missingRequired,
  templateProblems,
  validateSynopticValues,
} from './synoptic';

const both = (en: string) => ({ en, fr: `${en} (fr)` });
const opt = (id: string) => ({ id, label: both(id) });

/** HER2 2+ shows ISH, ISH "done" requires its result; a chain of two rules. */
const template: ReportTemplate = ReportTemplateSchema.parse({
  id: 't',
  name: both('Test'),
  basedOn: 'test',
  sections: {},
  items: [
    {
      id: 'her2',
      label: both('HER2'),
      kind: 'choice',
      required: true,
      options: ['0', '1', '2', '3'].map(opt),
    },
    {
      id: 'ish',
      label: both('ISH'),
      kind: 'choice',
      required: true,
      options: [opt('done'), opt('pending')],
    },
    {
      id: 'ish_ratio',
      label: both('Ratio'),
      kind: 'number',
      required: false,
      min: 0,
      max: 50,
      decimals: 2,
    },
    {
      id: 'length',
      label: both('Length'),
      kind: 'number',
      required: false,
      unit: 'mm',
      min: 0,
      max: 100,
      decimals: 1,
    },
    {
      id: 'sites',
      label: both('Sites'),
      kind: 'multi',
      required: false,
      options: [opt('a'), opt('b')],
    },
    { id: 'note', label: both('Note'), kind: 'text', required: false },
  ],
  rules: [
    { when: 'her2', equals: ['2'], then: 'show', items: ['ish'] },
    { when: 'ish', equals: ['done'], then: 'show', items: ['ish_ratio'] },
    { when: 'ish', equals: ['done'], then: 'require', items: ['ish_ratio'] },
    { when: 'sites', equals: ['b'], then: 'require', items: ['note'] },
  ],
});

describe('evaluateSynoptic', () => {
  it('hides items behind show rules until their answer comes, through a chain', () => {
    expect(evaluateSynoptic(template, {}).visible).toEqual(['her2', 'length', 'sites', 'note']);
    expect(evaluateSynoptic(template, { her2: '3' }).visible).not.toContain('ish');
    const two = evaluateSynoptic(template, { her2: '2' });
    expect(two.visible).toEqual(['her2', 'ish', 'length', 'sites', 'note']);
    expect(two.required).toEqual(['her2', 'ish']);
    const done = evaluateSynoptic(template, { her2: '2', ish: 'done' });
    expect(done.visible).toContain('ish_ratio');
    expect(done.required).toEqual(['her2', 'ish', 'ish_ratio']);
  });

  it('ignores answers of hidden items: HER2 changed back to 3+ hides ISH and its ratio', () => {
    const state = evaluateSynoptic(template, { her2: '3', ish: 'done', ish_ratio: 2.4 });
    expect(state.visible).not.toContain('ish');
    expect(state.visible).not.toContain('ish_ratio');
    expect(state.required).toEqual(['her2']);
  });

  it('fires rules on any answer of a multi item', () => {
    expect(evaluateSynoptic(template, { sites: ['a'] }).required).toEqual(['her2']);
    expect(evaluateSynoptic(template, { sites: ['a', 'b'] }).required).toEqual(['her2', 'note']);
  });
});

describe('missingRequired', () => {
  it('lists required visible items without an answer, blank text counting as none', () => {
    expect(missingRequired(template, {})).toEqual(['her2']);
    expect(missingRequired(template, { her2: '2', ish: null })).toEqual(['ish']);
    expect(missingRequired(template, { her2: '2', ish: 'done' })).toEqual(['ish_ratio']);
    expect(missingRequired(template, { her2: '2', ish: 'done', ish_ratio: 2.1 })).toEqual([]);
    expect(missingRequired(template, { her2: '1', sites: ['b'], note: '   ' })).toEqual(['note']);
  });
});

describe('validateSynopticValues', () => {
  it('accepts good answers and unanswered items', () => {
    expect(
      validateSynopticValues(template, {
        her2: '2',
        ish_ratio: 2.25,
        length: 12.3,
        sites: ['a', 'b'],
        note: 'x',
        ish: null,
      }),
    ).toEqual([]);
  });

  it('names each bad answer', () => {
    expect(
      validateSynopticValues(template, {
        her2: '4',
        ish: 3,
        ish_ratio: 51,
        length: 12.34,
        sites: ['a', 'z'],
        note: ['x'],
        ghost: 'y',
      }),
    ).toEqual([
      { itemId: 'her2', code: 'unknown_option' },
      { itemId: 'ish', code: 'wrong_kind' },
      { itemId: 'ish_ratio', code: 'above_max' },
      { itemId: 'length', code: 'too_many_decimals' },
      { itemId: 'sites', code: 'unknown_option' },
      { itemId: 'note', code: 'wrong_kind' },
      { itemId: 'ghost', code: 'unknown_item' },
    ]);
    expect(validateSynopticValues(template, { length: -1 })).toEqual([
      { itemId: 'length', code: 'below_min' },
    ]);
  });

  it('counts decimals without being fooled by binary fractions', () => {
    expect(hasAtMostDecimals(0.1 + 0.2, 1)).toBe(true);
    expect(hasAtMostDecimals(1.05, 1)).toBe(false);
    expect(hasAtMostDecimals(3, 0)).toBe(true);
    expect(hasAtMostDecimals(3.5, 0)).toBe(false);
    expect(isAnswered(0)).toBe(true);
    expect(isAnswered([])).toBe(false);
  });
});

describe('templateProblems', () => {
  it('finds nothing wrong with a sound template', () => {
    expect(templateProblems(template)).toEqual([]);
  });

  it('names the field of each problem', () => {
    const broken: ReportTemplate = {
      ...template,
      items: [
        ...template.items,
        { id: 'note', label: both('Dup'), kind: 'choice', required: false, options: [opt('x')] },
      ],
      rules: [
        { when: 'her2', equals: ['5'], then: 'show', items: ['ish'] },
        { when: 'nothing', equals: ['x'], then: 'require', items: ['gone'] },
      ],
    };
    expect(templateProblems(broken)).toEqual([
      'items[6] (note).id: duplicate item id',
      'items[6] (note).options: a choice item needs at least two options',
      'rules[0].equals[0]: "her2" has no option "5"',
      'rules[1].when: no item "nothing"',
      'rules[1].items[0]: no item "gone"',
    ]);
  });
});
