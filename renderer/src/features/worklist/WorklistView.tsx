import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { WORKLIST_KEYS, matchBinding, targetOwnsKey } from '../../keyboard/keymap';
import { useKeydown } from '../../keyboard/useKeydown';
import { useAppStore } from '../../state/StoreContext';
import { moveSelection } from '../../state/worklistLogic';
import { ErrorPanel } from '../shell/ErrorPanel';
import { WorklistFilterBar } from './WorklistFilterBar';
import { WorklistTable } from './WorklistTable';
import { useWorklistOrder } from './useWorklistOrder';
import './worklist.css';

/** Keys that still drive the list while typing in the filter. */
const FILTER_PASSTHROUGH = new Set([
  'ArrowUp',
  'ArrowDown',
  'PageUp',
  'PageDown',
  'Enter',
  'Escape',
]);

export function WorklistView() {
  const { t } = useTranslation();
  const cases = useAppStore((s) => s.cases);
  const status = useAppStore((s) => s.casesStatus);
  // First start: the demo library is being written; say how far instead of "Loading cases…".
  const demo = useAppStore((s) => s.status?.demoLibrary ?? null);
  const error = useAppStore((s) => s.casesError);
  const filter = useAppStore((s) => s.filter);
  const selectedCaseId = useAppStore((s) => s.selectedCaseId);
  const setFilter = useAppStore((s) => s.setFilter);
  const selectCase = useAppStore((s) => s.selectCase);
  const showCase = useAppStore((s) => s.showCase);
  const loadCases = useAppStore((s) => s.loadCases);
  const loadPrefs = useAppStore((s) => s.loadWorklistPrefs);
  const userId = useAppStore((s) => s.session?.user?.id ?? null);
  const filterRef = useRef<HTMLInputElement>(null);

  // Each user finds the filters they left.
  useEffect(() => {
    void loadPrefs();
  }, [loadPrefs, userId]);

  const { visible, counts } = useWorklistOrder();
  const ids = useMemo(() => visible.map((c) => c.id), [visible]);
  // The most urgent case is selected until the user picks another, so Enter opens it.
  const selected =
    selectedCaseId !== null && ids.includes(selectedCaseId) ? selectedCaseId : (ids[0] ?? null);

  const open = (caseId: string) => void showCase(caseId);

  useKeydown((e) => {
    const inFilter = e.target === filterRef.current;
    if (targetOwnsKey(e.target, e.key) && !(inFilter && FILTER_PASSTHROUGH.has(e.key))) return;
    const action = matchBinding(WORKLIST_KEYS, e);
    if (action === null) return;
    e.preventDefault();
    switch (action.type) {
      case 'move':
        selectCase(moveSelection(ids, selected, action.delta));
        break;
      case 'open':
        if (selected !== null) open(selected);
        break;
      case 'focusFilter':
        filterRef.current?.focus();
        filterRef.current?.select();
        break;
      case 'clearFilter':
        if (filter !== '') setFilter('');
        else filterRef.current?.blur();
        break;
    }
  });

  return (
    <section className="worklist" aria-labelledby="worklist-title">
      <div className="worklist-toolbar">
        <h1 id="worklist-title">{t('worklist.title')}</h1>
        <div className="filter-box">
          <span className="filter-icon" aria-hidden="true">
            ⌕
          </span>
          <input
            ref={filterRef}
            type="search"
            className="filter-input"
            aria-label={t('worklist.filterLabel')}
            placeholder={t('worklist.filterPlaceholder')}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            data-testid="worklist-filter"
          />
          <kbd className="filter-kbd" aria-hidden="true">
            /
          </kbd>
        </div>
        <span className="worklist-count" aria-live="polite" data-testid="worklist-count">
          {status === 'ready' &&
            t('worklist.count', { shown: visible.length, total: cases.length })}
        </span>
        <button
          type="button"
          className="button"
          onClick={() => void loadCases()}
          aria-label={t('worklist.reload')}
          title={t('worklist.reload')}
        >
          ⟳
        </button>
      </div>
      <WorklistFilterBar counts={counts} />
      {status === 'error' ? (
        <ErrorPanel
          title={t('worklist.loadFailed')}
          error={error}
          onRetry={() => void loadCases()}
        />
      ) : status === 'loading' && cases.length === 0 && demo !== null ? (
        <div className="placeholder demo-preparing" role="status" data-testid="demo-preparing">
          <p>{t('worklist.preparingDemo', { done: demo.done, total: demo.total })}</p>
          <progress max={Math.max(demo.total, 1)} value={demo.done} />
          <p className="muted">{t('worklist.preparingDemoHint')}</p>
        </div>
      ) : status === 'loading' && cases.length === 0 ? (
        <p className="placeholder" role="status">
          {t('worklist.loading')}
        </p>
      ) : (
        <div className="worklist-scroll">
          <WorklistTable
            cases={visible}
            selectedId={selected}
            onSelect={selectCase}
            onOpen={open}
          />
          {status === 'ready' && visible.length === 0 && (
            <p className="placeholder" role="status">
              {cases.length === 0
                ? t('worklist.empty')
                : filter.trim() === ''
                  ? t('worklistDay.noneWithFilters')
                  : t('worklist.noMatch', { filter })}
            </p>
          )}
        </div>
      )}
      <footer className="screen-hint" aria-hidden="true">
        {t('worklist.hint')}
      </footer>
    </section>
  );
}
