/**
 * The sign-out day's worklist (issue 9): who a case is assigned to, and the filters each
 * user keeps. Pure zod schemas and the types inferred from them.
 *
 * The status and priority names are repeated here instead of imported from contract.ts,
 * which imports this folder's calls (a cycle would leave them undefined at load time);
 * `SameAs` below fails to compile if the two lists ever differ.
 */
import { z } from 'zod';
import type { CaseStatus, Priority } from '../contract';
import { USER_ID_PATTERN } from '../users/model';

type StatusName = 'new' | 'in_progress' | 'pending_ihc' | 'signed_out';
const PRIORITY_NAMES = ['frozen', 'urgent', 'routine'] as const;
type SameAs<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const statusesMatch: SameAs<StatusName, CaseStatus> = true;
const prioritiesMatch: SameAs<(typeof PRIORITY_NAMES)[number], Priority> = true;
void statusesMatch;
void prioritiesMatch;

/** The statuses of cases still to be read; signed cases have a view of their own. */
export const OPEN_STATUSES = ['new', 'in_progress', 'pending_ihc'] as const;
export type OpenStatus = (typeof OPEN_STATUSES)[number];

export const WorklistViewSchema = z.enum(['open', 'signedToday']);
export type WorklistView = z.infer<typeof WorklistViewSchema>;

export const RECEIVED_FILTERS = ['all', 'today', 'week'] as const;
export const ReceivedFilterSchema = z.enum(RECEIVED_FILTERS);
export type ReceivedFilter = z.infer<typeof ReceivedFilterSchema>;

export const ASSIGNMENT_FILTERS = ['mine', 'unassigned', 'all'] as const;
export const AssignmentFilterSchema = z.enum(ASSIGNMENT_FILTERS);
export type AssignmentFilter = z.infer<typeof AssignmentFilterSchema>;

/**
 * What a user last chose in the filter bar. An empty list of statuses or priorities means
 * every one of them. `received` is ignored in the "signed today" view (its own date).
 */
export const WorklistPrefsSchema = z
  .object({
    view: WorklistViewSchema,
    statuses: z.array(z.enum(OPEN_STATUSES)).max(OPEN_STATUSES.length),
    priorities: z.array(z.enum(PRIORITY_NAMES)).max(PRIORITY_NAMES.length),
    received: ReceivedFilterSchema,
    assignment: AssignmentFilterSchema,
  })
  .strict();
export type WorklistPrefs = z.infer<typeof WorklistPrefsSchema>;

/** Every case not yet signed, whoever it is assigned to. */
export const DEFAULT_WORKLIST_PREFS: WorklistPrefs = {
  view: 'open',
  statuses: [],
  priorities: [],
  received: 'all',
  assignment: 'all',
};

/**
 * Who reads the case. `userId` is the local profile when one is known (assigned here, or
 * the archive's reading physician matched to a profile by name); null when the archive
 * names a pathologist who has no profile on this workstation.
 */
export const AssignedToSchema = z.object({
  userId: z.string().regex(USER_ID_PATTERN).nullable(),
  name: z.string().max(200),
});
export type AssignedTo = z.infer<typeof AssignedToSchema>;

/**
 * Where the case's assignment lives: `local` for a case of this computer's library (kept
 * in workstation.db, nothing to send); `archive` when it is the archive study's reading
 * physician; `local_only` when it was chosen here for an archive case and stays here,
 * because a DICOMweb archive cannot change a study's attributes (nothing is queued).
 */
export const AssignmentSyncSchema = z.enum(['local', 'archive', 'local_only']);
export type AssignmentSync = z.infer<typeof AssignmentSyncSchema>;
