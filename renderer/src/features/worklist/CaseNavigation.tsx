import { useTranslation } from 'react-i18next';
import { CASE_NAVIGATION_KEYS, matchBinding, targetOwnsKey } from '../../keyboard/keymap';
import { useKeydown } from '../../keyboard/useKeydown';
import { useAppStore } from '../../state/StoreContext';
import { useCaseNeighbours } from './useWorklistOrder';

/**
 * Previous and next case of the worklist as filtered and sorted there, as buttons and
 * keys (Shift+P, Shift+N), on the case and viewer screens.
 */
export function CaseNavigation({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const showCase = useAppStore((s) => s.showCase);
  const { previous, next } = useCaseNeighbours(caseId);
  const go = (id: string | null) => {
    if (id !== null) void showCase(id);
  };

  useKeydown((e) => {
    if (targetOwnsKey(e.target, e.key)) return;
    const action = matchBinding(CASE_NAVIGATION_KEYS, e);
    if (action === null) return;
    e.preventDefault();
    go(action.delta > 0 ? next : previous);
  });

  return (
    <div className="case-nav" role="group" aria-label={t('worklistDay.navigationLabel')}>
      <button
        type="button"
        className="button"
        disabled={previous === null}
        onClick={() => go(previous)}
        title={t('worklistDay.previousCaseTitle')}
        aria-label={t('worklistDay.previousCase')}
        data-testid="previous-case"
      >
        <span aria-hidden="true">‹</span>
      </button>
      <button
        type="button"
        className="button"
        disabled={next === null}
        onClick={() => go(next)}
        title={t('worklistDay.nextCaseTitle')}
        aria-label={t('worklistDay.nextCase')}
        data-testid="next-case"
      >
        <span aria-hidden="true">›</span>
      </button>
    </div>
  );
}
