/**
 * The worklist as the filter bar describes it, shared by the worklist (its rows and
 * counts) and the case and viewer screens (next and previous case): the same sort, the
 * same filters, the same search.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../../../electron/common/contract';
import type { StatusCounts } from '../../../../electron/common/worklist/filter';
import {
  countByStatus,
  matchesWorklist,
  neighbours,
} from '../../../../electron/common/worklist/filter';
import { localeOf } from '../../i18n/language';
import { useAppStore } from '../../state/StoreContext';
import { sortCases } from '../../state/worklistLogic';

export interface WorklistOrder {
  /** Every case in the order on screen, filtered or not. */
  sorted: CaseSummary[];
  /** The rows shown. */
  visible: CaseSummary[];
  keep: (c: CaseSummary) => boolean;
  counts: StatusCounts;
}

export function useWorklistOrder(): WorklistOrder {
  const { t } = useTranslation();
  const cases = useAppStore((s) => s.cases);
  const sort = useAppStore((s) => s.sort);
  const filter = useAppStore((s) => s.filter);
  const language = useAppStore((s) => s.language);
  const prefs = useAppStore((s) => s.worklistPrefs);
  const userId = useAppStore((s) => s.session?.user?.id ?? null);
  return useMemo(() => {
    // The translated priority and status are searched too ("urgent", "en cours").
    const extra = (c: CaseSummary) => `${t(`priority.${c.priority}`)} ${t(`status.${c.status}`)}`;
    const ctx = { userId, now: new Date() };
    const sorted = sortCases(cases, sort, localeOf(language));
    const keep = (c: CaseSummary) => matchesWorklist(c, prefs, ctx, filter, extra);
    return {
      sorted,
      visible: sorted.filter(keep),
      keep,
      counts: countByStatus(cases, prefs, ctx, filter, extra),
    };
  }, [cases, sort, filter, language, prefs, userId, t]);
}

/** The previous and next case of the worklist around `caseId`. */
export function useCaseNeighbours(caseId: string): {
  previous: string | null;
  next: string | null;
} {
  const { sorted, keep } = useWorklistOrder();
  return useMemo(() => neighbours(sorted, caseId, keep), [sorted, keep, caseId]);
}
