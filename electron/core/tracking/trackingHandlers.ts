/** The contract's slide-tracking calls (common/tracking/calls.ts), over the TrackingService. */
import type { Handlers } from '../../common/contract';
import type { trackingCalls } from '../../common/tracking/calls';
import type { TrackingService } from './trackingService';

type TrackingHandlers = Pick<Handlers, keyof typeof trackingCalls>;

export function trackingHandlers(tracking: TrackingService): TrackingHandlers {
  return {
    recordSlideCoverage: ({ slideId, views }) => tracking.record(slideId, views),
    getSlideCoverage: ({ slideId }) => tracking.get(slideId),
    getCaseCoverage: ({ caseId }) => tracking.caseCoverage(caseId),
  };
}
