/**
 * `case.json`: optional sidecar in a case folder of a local library, giving the case what
 * a file name cannot (patient, specimen, priority). The embedded demo library is a local
 * library whose every case folder has one. See README, "Local library".
 */
import { z } from 'zod';
import { CaseStatusSchema, PatientSchema, PrioritySchema } from '../../common/contract';

export const CASE_MANIFEST_FILE = 'case.json';

export const CaseManifestSchema = z.object({
  accession: z.string().min(1).max(64),
  patient: PatientSchema.optional(),
  specimen: z.string().max(2000).optional(),
  priority: PrioritySchema.optional(),
  status: CaseStatusSchema.optional(),
  /** ISO 8601 date-time. */
  receivedAt: z.string().optional(),
  /** Per-file slide details; files not listed still appear, with a label from the name. */
  slides: z
    .array(
      z.object({
        file: z.string().min(1),
        label: z.string().max(64).optional(),
        stain: z.string().max(64).optional(),
      }),
    )
    .optional(),
});
export type CaseManifest = z.infer<typeof CaseManifestSchema>;
