/**
 * What the prefetcher is given, from workstation.db: the worklist's open cases in display
 * order, each with its slides as plain data (the worker opens them itself). Slides known
 * to be unreadable (missing, corrupt, unsupported) are left out.
 */
import type { CaseSummary } from '../../common/contract';
import type { StoredSlide } from '../cases/caseRepository';
import type { PrefetchCase, PrefetchSlide } from './types';

export interface CaseSource {
  list(): CaseSummary[];
  slides(caseId: string): StoredSlide[];
}

export function prefetchSlides(cases: Pick<CaseSource, 'slides'>, caseId: string): PrefetchSlide[] {
  return cases
    .slides(caseId)
    .filter((s) => !s.error)
    .map((s) => ({ slideId: s.id, identity: s.identity, locator: s.locator }));
}

/** Cases not signed out, in the repository's order; the Prefetcher picks by priority. */
export function prefetchWorklist(cases: CaseSource): PrefetchCase[] {
  return cases
    .list()
    .filter((c) => c.status !== 'signed_out')
    .map((c) => ({ caseId: c.id, priority: c.priority, slides: prefetchSlides(cases, c.id) }));
}

/**
 * The prefetcher works on archive slides: local files are on this machine already, and
 * copying them into cache.db would only spend the budget.
 */
export function archiveOnly(slides: PrefetchSlide[]): PrefetchSlide[] {
  return slides.filter((s) => s.locator.kind === 'dicomweb');
}
