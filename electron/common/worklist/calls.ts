/** The contract's calls for the sign-out day's worklist: assignment, filters remembered per user, case moves (issue 9). */
import { z } from 'zod';
import { call } from '../call';
import { SLIDE_ID_PATTERN } from '../pyramid';
import { UserIdSchema } from '../users/model';
import { AssignedToSchema, AssignmentSyncSchema, WorklistPrefsSchema } from './model';

const CaseId = z.string().regex(SLIDE_ID_PATTERN, 'must be 1-80 letters, digits, _ or -');
const Empty = z.object({}).strict();

export const worklistCalls = {
  /**
   * Assigns a case to a profile (null: to nobody). Kept in workstation.db; sent to the
   * case's archive through the outbox only where that archive can store it (`sync`).
   */
  assignCase: call(
    z.object({ caseId: CaseId, userId: UserIdSchema.nullable() }).strict(),
    z.object({ assignedTo: AssignedToSchema.nullable(), sync: AssignmentSyncSchema }),
  ),
  /** Whether the case's assignment can reach its archive, and where the current one came from. */
  getAssignment: call(
    z.object({ caseId: CaseId }).strict(),
    z.object({ assignedTo: AssignedToSchema.nullable(), sync: AssignmentSyncSchema }),
  ),
  /** The current user's filters (the defaults until they choose); per user, in workstation.db. */
  getWorklistPrefs: call(Empty, WorklistPrefsSchema),
  setWorklistPrefs: call(WorklistPrefsSchema, WorklistPrefsSchema),
};
