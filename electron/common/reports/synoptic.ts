/**
 * The synoptic checklist's logic, shared by the editor (what to show, what is missing) and
 * the engine (checks before signing, template loading). Pure: no I/O.
 *
 * Rules (model.ts, SynopticRuleSchema): an item named by a `show` rule is hidden unless one
 * of its `show` rules fires; an item named by a `require` rule is required when one fires.
 * A hidden item counts as unanswered, so rules that depend on it do not fire either
 * (evaluation runs to a fixed point, which handles chains such as HER2 2+ → ISH shown → ...).
 */
import type { ReportTemplate, SynopticItem, SynopticRule, SynopticValues } from './model';

type Value = SynopticValues[string];

export interface SynopticState {
  /** Items shown, in template order. */
  visible: string[];
  /** Items that must be answered before signing, in template order (all of them visible). */
  required: string[];
}

/** True when the answer is there: a non-empty text or list, a number, an option id. */
export function isAnswered(value: Value | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'string') return value.trim() !== '';
  return value.length > 0;
}

function fires(rule: SynopticRule, value: Value | undefined): boolean {
  if (!isAnswered(value)) return false;
  if (Array.isArray(value)) return value.some((v) => rule.equals.includes(v));
  return rule.equals.includes(typeof value === 'number' ? String(value) : (value as string));
}

/** Which items are shown and which are required, given the answers so far. */
export function evaluateSynoptic(template: ReportTemplate, values: SynopticValues): SynopticState {
  const shownByRule = new Set(
    template.rules.filter((r) => r.then === 'show').flatMap((r) => r.items),
  );
  let visible = new Set(template.items.map((i) => i.id).filter((id) => !shownByRule.has(id)));
  // Each round can only show more items; stop when nothing changes.
  for (let round = 0; round <= template.items.length; round++) {
    const next = new Set(visible);
    for (const rule of template.rules) {
      if (rule.then !== 'show' || !visible.has(rule.when)) continue;
      if (fires(rule, values[rule.when])) rule.items.forEach((id) => next.add(id));
    }
    if (next.size === visible.size) break;
    visible = next;
  }
  const required = new Set(
    template.items.filter((i) => i.required && visible.has(i.id)).map((i) => i.id),
  );
  for (const rule of template.rules) {
    if (rule.then !== 'require' || !visible.has(rule.when)) continue;
    if (!fires(rule, values[rule.when])) continue;
    rule.items.filter((id) => visible.has(id)).forEach((id) => required.add(id));
  }
  const order = template.items.map((i) => i.id);
  return {
    visible: order.filter((id) => visible.has(id)),
    required: order.filter((id) => required.has(id)),
  };
}

/** Required items (after the rules) that have no answer yet, in template order. */
export function missingRequired(template: ReportTemplate, values: SynopticValues): string[] {
  return evaluateSynoptic(template, values).required.filter((id) => !isAnswered(values[id]));
}

export const VALUE_PROBLEMS = [
  'unknown_item',
  'wrong_kind',
  'unknown_option',
  'below_min',
  'above_max',
  'too_many_decimals',
] as const;
export type ValueProblemCode = (typeof VALUE_PROBLEMS)[number];
export interface ValueProblem {
  itemId: string;
  code: ValueProblemCode;
}

/** Whether `n` has at most `decimals` decimal places (tolerating binary rounding: 0.1 + 0.2). */
export function hasAtMostDecimals(n: number, decimals: number): boolean {
  const scaled = n * 10 ** decimals;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

function itemProblem(item: SynopticItem, value: Value): ValueProblemCode | null {
  const optionIds = new Set((item.options ?? []).map((o) => o.id));
  switch (item.kind) {
    case 'choice':
      if (typeof value !== 'string') return 'wrong_kind';
      return optionIds.has(value) ? null : 'unknown_option';
    case 'multi':
      if (!Array.isArray(value)) return 'wrong_kind';
      return value.every((v) => optionIds.has(v)) ? null : 'unknown_option';
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'wrong_kind';
      if (item.min !== undefined && value < item.min) return 'below_min';
      if (item.max !== undefined && value > item.max) return 'above_max';
      if (!hasAtMostDecimals(value, item.decimals ?? 0)) return 'too_many_decimals';
      return null;
    case 'text':
      return typeof value === 'string' ? null : 'wrong_kind';
  }
}

/** Answers that do not fit their item. Unanswered items (null, '') are not problems here. */
export function validateSynopticValues(
  template: ReportTemplate,
  values: SynopticValues,
): ValueProblem[] {
  const items = new Map(template.items.map((i) => [i.id, i]));
  const problems: ValueProblem[] = [];
  for (const [itemId, value] of Object.entries(values)) {
    const item = items.get(itemId);
    if (!item) {
      if (isAnswered(value)) problems.push({ itemId, code: 'unknown_item' });
      continue;
    }
    if (!isAnswered(value)) continue;
    const code = itemProblem(item, value);
    if (code) problems.push({ itemId, code });
  }
  return problems;
}

/**
 * What is wrong with a template beyond its schema: duplicate ids, pick lists missing or
 * empty, bounds upside down, rules naming items or options that do not exist. Each problem
 * names the field (`items[3].options`, `rules[1].equals[0]`).
 */
export function templateProblems(template: ReportTemplate): string[] {
  const problems: string[] = [];
  const items = new Map<string, SynopticItem>();
  template.items.forEach((item, i) => {
    const at = `items[${i}] (${item.id})`;
    if (items.has(item.id)) problems.push(`${at}.id: duplicate item id`);
    items.set(item.id, item);
    const hasOptions = item.kind === 'choice' || item.kind === 'multi';
    if (hasOptions && (item.options?.length ?? 0) < 2)
      problems.push(`${at}.options: a ${item.kind} item needs at least two options`);
    if (!hasOptions && item.options)
      problems.push(`${at}.options: only choice and multi have options`);
    const ids = (item.options ?? []).map((o) => o.id);
    if (new Set(ids).size !== ids.length) problems.push(`${at}.options: duplicate option id`);
    if (
      item.kind !== 'number' &&
      (item.unit ?? item.min ?? item.max ?? item.decimals) !== undefined
    )
      problems.push(`${at}: unit, min, max and decimals are for number items only`);
    if (item.min !== undefined && item.max !== undefined && item.min > item.max)
      problems.push(`${at}.min: greater than max`);
  });
  template.rules.forEach((rule, r) => {
    const at = `rules[${r}]`;
    const when = items.get(rule.when);
    if (!when) problems.push(`${at}.when: no item "${rule.when}"`);
    else if (when.kind === 'choice' || when.kind === 'multi') {
      const options = new Set((when.options ?? []).map((o) => o.id));
      rule.equals.forEach((v, e) => {
        if (!options.has(v))
          problems.push(`${at}.equals[${e}]: "${rule.when}" has no option "${v}"`);
      });
    }
    rule.items.forEach((id, k) => {
      if (!items.has(id)) problems.push(`${at}.items[${k}]: no item "${id}"`);
      if (id === rule.when) problems.push(`${at}.items[${k}]: a rule cannot act on its own item`);
    });
  });
  return problems;
}
