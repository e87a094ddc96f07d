/** The contract's case-in-context calls, answered by the service. */
import type { Handlers } from '../../common/contract';
import type { CaseContextService } from './caseContextService';

type CaseContextMethods = 'getCaseContext' | 'listPriorCases' | 'requestStains';

export function caseContextHandlers(
  service: CaseContextService,
): Pick<Handlers, CaseContextMethods> {
  return {
    getCaseContext: ({ caseId }) => service.context(caseId),
    listPriorCases: ({ caseId }) => service.priors(caseId),
    requestStains: async (args) => ({ request: await service.requestStains(args) }),
  };
}
