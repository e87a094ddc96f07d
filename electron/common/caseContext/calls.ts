/** The contract's calls for the case in context: parts and blocks, prior cases, stain requests (issue 9). */
import { z } from 'zod';
import { call } from '../call';
import { SLIDE_ID_PATTERN } from '../pyramid';
import {
  CaseContextSchema,
  MAX_REQUEST_ITEMS,
  PriorCasesSchema,
  StainRequestItemSchema,
  StainRequestSchema,
} from './model';

const CaseId = z.string().regex(SLIDE_ID_PATTERN, 'must be 1-80 letters, digits, _ or -');

export const caseContextCalls = {
  /**
   * The case's clinical information, parts and blocks (each slide's block is on its
   * SlideSummary), and the stain requests made from it, newest first.
   */
  getCaseContext: call(
    z.object({ caseId: CaseId }).strict(),
    CaseContextSchema.extend({ requests: z.array(StainRequestSchema) }),
  ),
  /**
   * The patient's earlier cases (same patient identifier), from the local library and every
   * archive (QIDO-RS by PatientID), newest first. An archive that cannot be asked is named
   * in `unreachable`; a case without a patient identifier has no priors.
   */
  listPriorCases: call(z.object({ caseId: CaseId }).strict(), PriorCasesSchema),
  /**
   * Requests stains, recuts or levels on the case's blocks: recorded with the current user
   * and time, audited, written as a FHIR R4 ServiceRequest into the outbox for the
   * laboratory system (README: "Stain requests"), and the case becomes pending_ihc.
   * `locked` without a current user; `invalid_argument` for a block the case does not have;
   * `conflict` for a signed-out case.
   */
  requestStains: call(
    z
      .object({
        caseId: CaseId,
        items: z.array(StainRequestItemSchema).min(1).max(MAX_REQUEST_ITEMS),
        note: z.string().trim().max(2000),
      })
      .strict(),
    z.object({ request: StainRequestSchema }),
  ),
} as const;
