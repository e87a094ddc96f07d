import { useCallback, useEffect, useState } from 'react';
import type {
  CaseContext,
  PriorCases,
  StainRequest,
} from '../../../../electron/common/caseContext/model';
import { useAppStore } from '../../state/StoreContext';
import { errorInfo } from '../../state/types';
import type { ErrorInfo } from '../../state/types';

export type LoadedContext = CaseContext & { requests: StainRequest[] };

/**
 * The case's context (clinical information, parts, blocks, requests) and the patient's
 * earlier cases. Priors load on their own: an archive that answers slowly never holds back
 * the gallery.
 */
export function useCaseContext(caseId: string) {
  const api = useAppStore((s) => s.caseContextApi);
  const [context, setContext] = useState<LoadedContext | null>(null);
  const [contextError, setContextError] = useState<ErrorInfo | null>(null);
  const [priors, setPriors] = useState<PriorCases | null>(null);
  const [priorsError, setPriorsError] = useState<ErrorInfo | null>(null);

  const reload = useCallback(() => {
    let live = true;
    api.getCaseContext({ caseId }).then(
      (c) => live && (setContext(c), setContextError(null)),
      (e: unknown) => live && setContextError(errorInfo(e)),
    );
    return () => {
      live = false;
    };
  }, [api, caseId]);

  useEffect(() => {
    setContext(null);
    return reload();
  }, [reload]);

  useEffect(() => {
    let live = true;
    setPriors(null);
    setPriorsError(null);
    api.listPriorCases({ caseId }).then(
      (p) => live && setPriors(p),
      (e: unknown) => live && setPriorsError(errorInfo(e)),
    );
    return () => {
      live = false;
    };
  }, [api, caseId]);

  return { context, contextError, priors, priorsError, reload };
}
