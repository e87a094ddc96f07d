/** The contract's worklist calls (common/worklist/calls.ts), over the WorklistService. */
import type { Handlers } from '../../common/contract';
import type { worklistCalls } from '../../common/worklist/calls';
import type { WorklistService } from './worklistService';

type WorklistHandlers = Pick<Handlers, keyof typeof worklistCalls>;

export function worklistHandlers(worklist: WorklistService): WorklistHandlers {
  return {
    assignCase: ({ caseId, userId }) => worklist.assign(caseId, userId),
    getAssignment: ({ caseId }) => worklist.assignment(caseId),
    getWorklistPrefs: () => worklist.prefs(),
    setWorklistPrefs: (prefs) => worklist.setPrefs(prefs),
  };
}
