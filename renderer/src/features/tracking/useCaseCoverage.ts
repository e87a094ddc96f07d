import { useEffect, useState } from 'react';
import type { TrackingApi } from './trackingApi';
import type { CaseCoverage } from '../../../../electron/common/tracking/model';
import { useAppStore } from '../../state/StoreContext';

/** One call for all the cards of a case shown at once. */
const inFlight = new Map<string, Promise<CaseCoverage>>();

function caseCoverage(api: TrackingApi, caseId: string): Promise<CaseCoverage> {
  const known = inFlight.get(caseId);
  if (known) return known;
  const asked = api.getCaseCoverage({ caseId }).finally(() => inFlight.delete(caseId));
  inFlight.set(caseId, asked);
  return asked;
}

/** The coverage of every slide of a case, asked again whenever the case is shown. */
export function useCaseCoverage(caseId: string | null): CaseCoverage | null {
  const api = useAppStore((s) => s.trackingApi);
  const [coverage, setCoverage] = useState<CaseCoverage | null>(null);
  useEffect(() => {
    if (caseId === null) return;
    let live = true;
    caseCoverage(api, caseId).then(
      (c) => {
        if (live) setCoverage(c);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, caseId]);
  return coverage?.caseId === caseId ? coverage : null;
}
