/**
 * What stands in the way of signing (issue 8, "Checks before signing"). Pure: the service
 * gathers the facts, this decides.
 *
 * Blocking: no pathologist chosen, empty conclusion, a required synoptic item unanswered
 * after the rules, an answer that does not fit its item (or a template that is gone).
 * Warnings (can be overridden with a reason): slides of the case that nobody opened, and
 * slides opened whose tissue was seen at >= 10x below the threshold of Settings
 * (slide_low_coverage, from slide tracking: core/tracking). A slide never opened gets only
 * the first warning: its coverage is nil by definition.
 */
import type {
  Override,
  ReportContent,
  ReportTemplate,
  SignCheck,
} from '../../common/reports/model';
import { missingRequired, validateSynopticValues } from '../../common/reports/synoptic';

export interface SignFacts {
  content: ReportContent;
  /** The template the content names; null when it names none or the template is gone. */
  template: ReportTemplate | null;
  hasUser: boolean;
  slideIds: readonly string[];
  viewedSlideIds: ReadonlySet<string>;
  /** Slides opened but seen below the coverage threshold (absent: not checked). */
  lowCoverageSlideIds?: ReadonlySet<string>;
}

export function signChecks(facts: SignFacts): SignCheck[] {
  const checks: SignCheck[] = [];
  const blocking = (code: SignCheck['code'], subject: string | null) =>
    checks.push({ code, severity: 'blocking', subject });
  if (!facts.hasUser) blocking('no_user', null);
  if (facts.content.sections.conclusion.trim() === '') blocking('conclusion_empty', null);
  const { templateId, synoptic } = facts.content;
  if (templateId !== null && !facts.template) blocking('invalid_value', `template:${templateId}`);
  if (facts.template) {
    for (const id of missingRequired(facts.template, synoptic))
      blocking('required_item_missing', id);
    for (const p of validateSynopticValues(facts.template, synoptic))
      blocking('invalid_value', p.itemId);
  }
  for (const slideId of facts.slideIds) {
    if (!facts.viewedSlideIds.has(slideId))
      checks.push({ code: 'slide_never_opened', severity: 'warning', subject: slideId });
    else if (facts.lowCoverageSlideIds?.has(slideId))
      checks.push({ code: 'slide_low_coverage', severity: 'warning', subject: slideId });
  }
  return checks;
}

/** The override given for a warning, if any (same code and subject). */
export function overrideFor(
  check: SignCheck,
  overrides: readonly Override[],
): Override | undefined {
  return overrides.find((o) => o.code === check.code && o.subject === check.subject);
}
